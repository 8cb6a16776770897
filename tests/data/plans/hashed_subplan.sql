-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SELECT id FROM app.sessions WHERE id NOT IN (SELECT session_id FROM app.documents WHERE status = 'draft') AND id < 200;
