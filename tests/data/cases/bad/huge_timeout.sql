-- expect-error: huge_timeout.sql:3: invalid timeout "3000000s": expected from 1ms to 2147483647ms (about 24.8 days, PostgreSQL's largest statement_timeout)
-- name: t
-- timeout: 3000000s
SELECT 1;
