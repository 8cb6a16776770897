-- expect-error: same_line_statements.sql:4: case two holds 2 statements
-- name: two
-- iterations: 3
SELECT 1; SELECT 2;
