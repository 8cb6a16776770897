-- expect-error: bad_set.sql:3: invalid set "work_mem 64MB": expected name = value
-- name: s
-- set: work_mem 64MB
SELECT 1;
