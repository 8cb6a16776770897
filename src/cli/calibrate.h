/*
 * calibrate.h: `pgperf verify --calibrate`: the suite run a few times on its target with the
 * calibration probe, the run-to-run spread of every case measured (raw, relative to the probe,
 * buffers), and thresholds recommended for the gates on this machine (docs/ci.md).
 */
#ifndef PP_CALIBRATE_H
#define PP_CALIBRATE_H

#include "cli/opt.h"
#include "input/select.h"
#include "run/target.h"

#define PP_CALIBRATE_RUNS 3

/* Runs the calibration on an open target and prints it to stdout; the exit status. */
int pp_calibrate_run(const struct pp_options *o, const struct pp_selection *sel,
                     struct pp_target *t);

#endif
