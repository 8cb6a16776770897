-- expect-error: syntax_error.sql:5:3: syntax error at or near "FROM" (case broken)
-- name: broken
SELECT id,
  name,
  FROM app.items
 WHERE id = 1;
