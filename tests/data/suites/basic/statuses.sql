-- One case for each status pgperf reports.

-- name: pass_lookup
-- description: primary-key lookup, far below its limit
-- params: random(1, 1000)
-- threshold: p99 < 1s
SELECT id, name FROM app.items WHERE id = $1;

-- name: warn_sleep
-- description: 10 ms of sleep against a 10 ms limit: inside the 50% warn margin
-- iterations: 5
-- warmup: 0
-- threshold: p50 < 10ms
SELECT pg_sleep(0.010);

-- name: fail_sleep
-- iterations: 3
-- warmup: 0
-- threshold: p50 < 1ms
SELECT pg_sleep(0.005);

-- name: skip_missing
-- requires: app.missing
SELECT * FROM app.items;

-- name: error_division
-- params: 0
SELECT 1 / $1::int;

-- name: error_timeout
-- timeout: 100ms
-- iterations: 1
-- warmup: 0
SELECT pg_sleep(5);
