-- expect-error: overflow_regression_tolerance.sql:3: invalid regression_tolerance "1e999": expected a fraction such as 0.1 (10% slower fails), from 0 to 100
-- name: r
-- regression_tolerance: 1e999
SELECT 1;
