/* replay_explain.c: fuzz_explain.c built into the replay program (see replay.c). */
#define FUZZ_ENTRY fuzz_explain_one
#include "fuzz_explain.c"
