-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SET work_mem = '64kB';
SELECT id, content FROM app.conversations WHERE session_id < 3000 ORDER BY content;
