-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SELECT status, count(*) FROM app.documents GROUP BY status;
