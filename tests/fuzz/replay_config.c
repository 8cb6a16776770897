/* replay_config.c: fuzz_config.c built into the replay program (see replay.c). */
#define FUZZ_ENTRY fuzz_config_one
#include "fuzz_config.c"
