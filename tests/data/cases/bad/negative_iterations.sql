-- expect-error: negative_iterations.sql:3: invalid iterations "-5": expected a whole number from 1 to 100000000
-- name: negative
-- iterations: -5
SELECT 1;
