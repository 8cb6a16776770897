-- expect-error: zero_iterations.sql:3: invalid iterations "0": expected a whole number from 1 to 100000000
-- name: none
-- iterations: 0
SELECT 1;
