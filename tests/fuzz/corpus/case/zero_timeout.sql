-- expect-error: zero_timeout.sql:3: invalid timeout "0s": expected at least 1ms
-- name: t
-- timeout: 0s
SELECT 1;
