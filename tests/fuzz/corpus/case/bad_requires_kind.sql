-- expect-error: bad_requires_kind.sql:3: invalid requires "extension my ext"
-- name: r
-- requires: extension my ext
SELECT 1;
