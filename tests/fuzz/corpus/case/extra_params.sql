-- expect-error: extra_params.sql:2: case extra has 3 params: values but its SQL uses only $1 to $2
-- name: extra
-- params: 1, 2
-- params: 3
SELECT $1::int + $2::int;
