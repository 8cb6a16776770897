-- expect-error: syntax_error_utf8.sql:4:15: syntax error at or near "FROM" (case accents)
-- name: accents
SELECT 'é' AS e,
       'ééé', FROM t;
