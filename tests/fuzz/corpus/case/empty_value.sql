-- expect-error: empty_value.sql:3: iterations: needs a value
-- name: e
-- iterations:
SELECT 1;
