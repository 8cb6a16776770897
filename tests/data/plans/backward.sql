-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SELECT id FROM app.sessions ORDER BY id DESC LIMIT 3;
