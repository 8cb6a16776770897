-- name: same
SELECT 1;
