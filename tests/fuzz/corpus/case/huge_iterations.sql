-- expect-error: huge_iterations.sql:3: invalid iterations "1000000000": expected a whole number from 1 to 100000000
-- name: many
-- iterations: 1000000000
SELECT 1;
