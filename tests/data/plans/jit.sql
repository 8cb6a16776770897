-- Captured with pgperf's EXPLAIN options from the demo suite's data (fixtures/demo).
SET jit_above_cost = 0;
SET jit_inline_above_cost = 0;
SET jit_optimize_above_cost = 0;
SELECT sum(tokens) FROM app.conversations;
