-- name: c_case
SELECT 3;
