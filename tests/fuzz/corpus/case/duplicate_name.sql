-- expect-error: duplicate_name.sql:5: duplicate case name "same": also at
-- name: same
SELECT 1;

-- name: same
SELECT 2;
