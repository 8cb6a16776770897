-- name: GetAuthor :one
-- threshold: p95 < 50ms
SELECT * FROM authors
WHERE author_id = $1 LIMIT 1;

-- name: ListAuthors :many
SELECT * FROM authors
ORDER BY name
LIMIT $1 OFFSET $2;

-- name: CreateAuthor :one
INSERT INTO authors (
  name, bio
) VALUES (
  $1, $2
)
RETURNING *;

-- name: UpdateAuthor :exec
UPDATE authors
  set name = $2,
  bio = $3
WHERE author_id = $1;

-- name: DeleteAuthor :exec
DELETE FROM authors
WHERE author_id = $1;
