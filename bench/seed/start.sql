-- A trivial case: bench/seed-pgbench.sh only needs a kept throwaway server.

-- name: ready
SELECT 1;
