-- name: a_x
SELECT 11;
