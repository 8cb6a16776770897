-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SELECT id FROM app.correlated WHERE a = 1 AND b = 1;
