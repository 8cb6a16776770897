-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SELECT id, tokens FROM app.conversations WHERE tokens > 0 ORDER BY id LIMIT 5;
