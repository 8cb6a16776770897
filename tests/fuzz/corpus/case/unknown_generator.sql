-- expect-error: unknown_generator.sql:3: invalid params: unknown value "randm"
-- name: g
-- params: randm(1, 5)
SELECT $1;
