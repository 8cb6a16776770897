-- expect-error: huge_seq_scan_min_rows.sql:3: invalid seq_scan_min_rows "1e300": expected a number from 0 to 1000000000000000
-- name: s
-- seq_scan_min_rows: 1e300
SELECT 1;
