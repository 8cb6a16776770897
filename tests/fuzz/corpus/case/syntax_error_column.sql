-- expect-error: syntax_error_column.sql:8:11: syntax error at or near "," (case second)
-- name: first
SELECT 1;

-- name: second

-- leading comments and blank lines are dropped, file lines still count
SELECT id,, name FROM app.items;
