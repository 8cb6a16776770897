-- expect-error: empty_name.sql:2: invalid case name ""
-- name:
SELECT 1;
