-- expect-error: unterminated_string.sql:3: invalid params: unterminated string
-- name: s
-- params: 'open
SELECT $1;
