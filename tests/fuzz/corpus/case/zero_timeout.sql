-- expect-error: zero_timeout.sql:3: invalid timeout "0s": expected from 1ms to 2147483647ms (about 24.8 days, PostgreSQL's largest statement_timeout)
-- name: t
-- timeout: 0s
SELECT 1;
