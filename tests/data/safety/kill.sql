-- Each iteration inserts a row (drawing from safe.killed_id_seq), then waits for advisory lock
-- 4343, so a test holding it can kill pgperf while the row is written and not yet rolled back.
-- name: insert_then_wait
-- iterations: 1000
-- warmup: 0
WITH ins AS (INSERT INTO safe.killed (note) VALUES ('pgperf') RETURNING id)
SELECT pg_advisory_xact_lock_shared(4343) FROM ins;
