-- name: GetAuthor :one
-- threshold: p95 < 20ms
-- expect: index scan on public.authors
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

-- name: UpdateAuthorBio :exec
UPDATE authors
SET bio = sqlc.narg(bio)
WHERE author_id = sqlc.arg(author_id);

-- name: BooksByAuthor :many
-- expect: index scan on public.books using books_author_idx
SELECT * FROM books
WHERE author_id = @author_id
ORDER BY year DESC;

-- name: BooksByAuthors :many
SELECT * FROM books
WHERE author_id = ANY(@author_ids::bigint[]);

-- name: CreateBook :one
INSERT INTO books (
    author_id, isbn, book_type, title, year, tags
) VALUES (
    $1, $2, $3, $4, $5, $6
)
RETURNING *;

-- name: DeleteBook :exec
DELETE FROM books
WHERE book_id = @book_id;
