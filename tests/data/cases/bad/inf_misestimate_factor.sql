-- expect-error: inf_misestimate_factor.sql:3: invalid misestimate_factor "inf": expected a number from 2 to 1000000000000000
-- name: m
-- misestimate_factor: inf
SELECT 1;
