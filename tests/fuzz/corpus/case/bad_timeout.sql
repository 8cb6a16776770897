-- expect-error: bad_timeout.sql:3: invalid timeout "soon"
-- name: t
-- timeout: soon
SELECT 1;
