
-- name: twin
SELECT 2;
