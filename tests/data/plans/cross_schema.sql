-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SELECT s.id, j.kind FROM app.sessions AS s JOIN shared.design_jobs AS j ON j.id = s.design_job_id WHERE s.id = 400;
