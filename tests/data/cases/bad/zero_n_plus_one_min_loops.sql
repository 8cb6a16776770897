-- expect-error: zero_n_plus_one_min_loops.sql:3: invalid n_plus_one_min_loops "0": expected a number from 1 to 1000000000000000
-- name: n
-- n_plus_one_min_loops: 0
SELECT 1;
