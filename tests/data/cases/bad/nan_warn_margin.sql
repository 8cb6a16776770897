-- expect-error: nan_warn_margin.sql:3: invalid warn_margin "nan": expected a fraction such as 0.2 (20% above a limit still warns), from 0 to 100
-- name: w
-- warn_margin: nan
SELECT 1;
