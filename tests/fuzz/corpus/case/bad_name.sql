-- expect-error: bad_name.sql:2: invalid case name "has space"
-- name: has space
SELECT 1;
