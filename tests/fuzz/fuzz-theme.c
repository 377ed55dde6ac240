/* fuzz-theme.c — libFuzzer target for the theme (template) parser: any bytes in, a theme or an error out.
 *
 * Feeds the input to dg_theme_load_data() and, when a theme comes back,
 * queries every style it defines and checks the values a renderer relies on:
 * colours in 0..1, finite positive sizes, dash patterns within their array.
 * `inherit` may name a shipped template (read from $DEALGRAPH_TEMPLATES, set
 * to the source tree) or a path; run the fuzzer with stdin from /dev/null,
 * since a theme may name /dev/stdin. */
#include <math.h>
#include <string.h>

#include <dealgraph/dealgraph.h>

#include "fuzz-common.h"

#ifndef FUZZ_TEMPLATES_DIR
#error "FUZZ_TEMPLATES_DIR must name the source templates directory"
#endif

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_setenv ("G_DEBUG", "fatal-criticals", TRUE);
  g_setenv ("DEALGRAPH_TEMPLATES", FUZZ_TEMPLATES_DIR, FALSE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  return 0;
}

static void
check_color (const char *what, const DgColor *c)
{
  const double v[] = { c->r, c->g, c->b, c->a };
  for (gsize i = 0; i < G_N_ELEMENTS (v); i++)
    if (!(v[i] >= 0.0 && v[i] <= 1.0))
      fuzz_fail ("colour component outside 0..1", what);
}

static void
check_size (const char *what, double v, gboolean zero_ok)
{
  if (!isfinite (v) || v < 0 || (!zero_ok && v == 0) || v > 1e6)
    fuzz_fail ("size not finite, positive and sane", what);
}

static void
check_dash (const char *what, const DgDash *dash)
{
  if (dash->n > G_N_ELEMENTS (dash->on_off))
    fuzz_fail ("dash pattern longer than its array", what);
  for (guint i = 0; i < dash->n; i++)
    check_size (what, dash->on_off[i], TRUE);
}

static void
check_party (const char *kind, const DgPartyStyle *ps)
{
  if ((guint) ps->shape > DG_SHAPE_PARALLELOGRAM)
    fuzz_fail ("party shape out of range", kind);
  check_color (kind, &ps->fill);
  check_color (kind, &ps->stroke);
  check_color (kind, &ps->text);
  check_size (kind, ps->stroke_width, TRUE);
  check_size (kind, ps->margin_x, TRUE);
  check_size (kind, ps->margin_y, TRUE);
}

static void
check_tie (const char *kind, const DgTieStyle *ts)
{
  if ((guint) ts->arrow > DG_ARROW_NONE || (guint) ts->scale > DG_SCALE_LOG || (guint) ts->no_value > DG_NO_VALUE_PLAIN)
    fuzz_fail ("tie arrow, scale or no-value out of range", kind);
  check_color (kind, &ts->color);
  check_dash (kind, &ts->dash);
  check_size (kind, ts->min_width, TRUE);
  check_size (kind, ts->max_width, TRUE);
  check_size (kind, ts->width, TRUE);
}

static void
walk_theme (const DgTheme *theme)
{
  (void) dg_theme_get_name (theme);
  (void) dg_theme_get_path (theme);
  const DgFurnitureStyle *fs = dg_theme_furniture (theme);
  if (fs->font == NULL)
    fuzz_fail ("no font", dg_theme_get_name (theme));
  check_size ("font_size", fs->font_size, FALSE);
  check_size ("label_font_size", fs->label_font_size, FALSE);
  check_size ("title_font_size", fs->title_font_size, FALSE);
  check_size ("caption_font_size", fs->caption_font_size, FALSE);
  check_size ("small_font_size", fs->small_font_size, FALSE);
  check_size ("margin", fs->margin, TRUE);
  const DgColor *colors[] = { &fs->background, &fs->text, &fs->muted, &fs->accent,
                              &fs->label_background, &fs->group_fill, &fs->group_stroke };
  for (gsize i = 0; i < G_N_ELEMENTS (colors); i++)
    check_color ("furniture", colors[i]);

  const char *const *kinds = dg_theme_party_kinds (theme);
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      if (!dg_theme_knows_party_kind (theme, kinds[i]))
        fuzz_fail ("listed party kind unknown", kinds[i]);
      check_party (kinds[i], dg_theme_party_style (theme, kinds[i]));
    }
  check_party ("(default)", dg_theme_party_style (theme, NULL));
  kinds = dg_theme_tie_kinds (theme);
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      if (!dg_theme_knows_tie_kind (theme, kinds[i]))
        fuzz_fail ("listed tie kind unknown", kinds[i]);
      check_tie (kinds[i], dg_theme_tie_style (theme, kinds[i]));
    }
  check_tie ("(default)", dg_theme_tie_style (theme, NULL));
  static const char *const terms[] = { "exclusive", "nonexclusive", "capped", "primary", "", "x" };
  for (gsize i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      const DgTermStyle *ts = dg_theme_term_style (theme, terms[i]);
      if (ts == NULL)
        continue;
      if (ts->has_dash)
        check_dash (terms[i], &ts->dash);
      if (ts->has_color)
        check_color (terms[i], &ts->color);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  GError *error = NULL;
  DgTheme *theme = dg_theme_load_data ("fuzz.theme", (const char *) data, size, &error);
  if ((theme == NULL) == (error == NULL))
    fuzz_fail ("a theme and an error, or neither", error != NULL ? error->message : "");
  if (error != NULL)
    {
      if (error->domain != DEALGRAPH_ERROR || error->code != DG_ERROR_THEME)
        fuzz_fail ("theme error outside DG_ERROR_THEME", error->message);
      fuzz_check_printable ("theme error message", error->message);
    }
  if (theme != NULL)
    walk_theme (theme);
  dg_theme_free (theme);
  g_clear_error (&error);
  return 0;
}
