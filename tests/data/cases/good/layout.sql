-- Comments and blank lines before the first case are fine.
-- set: prose shaped like a header line is a comment here too

-- name: trailing_comment
-- iterations: 3
SELECT 1; -- dropped along with the semicolon

-- name: wrapped_description
-- description: a description wrapped
-- onto a second comment line
-- threshold: p95 < 1ms

SELECT 2;

-- name: body_comment
-- description: a key-shaped comment inside the SQL stays SQL
SELECT 3
-- note: not a header line
  + 4;
-- name: last_without_newline
SELECT 5
