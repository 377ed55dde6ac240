/* dg-gv-private.h — the one door to Graphviz: its lock and cleanup functions. */
#pragma once

#include <glib.h>
#include <gvc.h>

/* Graphviz keeps global state (parser, error buffer, layout scratch) and is
 * not thread-safe even with separate GVC_t contexts. Every cgraph/gvc call in
 * the library is made while holding this lock. */
void dg_gv_lock (void);
void dg_gv_unlock (void);

/* The process's one GVC_t (plugins loaded once). Call with the lock held. */
GVC_t *dg_gv_context (void);

/* Opens the plugin library of layout @engine now (once per process), so
 * that processes forked later do not. Call with the lock held. */
void dg_gv_preload_engine (const char *engine);

#include "theme.h"

/* Reads a colour written as Graphviz reads it — an X11 or SVG name, "#rrggbb"
 * or "#rrggbbaa", "H S V" or "H,S,V" (0..1), "/scheme/name", or a name in
 * @scheme (a Brewer scheme such as "blues9", or NULL for X11) — through
 * Graphviz's own colour table. FALSE for a colour Graphviz does not know.
 * Takes the Graphviz lock; the _locked variant is for callers that hold it. */
gboolean dg_gv_color_parse (const char *text, const char *scheme, DgColor *out);
gboolean dg_gv_color_parse_locked (const char *text, const char *scheme, DgColor *out);

static inline void
dg_gv_agclose (Agraph_t *g)
{
  if (g != NULL)
    agclose (g);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Agraph_t, dg_gv_agclose)
