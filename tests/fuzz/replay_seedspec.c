/* replay_seedspec.c: fuzz_seedspec.c built into the replay program (see replay.c). */
#define FUZZ_ENTRY fuzz_seedspec_one
#include "fuzz_seedspec.c"
