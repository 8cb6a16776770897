-- expect-error: bad_expect_relation.sql:3: invalid expect "index scan on a.b.c": "a.b.c" is not a relation name
-- name: e
-- expect: index scan on a.b.c
SELECT 1;
