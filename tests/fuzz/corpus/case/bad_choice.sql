-- expect-error: bad_choice.sql:3: invalid params: choice() needs at least one value
-- name: c
-- params: choice()
SELECT $1;
