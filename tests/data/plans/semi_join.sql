-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SELECT id FROM app.sessions s WHERE EXISTS (SELECT 1 FROM app.conversations c WHERE c.session_id = s.id AND c.tokens > 300) AND s.id < 100;
