-- name: b_case
SELECT 2;
