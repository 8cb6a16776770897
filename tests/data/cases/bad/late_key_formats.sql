-- expect-error: late_key_formats.sql:5: "-- threshold:" comes after the header of case get-author ended at line 4
-- name: get-author^
-- Get one author.

-- threshold: p95 < 5ms
select 1 where 1 = :id;
