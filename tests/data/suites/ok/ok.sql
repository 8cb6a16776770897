-- Cases that need no schema.

-- name: select_one
-- tags: smoke
-- threshold: p99 < 1s
SELECT 1;

-- name: generate_rows
-- iterations: 10
-- params: random(10, 100)
SELECT count(*) FROM generate_series(1, $1::int);
