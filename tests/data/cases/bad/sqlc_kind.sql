-- expect-error: sqlc_kind.sql:2: unknown sqlc query kind ":onee": expected one of :one, :many
-- name: GetAuthor :onee
SELECT 1;
