/* replay_params.c: fuzz_params.c built into the replay program (see replay.c). */
#define FUZZ_ENTRY fuzz_params_one
#include "fuzz_params.c"
