-- expect-error: negative_warmup.sql:3: invalid warmup "-1": expected a whole number from 0 to 100000000
-- name: negative
-- warmup: -1
SELECT 1;
