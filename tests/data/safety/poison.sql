-- Cases that fail at each step of starting, then one that must pass: no failure may leave the
-- connection inside a failed transaction (SQLSTATE 25P02 for every later case).
-- name: bad_setting
-- set: work_mem = 'lots'
SELECT 1;

-- name: missing_column
SELECT no_such_column FROM safe.many;

-- name: write_fails_midway
-- description: the first iteration writes, then fails; the write is rolled back with the rest
-- iterations: 3
-- warmup: 0
WITH ins AS (INSERT INTO safe.tickets (note) VALUES ('half') RETURNING id)
SELECT id / 0 FROM ins;

-- name: times_out
-- timeout: 10ms
SELECT pg_sleep(1);

-- name: passes_after_all
SELECT 42;
