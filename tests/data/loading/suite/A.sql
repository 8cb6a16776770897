-- name: upper_a
SELECT 0;
