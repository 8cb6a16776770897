/*
 * app.h: argv to exit status: logging set up, the command line parsed against the command and
 * option tables, the command run, everything released.
 */
#ifndef PP_APP_H
#define PP_APP_H

int pp_app_main(int argc, char **argv);

#endif
