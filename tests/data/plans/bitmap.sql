-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SELECT id, status FROM app.sessions WHERE user_id = 7 AND created_at < '2026-04-01' ORDER BY created_at DESC LIMIT 20;
