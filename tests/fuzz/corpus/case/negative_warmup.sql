-- expect-error: negative_warmup.sql:3: invalid warmup "-1": expected a whole number, 0 or more
-- name: negative
-- warmup: -1
SELECT 1;
