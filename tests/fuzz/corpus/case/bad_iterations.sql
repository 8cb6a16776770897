-- expect-error: bad_iterations.sql:3: invalid iterations "ten": expected a whole number
-- name: words
-- iterations: ten
SELECT 1;
