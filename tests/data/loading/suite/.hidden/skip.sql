-- Hidden folders are skipped: this name would clash.
-- name: a_case
SELECT 1;
