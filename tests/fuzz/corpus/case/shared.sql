-- Joins across the app and shared schemas.

-- name: session_with_design_job
-- description: the session screen: one session with its design job from the shared schema, if it has one
-- params: random(1, 20000)
-- threshold: p95 < 5ms, p99 < 10ms
-- expect: index scan on app.sessions using sessions_pkey
-- expect: index scan on shared.design_jobs using design_jobs_pkey
-- expect_plan: /Nested Loop/
-- tags: shared
SELECT s.id, s.title, j.kind, j.status, j.finished_at
  FROM app.sessions AS s
  LEFT JOIN shared.design_jobs AS j ON j.id = s.design_job_id
 WHERE s.id = $1;

-- name: design_jobs_for_session_batch
-- description: design jobs for a batch of 50 sessions (an application's = ANY($1) batch load)
-- params: choice('{4,8,12,16,20,24,28,32,36,40,44,48,52,56,60,64,68,72,76,80,84,88,92,96,100,104,108,112,116,120,124,128,132,136,140,144,148,152,156,160,164,168,172,176,180,184,188,192,196,200}', '{10000,10004,10008,10012,10016,10020,10024,10028,10032,10036,10040,10044,10048,10052,10056,10060,10064,10068,10072,10076,10080,10084,10088,10092,10096,10100,10104,10108,10112,10116,10120,10124,10128,10132,10136,10140,10144,10148,10152,10156,10160,10164,10168,10172,10176,10180,10184,10188,10192,10196}', '{19800,19804,19808,19812,19816,19820,19824,19828,19832,19836,19840,19844,19848,19852,19856,19860,19864,19868,19872,19876,19880,19884,19888,19892,19896,19900,19904,19908,19912,19916,19920,19924,19928,19932,19936,19940,19944,19948,19952,19956,19960,19964,19968,19972,19976,19980,19984,19988,19992,19996}')
-- threshold: p95 < 10ms, p99 < 20ms
-- expect: index scan on app.sessions using sessions_pkey
-- expect: index scan on shared.design_jobs using design_jobs_pkey
-- tags: shared
SELECT s.id AS session_id, j.id AS design_job_id, j.kind, j.status
  FROM app.sessions AS s
  JOIN shared.design_jobs AS j ON j.id = s.design_job_id
 WHERE s.id = ANY($1::bigint[])
 ORDER BY s.id;
