/*
 * app.h: wires the pipeline: command line -> cases -> server/connection -> runner -> stats ->
 * thresholds -> reporters, and decides the exit status.
 */
#ifndef PP_APP_H
#define PP_APP_H

int pp_app_main(int argc, char **argv);

#endif
