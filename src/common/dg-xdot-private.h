/* dg-xdot-private.h — Graphviz's own drawing of an element (xdot operations), moved between frames. */
#pragma once

#include <glib.h>

/**
 * dg_xdot_transform:
 * Reads @ops (xdot 1.7 drawing operations, as Graphviz's xdot renderer
 * writes them in _draw_, _ldraw_, …) and writes them again with every
 * coordinate mapped by x' = @ax + @bx·x, y' = @ay + @by·y (@bx, @by are ±1:
 * a move and possibly a flip; sizes do not change), to 1/100 pt. Gradient
 * colours become their first stop; images are dropped (dealgraph never
 * loads one). Returns a new string, NULL for NULL, empty or unreadable
 * @ops.
 */
char *dg_xdot_transform (const char *ops, double ax, double bx, double ay, double by);

/* Concatenates the non-empty of @a and @b (either may be NULL) into a new
 * string, NULL when both are empty. */
char *dg_xdot_join (const char *a, const char *b);
