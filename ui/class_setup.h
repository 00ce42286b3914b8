/*
 * class_setup: the command-line side of a classroom session, before the
 * screen is taken: --teach opens the port and says what students type,
 * --join finds the teacher, checks its key against the code and brings
 * the lesson over, so that every failure is a plain message.
 */
#ifndef CLASS_SETUP_H
#define CLASS_SETUP_H

#include <stddef.h>

#include "app.h"
#include "cli.h"

/*
 * --teach: listens as the command line asks and sets opt->teach and
 * opt->join_cmd; lesson_path is the lesson file the students get, or
 * NULL.  Returns 0, or the exit status (the message is printed).
 */
int class_setup_teach(const struct cli *c, struct app_options *opt, const char *lesson_path);

/*
 * --join: joins the teacher and fills opt with its lesson (checked like
 * a local file) or its scenario, and opt->join.  Returns 0, or the exit
 * status (the message is printed).
 */
int class_setup_join(const struct cli *c, struct app_options *opt);

/* The address students type to reach a teacher listening on listen
 * (NULL: every address): listen itself, else this machine's first IPv4
 * address that is not loopback, else 127.0.0.1. */
void class_setup_address(const char *listen, char *out, size_t n);

#endif
