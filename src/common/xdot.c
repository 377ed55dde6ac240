/* xdot.c — rewriting Graphviz's xdot drawing operations in another frame, at a fixed precision. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xdot.h>

#include "dg-xdot-private.h"

static void
put_number (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double r = round (v * 100.0) / 100.0;
  if (r == 0)
    r = 0; /* no "-0" */
  g_string_append_c (out, ' ');
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.2f", r));
  /* "12.50" → "12.5", "12.00" → "12": shorter, and the same value. */
  while (out->str[out->len - 1] == '0')
    g_string_truncate (out, out->len - 1);
  if (out->str[out->len - 1] == '.')
    g_string_truncate (out, out->len - 1);
}

/* xdot's counted strings: " N -bytes". */
static void
put_string (GString *out, const char *s)
{
  g_string_append_printf (out, " %" G_GSIZE_FORMAT " -%s", strlen (s), s);
}

static void
put_points (GString *out, const xdot_polyline *pl, double ax, double bx, double ay, double by)
{
  g_string_append_printf (out, " %d", pl->cnt);
  for (int i = 0; i < pl->cnt; i++)
    {
      put_number (out, ax + bx * pl->pts[i].x);
      put_number (out, ay + by * pl->pts[i].y);
    }
}

static const char *
grad_first (const xdot_color *c)
{
  if (c->type == xd_linear && c->u.ling.n_stops > 0)
    return c->u.ling.stops[0].color;
  if (c->type == xd_radial && c->u.ring.n_stops > 0)
    return c->u.ring.stops[0].color;
  return c->type == xd_none ? c->u.clr : NULL;
}

char *
dg_xdot_transform (const char *ops, double ax, double bx, double ay, double by)
{
  if (ops == NULL || ops[0] == '\0')
    return NULL;
  xdot *x = parseXDot ((char *) ops);
  if (x == NULL)
    return NULL;
  GString *out = g_string_new (NULL);
  for (int i = 0; i < x->cnt; i++)
    {
      const xdot_op *op = &x->ops[i];
      switch (op->kind)
        {
        case xd_filled_ellipse:
        case xd_unfilled_ellipse:
          g_string_append (out, op->kind == xd_filled_ellipse ? " E" : " e");
          put_number (out, ax + bx * op->u.ellipse.x);
          put_number (out, ay + by * op->u.ellipse.y);
          put_number (out, op->u.ellipse.w);
          put_number (out, op->u.ellipse.h);
          break;
        case xd_filled_polygon:
        case xd_unfilled_polygon:
          g_string_append (out, op->kind == xd_filled_polygon ? " P" : " p");
          put_points (out, &op->u.polygon, ax, bx, ay, by);
          break;
        case xd_filled_bezier:
        case xd_unfilled_bezier:
          g_string_append (out, op->kind == xd_filled_bezier ? " b" : " B");
          put_points (out, &op->u.bezier, ax, bx, ay, by);
          break;
        case xd_polyline:
          g_string_append (out, " L");
          put_points (out, &op->u.polyline, ax, bx, ay, by);
          break;
        case xd_text:
          g_string_append (out, " T");
          put_number (out, ax + bx * op->u.text.x);
          put_number (out, ay + by * op->u.text.y);
          g_string_append_printf (out, " %d", op->u.text.align == xd_left ? -1 : op->u.text.align == xd_right ? 1 : 0);
          put_number (out, op->u.text.width);
          put_string (out, op->u.text.text);
          break;
        case xd_fill_color:
        case xd_pen_color:
          g_string_append (out, op->kind == xd_fill_color ? " C" : " c");
          put_string (out, op->u.color);
          break;
        case xd_grad_fill_color:
        case xd_grad_pen_color:
          {
            const char *first = grad_first (&op->u.grad_color);
            if (first == NULL)
              break;
            g_string_append (out, op->kind == xd_grad_fill_color ? " C" : " c");
            put_string (out, first);
            break;
          }
        case xd_font:
          g_string_append (out, " F");
          put_number (out, op->u.font.size);
          put_string (out, op->u.font.name);
          break;
        case xd_style:
          g_string_append (out, " S");
          put_string (out, op->u.style);
          break;
        case xd_fontchar:
          g_string_append_printf (out, " t %u", op->u.fontchar);
          break;
        case xd_image:
          break;
        }
    }
  freeXDot (x);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  g_string_erase (out, 0, 1);
  return g_string_free (out, FALSE);
}

char *
dg_xdot_join (const char *a, const char *b)
{
  gboolean has_a = a != NULL && a[0] != '\0', has_b = b != NULL && b[0] != '\0';
  if (has_a && has_b)
    return g_strconcat (a, " ", b, NULL);
  return has_a ? g_strdup (a) : has_b ? g_strdup (b) : NULL;
}
