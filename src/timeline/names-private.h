/* names-private.h — the short names of parties and ties that assistive technology reads, written from the model. */
#pragma once

#include "model.h"

/* @party as a name: its label on one line and its kind in words, "OpenAI,
 * lab" (the label alone without a kind). The accessible name of its group
 * in an SVG figure. Newly allocated, not escaped. */
char *dg_party_accessible_name (const DgParty *party);

/* @tie of @graph as a name: its kind in words, its parties the way its
 * arrow points and its caption's parts (dg_tie_caption()) after commas,
 * "license from OpenAI to Microsoft, nonexclusive, until 2032" ("between
 * … and …" in an undirected graph; without a kind "tie", or "edge" in
 * plain DOT, see dg_graph_is_plain()). The accessible
 * name of its group in an SVG figure; for the describe module to share.
 * Newly allocated, not escaped. */
char *dg_tie_accessible_name (const DgGraph *graph, const DgTie *tie);
