-- expect-error: unterminated_sql_string.sql:4:20: unterminated quoted string
-- name: quote
SELECT *
  FROM t WHERE a = 'open;
