-- name: schema_ready
-- requires: safe.ios
SELECT count(*) FROM safe.ios;
