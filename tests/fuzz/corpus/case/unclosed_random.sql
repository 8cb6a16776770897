-- expect-error: unclosed_random.sql:3: invalid params: random(LO, HI): expected ')' before the end
-- name: r
-- params: random(1, 10
SELECT $1;
