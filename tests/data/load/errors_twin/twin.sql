-- name: steady
-- description: the same statement, never dividing by zero
SELECT 1 / (CASE WHEN random() < 0 THEN 0 ELSE 1 END);
