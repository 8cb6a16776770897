-- expect-error: bad_warn_margin.sql:3: invalid warn_margin "-0.1": expected a fraction such as 0.2
-- name: w
-- warn_margin: -0.1
SELECT 1;
