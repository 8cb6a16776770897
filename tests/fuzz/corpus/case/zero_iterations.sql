-- expect-error: zero_iterations.sql:3: invalid iterations "0": expected a whole number, 1 or more
-- name: none
-- iterations: 0
SELECT 1;
