-- expect-error: unused_params.sql:2: case extra has params: but its SQL uses no $1
-- name: extra
-- params: 1
SELECT 1;
