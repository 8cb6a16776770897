/*
 * outcome.c: status names and the mapping to exit statuses (see outcome.h).
 */
#include "util/outcome.h"

const char *
pp_outcome_status_name(enum pp_status s)
{
	static const char *const names[PP_STATUS_COUNT] = { "pass", "warn", "fail", "skip",
							    "error" };

	return (unsigned)s < PP_STATUS_COUNT ? names[s] : "?";
}

enum pp_status
pp_outcome_worse(enum pp_status a, enum pp_status b)
{
	return a > b ? a : b;
}

enum pp_exit
pp_outcome_step_exit(enum pp_step st)
{
	static const enum pp_exit exits[] = {
		[PP_STEP_OK] = PP_EXIT_OK,
		[PP_STEP_BAD_INPUT] = PP_EXIT_USAGE,
		[PP_STEP_FAILED] = PP_EXIT_FAIL,
		[PP_STEP_LOST] = PP_EXIT_SERVER,
		[PP_STEP_INTERRUPTED] = PP_EXIT_INTERRUPTED,
		[PP_STEP_UNSUPPORTED] = PP_EXIT_SERVER,
	};

	return (unsigned)st < sizeof exits / sizeof exits[0] ? exits[st] : PP_EXIT_SERVER;
}

enum pp_exit
pp_outcome_counts_exit(const size_t counts[PP_STATUS_COUNT])
{
	return counts[PP_STATUS_FAIL] > 0 || counts[PP_STATUS_ERROR] > 0 ? PP_EXIT_FAIL
									  : PP_EXIT_OK;
}
