-- A timeout beyond PostgreSQL's statement_timeout: refused before anything connects.
-- name: forever
-- timeout: 3000000s
SELECT 1;
