-- What a session holds: research records, conversation turns, documents, logs.

-- name: research_for_session
-- description: all research records of one session, by foreign key
-- params: random(1, 20000)
-- threshold: p95 < 5ms, p99 < 10ms
-- expect: index scan on app.research_records using research_records_session_idx
-- tags: research
SELECT id, source_url, relevance, created_at
  FROM app.research_records
 WHERE session_id = $1
 ORDER BY created_at;

-- name: conversation_page
-- description: keyset pagination: the 5 turns after a cursor in a long conversation (busiest 1,000 sessions)
-- params: random(1, 1000), '2026-03-01T00:00:00Z', 0
-- threshold: p95 < 5ms, p99 < 10ms
-- expect: index only scan on app.conversations using conversations_session_created_idx
-- forbid_plan: /\bSort\b/
-- tags: research
SELECT id, role, tokens, created_at
  FROM app.conversations
 WHERE session_id = $1
   AND (created_at, id) > ($2::timestamptz, $3::bigint)
 ORDER BY created_at, id
 LIMIT 5;

-- name: documents_per_status
-- description: the admin report: documents per status over the whole table
-- threshold: p95 < 100ms, p99 < 200ms
-- allow: seq scan
-- set: jit = off
-- tags: reports
SELECT status, count(*) AS documents
  FROM app.documents
 GROUP BY status
 ORDER BY status;

-- name: errors_per_level_week
-- description: error counts per level over one week of logs
-- params: '2026-03-01T00:00:00Z', '2026-03-08T00:00:00Z'
-- threshold: p95 < 20ms, p99 < 40ms
-- expect: index scan on app.error_logs using error_logs_logged_at_idx
-- tags: reports
SELECT level, count(*) AS events
  FROM app.error_logs
 WHERE logged_at >= $1
   AND logged_at < $2
 GROUP BY level
 ORDER BY level;
