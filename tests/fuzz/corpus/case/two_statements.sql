-- expect-error: two_statements.sql:5: case two holds 2 statements
-- name: two
SELECT 1;

SELECT 2;
