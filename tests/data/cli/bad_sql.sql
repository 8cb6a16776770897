-- name: syntax
-- iterations: 10
SELECT id,
  FROM app.items;
