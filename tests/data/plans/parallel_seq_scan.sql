-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT count(*) FROM app.conversations WHERE tokens > 100;
