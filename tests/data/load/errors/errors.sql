-- name: flaky
-- description: divides by zero on about 5 % of executions (SQLSTATE 22012)
SELECT 1 / (CASE WHEN random() < 0.05 THEN 0 ELSE 1 END);
