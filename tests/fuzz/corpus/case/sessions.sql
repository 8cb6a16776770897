-- The application's session screens.

-- name: session_by_id
-- description: open one session by primary key
-- params: random(1, 20000)
-- threshold: p95 < 5ms, p99 < 10ms, buffers < 20
-- expect: index scan on app.sessions using sessions_pkey
-- forbid: seq scan
-- tags: sessions, smoke
SELECT id, user_id, status, title, design_job_id, created_at, updated_at
  FROM app.sessions
 WHERE id = $1;

-- name: recent_sessions_by_status
-- description: the dashboard's list: newest 20 sessions in one status
-- params: choice('active', 'idle')
-- threshold: p95 < 5ms, p99 < 10ms
-- expect: index scan on app.sessions using sessions_status_updated_idx
-- tags: sessions
SELECT id, user_id, title, updated_at
  FROM app.sessions
 WHERE status = $1
 ORDER BY updated_at DESC
 LIMIT 20;

-- name: user_session_history
-- description: a user's session history, one page of 20 before a point in time
-- params: random(1, 2000), '2026-04-01T00:00:00Z'
-- threshold: p95 < 5ms, p99 < 10ms
-- expect: index scan on app.sessions using sessions_user_created_idx
-- tags: sessions
SELECT id, status, title, created_at
  FROM app.sessions
 WHERE user_id = $1
   AND created_at < $2
 ORDER BY created_at DESC
 LIMIT 20;

-- name: close_session
-- description: closing a session; pgperf undoes the write after every iteration
-- params: random(1, 20000), '2026-07-01T12:00:00Z'
-- threshold: p95 < 10ms, p99 < 20ms
-- tags: sessions, writes
UPDATE app.sessions
   SET status = 'closed', updated_at = $2
 WHERE id = $1;

-- name: sessions_in_status
-- description: how many sessions are in a status, answered from the index alone
-- params: choice('active', 'idle', 'closed')
-- threshold: p95 < 20ms, p99 < 40ms
-- expect: index only scan on app.sessions using sessions_status_updated_idx
-- tags: sessions, reports
SELECT count(*) FROM app.sessions WHERE status = $1;
