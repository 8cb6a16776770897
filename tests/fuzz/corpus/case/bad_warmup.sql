-- expect-error: bad_warmup.sql:3: invalid warmup "5x": expected a whole number
-- name: w
-- warmup: 5x
SELECT 1;
