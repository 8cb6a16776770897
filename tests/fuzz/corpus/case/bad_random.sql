-- expect-error: bad_random.sql:3: invalid params: random(10, 1) needs LO <= HI
-- name: r
-- params: random(10, 1)
SELECT $1;
