/* shape.c — the outline of each party shape: what the renderer draws and the router keeps clear of. */
#include <math.h>

#include "dg-shape-private.h"

guint
dg_shape_corners (DgShape shape, double w, double h, DgPoint xy[DG_SHAPE_MAX_CORNERS])
{
  double a = w / 2, b = h / 2;
  switch (shape)
    {
    case DG_SHAPE_ELLIPSE:
    case DG_SHAPE_CIRCLE:
      return 0;
    case DG_SHAPE_HEXAGON:
      {
        double d = MIN (w / 4.0, h * 0.3);
        const DgPoint c[] = { { -a, 0 }, { -a + d, -b }, { a - d, -b }, { a, 0 }, { a - d, b }, { -a + d, b } };
        for (guint k = 0; k < 6; k++)
          xy[k] = c[k];
        return 6;
      }
    case DG_SHAPE_DIAMOND:
      {
        const DgPoint c[] = { { 0, -b }, { a, 0 }, { 0, b }, { -a, 0 } };
        for (guint k = 0; k < 4; k++)
          xy[k] = c[k];
        return 4;
      }
    case DG_SHAPE_PARALLELOGRAM:
      {
        double d = MIN (w / 5.0, h * 0.6);
        const DgPoint c[] = { { -a + d, -b }, { a, -b }, { a - d, b }, { -a, b } };
        for (guint k = 0; k < 4; k++)
          xy[k] = c[k];
        return 4;
      }
    case DG_SHAPE_NOTE:
      {
        /* A page with its top-right corner folded down. */
        double f = MIN (MIN (w, h) / 4.0, 10.0);
        const DgPoint c[] = { { -a, -b }, { a - f, -b }, { a, -b + f }, { a, b }, { -a, b } };
        for (guint k = 0; k < 5; k++)
          xy[k] = c[k];
        return 5;
      }
    case DG_SHAPE_BOX:
    case DG_SHAPE_ROUNDED:
    case DG_SHAPE_CYLINDER:
    default:
      {
        const DgPoint c[] = { { -a, -b }, { a, -b }, { a, b }, { -a, b } };
        for (guint k = 0; k < 4; k++)
          xy[k] = c[k];
        return 4;
      }
    }
}

double
dg_shape_radius (DgShape shape, double w, double h, double angle)
{
  double c = cos (angle), s = sin (angle);
  if (shape == DG_SHAPE_ELLIPSE || shape == DG_SHAPE_CIRCLE)
    {
      double a = w / 2, b = h / 2;
      if (shape == DG_SHAPE_CIRCLE)
        a = b = MIN (a, b);
      return 1 / sqrt (c * c / (a * a) + s * s / (b * b));
    }
  /* The ray from the centre meets the convex polygon in one side. */
  DgPoint xy[DG_SHAPE_MAX_CORNERS];
  guint n = dg_shape_corners (shape, w, h, xy);
  double best = G_MAXDOUBLE;
  for (guint k = 0; k < n; k++)
    {
      DgPoint p = xy[k], q = xy[(k + 1) % n];
      double ex = q.x - p.x, ey = q.y - p.y;
      double den = c * ey - s * ex;
      if (fabs (den) < 1e-12)
        continue;
      double t = (p.x * ey - p.y * ex) / den;  /* along the ray */
      double u = (p.x * s - p.y * c) / den;    /* along the side */
      if (t > 0 && u >= -1e-9 && u <= 1 + 1e-9)
        best = MIN (best, t);
    }
  return best == G_MAXDOUBLE ? MIN (w, h) / 2 : best;
}
