-- expect-error: extra_param_one.sql:2: case by_user has 2 params: values but its SQL uses only $1
-- name: by_user
-- params: 7, 'open'
SELECT * FROM app.sessions WHERE user_id = $1;
