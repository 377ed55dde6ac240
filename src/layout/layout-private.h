/* layout-private.h — the layout's storage, shared with the worker that runs Graphviz in a child process. */
#pragma once

#include "layout.h"
#include "style.h"

struct DgLayout {
  DgLayoutMode mode;
  char *engine;
  guint n_stages;
  /* UNION: one geometry shared by every stage; otherwise one per stage. */
  GPtrArray *geometries;
  GPtrArray *warnings; /* char*, NULL-terminated */
  /* Lines the layout process had to estimate (DgTextLine): set by the
   * worker, measured and laid out again by dg_layout_compute. */
  GPtrArray *missed;
};

DgGeometry *dg_geometry_new (const DgGraph *graph);
void dg_geometry_free (gpointer geometry); /* accepts NULL */

/* Fills @layout's geometries and warnings, in this process. */
typedef gboolean (*DgLayoutRunner) (DgLayout *layout, const DgGraph *graph, const DgTheme *theme,
                                    const DgLooks *looks, gboolean safe, GError **error);

typedef enum {
  DG_WORKER_OK,
  DG_WORKER_FAILED,  /* Graphviz reported an error; @error says it */
  DG_WORKER_CRASHED, /* the child died by a signal; @error says which */
  DG_WORKER_TIMEOUT, /* the child ran out of time and was killed */
  DG_WORKER_STALLED, /* the child used no CPU, again and again: stuck on a lock */
} DgWorkerStatus;

/* Runs @runner in a child process, which sends the geometries back through
 * a pipe; kills it after @timeout seconds (0: no limit). A child that uses
 * no CPU for dg_worker_stall_seconds before it answers is stuck on a lock
 * it inherited: it is killed and another started, three times at most. */
extern guint dg_worker_stall_seconds; /* 10; tests make it shorter */
DgWorkerStatus dg_layout_run_isolated (DgLayout *layout, const DgGraph *graph, const DgTheme *theme,
                                       const DgLooks *looks, gboolean safe, guint timeout,
                                       DgLayoutRunner runner, GError **error);
