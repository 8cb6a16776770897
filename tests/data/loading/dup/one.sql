-- name: twin
SELECT 1;
