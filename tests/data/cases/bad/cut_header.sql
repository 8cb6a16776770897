-- expect-error: cut_header.sql:5: "-- threshold:" comes after the header of case cut_header ended at line 4, where it is not read
-- name: cut_header
-- warmup: 1

-- threshold: p95 < 1ms
SELECT 2;
