-- expect-error: negative_iterations.sql:3: invalid iterations "-5": expected a whole number, 1 or more
-- name: negative
-- iterations: -5
SELECT 1;
