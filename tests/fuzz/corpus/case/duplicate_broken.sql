-- expect-error: duplicate_broken.sql:6: duplicate case name "again": also at
-- The first case is broken, yet its name still counts.
-- name: again
SELEC 1;

-- name: again
SELECT 2;
