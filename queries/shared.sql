-- Joins across the app and shared schemas.

-- name: session_with_design_job
-- description: one session with its design job from the shared schema
-- params: random(1, 5000)
-- threshold: p95 < 5ms, p99 < 10ms
-- expect: index scan on app.sessions using sessions_pkey
-- expect: index scan on shared.design_jobs using design_jobs_pkey
-- tags: shared
SELECT s.id, s.title, j.kind, j.status, j.finished_at
  FROM app.sessions AS s
  JOIN shared.design_jobs AS j ON j.id = s.design_job_id
 WHERE s.id = $1 * 4;

-- name: design_jobs_for_session_batch
-- description: design jobs for a batch of 50 consecutive sessions
-- params: random(1, 19950)
-- threshold: p95 < 10ms, p99 < 20ms
-- expect: index scan on app.sessions using sessions_pkey
-- expect: index scan on shared.design_jobs using design_jobs_pkey
-- tags: shared
SELECT s.id AS session_id, j.id AS design_job_id, j.kind, j.status
  FROM app.sessions AS s
  JOIN shared.design_jobs AS j ON j.id = s.design_job_id
 WHERE s.id >= $1::bigint
   AND s.id < $1::bigint + 50
 ORDER BY s.id;
