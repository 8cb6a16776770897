-- expect-error: bad_forbid.sql:3: invalid forbid "full scan"
-- name: f
-- forbid: full scan
SELECT 1;
