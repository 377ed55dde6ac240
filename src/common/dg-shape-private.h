/* dg-shape-private.h — the outline of each party shape, shared by the renderer and the router. */
#pragma once

#include "layout.h"
#include "theme.h"

#define DG_SHAPE_MAX_CORNERS 6

/**
 * dg_shape_corners:
 * The corners of @shape drawn in a box @w × @h points centred on the origin
 * (y down), in drawing order, into @xy. Shapes with curved sides give the
 * corners of what they are inscribed in: a rounded box and a cylinder their
 * box. Returns how many (3 to DG_SHAPE_MAX_CORNERS); 0 for an ellipse or a
 * circle, whose outline is dg_shape_radius()'s.
 */
guint dg_shape_corners (DgShape shape, double w, double h, DgPoint xy[DG_SHAPE_MAX_CORNERS]);

/* The distance from the centre of @shape, drawn @w × @h points, to its
 * outline in direction @angle (radians, y down). */
double dg_shape_radius (DgShape shape, double w, double h, double angle);
