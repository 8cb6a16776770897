-- expect-error: unslashed_pattern.sql:3: invalid forbid_plan "Seq Scan": expected a PCRE pattern between slashes
-- name: p
-- forbid_plan: Seq Scan
SELECT 1;
