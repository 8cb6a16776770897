/* replay_case.c: fuzz_case.c built into the replay program (see replay.c). */
#define FUZZ_ENTRY fuzz_case_one
#include "fuzz_case.c"
