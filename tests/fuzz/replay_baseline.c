/* replay_baseline.c: fuzz_baseline.c built into the replay program (see replay.c). */
#define FUZZ_ENTRY fuzz_baseline_one
#include "fuzz_baseline.c"
