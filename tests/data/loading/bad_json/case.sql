-- name: j
SELECT 1;
