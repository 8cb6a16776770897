-- expect-error: bad_expect.sql:3: invalid expect "index on app.items"
-- name: e
-- expect: index on app.items
SELECT 1;
