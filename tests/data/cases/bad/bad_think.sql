-- expect-error: bad_think.sql:3: invalid think "fast": expected a duration
-- name: a
-- think: fast
SELECT 1;
