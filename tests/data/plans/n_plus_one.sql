-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SELECT s.id, (SELECT count(*) FROM app.research_records r WHERE r.session_id = s.id) AS records FROM app.sessions s WHERE s.id <= 50;
