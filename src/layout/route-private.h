/* route-private.h — routing ties round the parties they would pass under (route.c). */
#pragma once

#include "layout.h"
#include "model.h"
#include "style.h"

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

/**
 * dg_route_spread_ends:
 * Where the end markers (arrowheads, diamonds, dots) of several ties of
 * @geo meet at one party and would overlap, moves their ends apart round
 * the party's outline (by its shape in @looks), each at most a sixth of the
 * way round, until neighbours are 2 pt clear; a moved end's last stretch of
 * line moves with it. Ties with @fixed[i] set and Graphviz-drawn ties stay.
 * Returns how many ends moved.
 */
guint dg_route_spread_ends (DgGeometry *geo, const DgGraph *graph, const DgLooks *looks, const gboolean *fixed);

/* Where a line through @from in direction @dir, heading into party @pg
 * (drawn as @shape), first meets its outline, looking from @back points
 * behind @from: TRUE with *@hit set; FALSE when it misses the party or
 * starts inside it. */
gboolean dg_route_outline_hit (const DgPartyGeometry *pg, DgShape shape, DgPoint from, DgPoint dir, double back,
                               DgPoint *hit);
