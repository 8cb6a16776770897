-- name: raises_in_function
-- description: the error comes from inside a PL/pgSQL function: the server's CONTEXT says where
SELECT safe.explode(3);

-- name: calls_function_fine
-- description: the same function with an argument it accepts
SELECT safe.explode(0);
