-- expect-error: too_few_params.sql:2: case few uses $2 but params: gives 1 value
-- name: few
-- params: 1
SELECT $1::int + $2::int;
