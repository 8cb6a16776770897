-- expect-error: no_sql.sql:2: case empty has no SQL
-- name: empty
-- iterations: 5
-- just a comment

-- name: other
SELECT 1;
