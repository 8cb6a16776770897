-- Each iteration draws from safe.tickets_id_seq, then waits for advisory lock 4242 (shared), so
-- a test holding it can let another session draw from the sequence while the case runs.
-- name: draw_and_wait
-- iterations: 3
-- warmup: 0
WITH ins AS (INSERT INTO safe.tickets (note) VALUES ('pgperf') RETURNING id)
SELECT pg_advisory_xact_lock_shared(4242) FROM ins;
