-- expect-error: bad_allow.sql:3: invalid allow "everything"
-- name: a
-- allow: everything
SELECT 1;
