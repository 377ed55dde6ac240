/* route-private.h — routing ties round the parties they would pass under (route.c). */
#pragma once

#include "layout.h"
#include "model.h"

/**
 * dg_route_around_parties:
 * Gives every tie of @geo (laid out from @graph) whose line passes under a
 * party it does not join a route round the parties: straight runs with
 * rounded corners that keep a few points clear of every party, leaving the
 * tail and reaching the head as the old line did, so its arrowheads stay.
 * Ties with @fixed[i] set, Graphviz-drawn ties and loops keep their lines,
 * as does a tie no route clears. Returns how many ties it routed.
 */
guint dg_route_around_parties (DgGeometry *geo, const DgGraph *graph, const gboolean *fixed);

/* Whether the cubic Bézier @q passes within @margin points of the box of a
 * party of @geo other than @tail and @head (sampled every 2 pt or less). */
gboolean dg_route_crosses_party (const DgGeometry *geo, const DgPoint q[4], guint tail, guint head, double margin);
