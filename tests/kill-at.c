/* kill-at.c — runs a command and SIGKILLs it at the n-th change it makes to a folder's names.
 *
 *   kill-at DIR N COMMAND [ARG...]
 *
 * Watches DIR with inotify, starts COMMAND, and counts the names created,
 * renamed and removed in DIR; at the N-th (from 1) it sends SIGKILL to
 * COMMAND. dealgraph stages figures in unnamed files, so the first name to
 * appear is the first temporary name of the commit: N walks the kill through
 * the commit window (namings, journal, renames, journal removal), which
 * kills at random moments almost never hit. Prints "killed" or "finished"
 * and exits 0, or 2 on a usage or system error. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  if (argc < 4)
    {
      fprintf (stderr, "usage: kill-at DIR N COMMAND [ARG...]\n");
      return 2;
    }
  const long n = strtol (argv[2], NULL, 10);
  int fd = inotify_init1 (IN_CLOEXEC);
  if (fd < 0 || inotify_add_watch (fd, argv[1], IN_CREATE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE) < 0)
    {
      fprintf (stderr, "kill-at: %s: %s\n", argv[1], strerror (errno));
      return 2;
    }
  pid_t child = fork ();
  if (child < 0)
    return 2;
  if (child == 0)
    {
      execvp (argv[3], argv + 3);
      _exit (127);
    }
  long seen = 0;
  int killed = 0, status = 0;
  char buf[64 * 1024] __attribute__ ((aligned (__alignof__ (struct inotify_event))));
  for (;;)
    {
      if (waitpid (child, &status, WNOHANG) == child)
        break;
      struct pollfd p = { fd, POLLIN, 0 };
      if (poll (&p, 1, 20) <= 0 || killed)
        continue;
      ssize_t len = read (fd, buf, sizeof buf);
      for (char *at = buf; len > 0 && at < buf + len;)
        {
          const struct inotify_event *ev = (const struct inotify_event *) at;
          at += sizeof *ev + ev->len;
          if (++seen == n && !killed)
            {
              kill (child, SIGKILL);
              killed = 1;
            }
        }
    }
  printf ("%s\n", WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL ? "killed" : "finished");
  return 0;
}
