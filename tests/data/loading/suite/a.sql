-- name: a_case
SELECT 1;
