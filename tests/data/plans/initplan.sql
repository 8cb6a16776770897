-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SELECT id, title FROM app.sessions WHERE id = (SELECT max(session_id) FROM app.documents);
