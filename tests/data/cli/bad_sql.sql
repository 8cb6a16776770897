-- name: syntax
-- iterations: 10
SELECT id
  FORM app.items;
