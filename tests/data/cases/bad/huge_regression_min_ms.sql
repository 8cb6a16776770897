-- expect-error: huge_regression_min_ms.sql:3: invalid regression_min_ms "1e9": expected a number from 0 to 3600000
-- name: r
-- regression_min_ms: 1e9
SELECT 1;
