-- expect-error: bad_requires.sql:3: invalid requires "a.b.c"
-- name: r
-- requires: a.b.c
SELECT 1;
