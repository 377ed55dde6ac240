/* gv.c — the process-wide Graphviz lock and context. */
#include "dg-gv-private.h"

static GMutex gv_mutex;

void
dg_gv_lock (void)
{
  g_mutex_lock (&gv_mutex);
}

void
dg_gv_unlock (void)
{
  g_mutex_unlock (&gv_mutex);
}

GVC_t *
dg_gv_context (void)
{
  /* Never freed: plugins and fontconfig state live for the process anyway,
   * and gvFreeContext then gvContext again leaks more than keeping one. */
  static GVC_t *gvc;
  if (gvc == NULL)
    gvc = gvContext ();
  return gvc;
}
