-- expect-error: bad_plan_pattern.sql:3: invalid expect_plan pattern at offset
-- name: p
-- expect_plan: /Index Scan (/
SELECT 1;
