-- expect-error: bad_requires_name.sql:3: invalid requires "1app.items"
-- name: r
-- requires: app, 1app.items
SELECT 1;
