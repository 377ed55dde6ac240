/* worker.c — running Graphviz in a child process, so its crashes and hangs cannot take us down.
 *
 * The child inherits the graph and theme (fork), runs the in-process layout
 * and writes the geometries back through a pipe in a simple native-endian
 * format; it is the same binary on the same machine, so nothing more
 * portable is needed. */
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dg-gv-private.h"
#include "dg-sanitize-private.h"
#include "dg-text-private.h"
#include "error.h"
#include "layout-private.h"

#define MAGIC 0x31474c44u /* "DLG1" */

static void
put (GByteArray *out, const void *data, gsize len)
{
  if (len > 0)
    g_byte_array_append (out, data, (guint) len);
}

static void
put_u32 (GByteArray *out, guint32 v)
{
  put (out, &v, sizeof v);
}

static void
put_string (GByteArray *out, const char *s)
{
  guint32 len = (guint32) strlen (s);
  put_u32 (out, len);
  put (out, s, len);
}

/* A drawing: its length + 1 (0 for none), then its bytes. */
static void
put_drawing (GByteArray *out, const char *d)
{
  if (d == NULL)
    {
      put_u32 (out, 0);
      return;
    }
  guint32 len = (guint32) strlen (d);
  put_u32 (out, len + 1);
  put (out, d, len);
}

static void
serialize (GByteArray *out, const DgLayout *layout, gboolean ok, const GError *error)
{
  put_u32 (out, MAGIC);
  put_u32 (out, ok);
  if (!ok)
    {
      put_u32 (out, (guint32) error->code);
      put_string (out, error->message);
      return;
    }
  put_u32 (out, layout->geometries->len);
  for (guint g = 0; g < layout->geometries->len; g++)
    {
      const DgGeometry *geo = layout->geometries->pdata[g];
      put (out, &geo->bbox, sizeof geo->bbox);
      put_u32 (out, geo->n_parties);
      put_u32 (out, geo->n_ties);
      put_u32 (out, geo->n_groups);
      for (guint i = 0; i < geo->n_parties; i++)
        {
          DgPartyGeometry pg = geo->parties[i];
          pg.draw = pg.label_draw = NULL;
          put (out, &pg, sizeof pg);
          put_drawing (out, geo->parties[i].draw);
          put_drawing (out, geo->parties[i].label_draw);
        }
      for (guint i = 0; i < geo->n_ties; i++)
        {
          DgTieGeometry tg = geo->ties[i];
          tg.points = NULL;
          tg.draw = tg.arrow_draw = tg.label_draw = tg.end_label_draw = NULL;
          put (out, &tg, sizeof tg);
          put (out, geo->ties[i].points, sizeof (DgPoint) * tg.n_points);
          put_drawing (out, geo->ties[i].draw);
          put_drawing (out, geo->ties[i].arrow_draw);
          put_drawing (out, geo->ties[i].label_draw);
          put_drawing (out, geo->ties[i].end_label_draw);
        }
      for (guint i = 0; i < geo->n_groups; i++)
        {
          DgGroupGeometry gg = geo->groups[i];
          gg.draw = gg.label_draw = NULL;
          put (out, &gg, sizeof gg);
          put_drawing (out, geo->groups[i].draw);
          put_drawing (out, geo->groups[i].label_draw);
        }
      put_drawing (out, geo->label_draw);
    }
  guint n_warnings = layout->warnings->len - 1;
  put_u32 (out, n_warnings);
  for (guint i = 0; i < n_warnings; i++)
    put_string (out, layout->warnings->pdata[i]);
  const GPtrArray *missed = dg_text_offline_missed ();
  put_u32 (out, missed != NULL ? missed->len : 0);
  for (guint i = 0; missed != NULL && i < missed->len; i++)
    {
      const DgTextLine *line = missed->pdata[i];
      put_string (out, line->text);
      put_string (out, line->font != NULL ? line->font : "");
      put (out, &line->size, sizeof line->size);
      put_u32 (out, (guint32) line->bold);
      put_u32 (out, (guint32) line->italic);
    }
}

typedef struct {
  const guint8 *p;
  const guint8 *end;
  gboolean ok;
} Reader;

static void
take (Reader *r, void *data, gsize len)
{
  if (len == 0)
    return;
  if (!r->ok || (gsize) (r->end - r->p) < len)
    {
      r->ok = FALSE;
      memset (data, 0, len);
      return;
    }
  memcpy (data, r->p, len);
  r->p += len;
}

static guint32
take_u32 (Reader *r)
{
  guint32 v = 0;
  take (r, &v, sizeof v);
  return v;
}

static char *
take_string (Reader *r)
{
  guint32 len = take_u32 (r);
  if (!r->ok || (gsize) (r->end - r->p) < len)
    {
      r->ok = FALSE;
      return g_strdup ("");
    }
  char *s = g_strndup ((const char *) r->p, len);
  r->p += len;
  return s;
}

static char *
take_drawing (Reader *r)
{
  guint32 len = take_u32 (r);
  if (len == 0 || !r->ok)
    return NULL;
  len--;
  if ((gsize) (r->end - r->p) < len)
    {
      r->ok = FALSE;
      return NULL;
    }
  char *s = g_strndup ((const char *) r->p, len);
  r->p += len;
  return s;
}

/* Reads what the child sent into @layout; FALSE with @error when the child
 * reported an error or the data is cut short. */
static gboolean
deserialize (DgLayout *layout, const DgGraph *graph, const guint8 *data, gsize len, GError **error)
{
  Reader r = { data, data + len, TRUE };
  if (take_u32 (&r) != MAGIC)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_LAYOUT, "the layout process sent nothing usable");
      return FALSE;
    }
  if (!take_u32 (&r))
    {
      guint32 code = take_u32 (&r);
      g_autofree char *message = take_string (&r);
      g_set_error_literal (error, DEALGRAPH_ERROR, (int) code, message);
      return FALSE;
    }
  guint32 n = take_u32 (&r);
  for (guint g = 0; g < n && r.ok; g++)
    {
      DgGeometry *geo = dg_geometry_new (graph);
      g_ptr_array_add (layout->geometries, geo);
      take (&r, &geo->bbox, sizeof geo->bbox);
      guint32 np = take_u32 (&r), nt = take_u32 (&r), ng = take_u32 (&r);
      if (np != geo->n_parties || nt != geo->n_ties || ng != geo->n_groups)
        {
          r.ok = FALSE;
          break;
        }
      for (guint i = 0; i < np && r.ok; i++)
        {
          DgPartyGeometry *pg = &geo->parties[i];
          take (&r, pg, sizeof *pg);
          pg->draw = take_drawing (&r);
          pg->label_draw = take_drawing (&r);
        }
      for (guint i = 0; i < nt && r.ok; i++)
        {
          DgTieGeometry *tg = &geo->ties[i];
          take (&r, tg, sizeof *tg);
          tg->points = NULL;
          tg->draw = tg->arrow_draw = tg->label_draw = tg->end_label_draw = NULL;
          if (tg->n_points > (guint) ((r.end - r.p) / sizeof (DgPoint)))
            {
              tg->n_points = 0;
              r.ok = FALSE;
              break;
            }
          tg->points = g_new (DgPoint, MAX (tg->n_points, 1));
          take (&r, tg->points, sizeof (DgPoint) * tg->n_points);
          tg->draw = take_drawing (&r);
          tg->arrow_draw = take_drawing (&r);
          tg->label_draw = take_drawing (&r);
          tg->end_label_draw = take_drawing (&r);
        }
      for (guint i = 0; i < ng && r.ok; i++)
        {
          DgGroupGeometry *gg = &geo->groups[i];
          take (&r, gg, sizeof *gg);
          gg->draw = take_drawing (&r);
          gg->label_draw = take_drawing (&r);
        }
      geo->label_draw = take_drawing (&r);
    }
  guint32 n_warnings = take_u32 (&r);
  for (guint i = 0; i < n_warnings && r.ok; i++)
    g_ptr_array_insert (layout->warnings, (gint) layout->warnings->len - 1, take_string (&r));
  guint32 n_missed = take_u32 (&r);
  for (guint i = 0; i < n_missed && r.ok; i++)
    {
      DgTextLine *line = g_new0 (DgTextLine, 1);
      line->text = take_string (&r);
      line->font = take_string (&r);
      if (line->font[0] == '\0')
        g_clear_pointer (&line->font, g_free);
      take (&r, &line->size, sizeof line->size);
      line->bold = take_u32 (&r) != 0;
      line->italic = take_u32 (&r) != 0;
      if (layout->missed == NULL)
        layout->missed = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_text_line_free);
      g_ptr_array_add (layout->missed, line);
    }
  if (!r.ok || r.p != r.end)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_LAYOUT, "the layout process sent a truncated answer");
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_all (int fd, const guint8 *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* How much more memory a layout process may take than it starts with: Graphviz's largest layouts here (2,000 parties, 5,000 ties) need
 * under 100 MB, and a hostile input must not take the machine's memory.
 * $DEALGRAPH_LAYOUT_MEMORY_MB overrides it (0: no limit). */
#define LAYOUT_MEMORY_MB 4096

/* The memory budget in MB for layout processes; 0 for none. */
static guint64
memory_budget_mb (void)
{
  const char *env = g_getenv ("DEALGRAPH_LAYOUT_MEMORY_MB");
  guint64 mb = LAYOUT_MEMORY_MB;
  if (env != NULL && !g_ascii_string_to_unsigned (env, 10, 0, 1u << 30, &mb, NULL))
    mb = LAYOUT_MEMORY_MB;
  return mb;
}

/* Caps the private writable memory this process may have (RLIMIT_DATA:
 * heap, anonymous mappings, and parts of them later made writable) at what
 * it has now plus @mb. Not RLIMIT_AS: glibc's malloc, refused more address
 * space, falls back to an arena that an ended thread reserved (64 MB of it,
 * already counted) and grows into that, so an address-space cap let a
 * layout run tens of MB past its budget. Not under AddressSanitizer, whose
 * shadow memory takes terabytes. */
static void
limit_memory (guint64 mb)
{
#if !DG_ASAN
  if (mb == 0)
    return;
  g_autofree char *status = NULL;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  const char *line = strstr (status, "\nVmData:");
  guint64 data_kb = 0;
  if (line == NULL || sscanf (line + strlen ("\nVmData:"), "%" G_GUINT64_FORMAT, &data_kb) != 1)
    return;
  rlim_t limit = (rlim_t) data_kb * 1024 + (rlim_t) mb * 1024 * 1024;
  struct rlimit rl;
  if (getrlimit (RLIMIT_DATA, &rl) == 0 && (rl.rlim_max == RLIM_INFINITY || limit < rl.rlim_max))
    {
      rl.rlim_cur = limit;
      setrlimit (RLIMIT_DATA, &rl);
    }
#else
  (void) mb;
#endif
}

G_GNUC_NORETURN static void
child_main (int fd, DgLayout *layout, const DgGraph *graph, const DgTheme *theme, const DgLooks *looks,
            gboolean safe, DgLayoutRunner runner)
{
  /* The parent held the Graphviz lock across fork() so that no other
   * thread was inside Graphviz; this process has only this thread. */
  dg_gv_unlock ();
  /* The caller may hold termination signals for a thread of its own, which
   * fork() did not copy: this process takes them the default way. */
  sigset_t term;
  sigemptyset (&term);
  sigaddset (&term, SIGINT);
  sigaddset (&term, SIGTERM);
  sigaddset (&term, SIGHUP);
  sigprocmask (SIG_UNBLOCK, &term, NULL);
  /* Graphviz's own stray messages are caught around gvLayout; anything else
   * a dying child would print (glibc's "double free" goes to the terminal
   * unless told otherwise) must not reach the user raw. */
  g_setenv ("LIBC_FATAL_STDERR_", "1", TRUE);
  int null_fd = g_getenv ("DG_LAYOUT_STDERR") ? -1 : open ("/dev/null", O_WRONLY);
  if (null_fd >= 0)
    dup2 (null_fd, STDERR_FILENO);
  limit_memory (memory_budget_mb ());
  /* Send back only what this run adds. */
  g_ptr_array_set_size (layout->warnings, 0);
  g_ptr_array_add (layout->warnings, NULL);
  GError *error = NULL;
  gboolean ok = runner (layout, graph, theme, looks, safe, &error);
  GByteArray *out = g_byte_array_new ();
  serialize (out, layout, ok, error);
  gboolean sent = write_all (fd, out->data, out->len);
  /* Freed although _exit follows, so leak checkers following the child
   * (valgrind in CI) see only Graphviz's own leftovers. */
  g_byte_array_unref (out);
  g_clear_error (&error);
  _exit (sent ? 0 : 1);
}

/* The CPU time @pid has used, in clock ticks; -1 when unknown. */
static gint64
cpu_ticks (pid_t pid)
{
  char file[64];
  g_snprintf (file, sizeof file, "/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  if (!g_file_get_contents (file, &stat, NULL, NULL))
    return -1;
  /* "pid (comm) state ppid …": the name may hold spaces and parentheses,
   * so count fields from the last ')'; utime and stime are fields 14
   * and 15, the 12th and 13th after it. */
  const char *p = strrchr (stat, ')');
  if (p == NULL)
    return -1;
  g_auto (GStrv) fields = g_strsplit (p + 1, " ", 16);
  if (g_strv_length (fields) < 15)
    return -1;
  return g_ascii_strtoll (fields[12], NULL, 10) + g_ascii_strtoll (fields[13], NULL, 10);
}

/* How long a layout process may use no CPU at all, before it has sent
 * anything, until it counts as stuck. Laying out is pure computation: a
 * process that is runnable gets CPU within milliseconds however loaded the
 * machine, so one that got none for this long is blocked on a lock. */
guint dg_worker_stall_seconds = 10;

/* One layout process; DG_WORKER_STALLED when it was stuck (and killed)
 * before it sent anything. */
static DgWorkerStatus
run_once (DgLayout *layout, const DgGraph *graph, const DgTheme *theme, const DgLooks *looks, gboolean safe,
          guint timeout, DgLayoutRunner runner, GError **error)
{
  int fds[2];
  if (pipe (fds) != 0)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_LAYOUT, "cannot start the layout process: %s",
                   g_strerror (errno));
      return DG_WORKER_FAILED;
    }
  dg_gv_lock ();
  /* Load the engine's plugin library once, here, so every child inherits
   * it. */
  dg_gv_preload_engine (layout->engine);
  fflush (stdout);
  fflush (stderr);
  /* The child measures no text: Pango keeps background threads
   * (fontconfig's initialisation, font sorting) that a fork does not copy,
   * and a child that found one of their locks taken waited for ever (seen
   * under ASan in CI). It answers Graphviz from the lines measured here
   * (the caller measured them; see dg_text_fork_prepare). */
  dg_text_fork_prepare ();
  pid_t parent = getpid ();
  pid_t pid = fork ();
  if (pid == 0)
    {
      /* No Graphviz process outlives dealgraph: killed when the parent
       * dies (SIGTERM and SIGKILL from make, systemd or a CI runner leave
       * no handler to stop it), and — should that be missed — by its own
       * clock a little after the parent's limit. The parent may have died
       * before prctl took effect: then at once. */
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      if (getppid () != parent)
        _exit (1);
      if (timeout > 0)
        alarm (timeout + 10);
      dg_text_fork_child ();
      close (fds[0]);
      child_main (fds[1], layout, graph, theme, looks, safe, runner);
    }
  dg_text_fork_parent ();
  dg_gv_unlock ();
  close (fds[1]);
  if (pid < 0)
    {
      int saved = errno;
      close (fds[0]);
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_LAYOUT, "cannot start the layout process: %s",
                   g_strerror (saved));
      return DG_WORKER_FAILED;
    }

  g_autoptr (GByteArray) data = g_byte_array_new ();
  gint64 deadline = timeout > 0 ? g_get_monotonic_time () + (gint64) timeout * G_USEC_PER_SEC : -1;
  gboolean timed_out = FALSE, stalled = FALSE;
  gint64 ticks = -1, ticks_since = g_get_monotonic_time ();
  for (;;)
    {
      /* Wake each second to see whether the child still computes. */
      int wait_ms = 1000;
      gint64 now = g_get_monotonic_time ();
      if (deadline > 0)
        {
          gint64 left = deadline - now;
          if (left <= 0)
            {
              timed_out = TRUE;
              break;
            }
          wait_ms = (int) MIN (left / 1000 + 1, wait_ms);
        }
      if (data->len == 0)
        {
          gint64 t = cpu_ticks (pid);
          if (t != ticks)
            {
              ticks = t;
              ticks_since = now;
            }
          else if (t >= 0 && now - ticks_since >= (gint64) dg_worker_stall_seconds * G_USEC_PER_SEC)
            {
              stalled = TRUE;
              break;
            }
        }
      struct pollfd pfd = { fds[0], POLLIN, 0 };
      int r = poll (&pfd, 1, wait_ms);
      if (r < 0 && errno == EINTR)
        continue;
      if (r == 0)
        continue; /* the checks above end it */
      guint8 buf[65536];
      ssize_t n = read (fds[0], buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_byte_array_append (data, buf, (guint) n);
    }
  close (fds[0]);
  if (timed_out || stalled)
    kill (pid, SIGKILL);
  int wstatus = 0;
  struct rusage usage = { 0 };
  while (wait4 (pid, &wstatus, 0, &usage) < 0 && errno == EINTR)
    ;

  if (stalled)
    return DG_WORKER_STALLED;
  if (timed_out)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_LAYOUT,
                   "Graphviz %s did not finish within %u s and was stopped (try another --engine)",
                   layout->engine, timeout);
      return DG_WORKER_TIMEOUT;
    }
  /* Under AddressSanitizer a Graphviz double free ends the child with
   * exit status 1 rather than a signal: no answer and a failure status
   * count as a crash too. */
  if (WIFSIGNALED (wstatus) || (WIFEXITED (wstatus) && WEXITSTATUS (wstatus) != 0 && data->len == 0))
    {
      /* Graphviz and GLib end the process when an allocation fails, so a
       * layout that hit its memory budget looks like any other crash. */
      guint64 budget = memory_budget_mb ();
      /* Only worth saying when the process came near its budget. */
      gboolean near_budget = budget > 0 && (guint64) usage.ru_maxrss >= budget * 1024 / 2;
      g_autofree char *hint = near_budget ? g_strdup_printf ("; if it ran out of its %" G_GUINT64_FORMAT " MB of memory, "
                                                            "set DEALGRAPH_LAYOUT_MEMORY_MB or try another --engine", budget)
                                         : g_strdup ("");
      if (!WIFSIGNALED (wstatus))
        {
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_LAYOUT, "Graphviz %s crashed (exit status %d)%s",
                       layout->engine, WEXITSTATUS (wstatus), hint);
          return DG_WORKER_CRASHED;
        }
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_LAYOUT, "Graphviz %s crashed (%s)%s", layout->engine,
                   g_strsignal (WTERMSIG (wstatus)), hint);
      return DG_WORKER_CRASHED;
    }
  if (!deserialize (layout, graph, data->data, data->len, error))
    return DG_WORKER_FAILED;
  return DG_WORKER_OK;
}

/* Tries this many layout processes that got stuck before giving up. */
#define STALL_TRIES 3

DgWorkerStatus
dg_layout_run_isolated (DgLayout *layout, const DgGraph *graph, const DgTheme *theme, const DgLooks *looks,
                        gboolean safe, guint timeout, DgLayoutRunner runner, GError **error)
{
  /* A child starts with every lock as it was at fork(); one that another
   * thread held (Pango's background font sorting, a renderer thread in the
   * allocator) is never released there. glibc's malloc and our own locks
   * are taken care of across fork(), but not everything is: the
   * AddressSanitizer of GCC 12 takes no allocator lock around fork()
   * (LLVM added that in 18), and CI saw layout processes of the sanitized
   * build sleep until their 300 s ran out. Such a child uses no CPU: it is
   * killed and the layout started again. */
  for (guint attempt = 1;; attempt++)
    {
      DgWorkerStatus status = run_once (layout, graph, theme, looks, safe, timeout, runner, error);
      if (status != DG_WORKER_STALLED)
        return status;
      g_debug ("layout process %u of %u was stuck (no CPU for %u s) and was stopped", attempt, STALL_TRIES,
               dg_worker_stall_seconds);
      if (attempt == STALL_TRIES)
        {
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_LAYOUT,
                       "the Graphviz %s process stopped working (it used no CPU for %u s), %u times", layout->engine,
                       dg_worker_stall_seconds, STALL_TRIES);
          return DG_WORKER_STALLED;
        }
    }
}
