-- expect-error: bad_weight.sql:3: invalid weight "0": expected a positive number
-- name: a
-- weight: 0
SELECT 1;
