-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SET enable_material = off;
SELECT count(*) FROM app.sessions s JOIN shared.design_jobs j ON j.id = s.design_job_id WHERE s.id <= 40;
