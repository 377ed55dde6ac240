/* test-theme.c — theme files: the shipped themes, inheritance, added kinds and every error. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "dg-paths.h"
#include "error.h"
#include "theme.h"

#include "dg-test.h"

static const char *const shipped_themes[] = { "report", "dark", "grayscale" };
static const char *const party_kinds[] = { "company", "lab", "cloud", "product", "investor",
                                           "customer" };
static const char *const tie_kinds[] = { "stake", "investment", "license", "revenue_share",
                                         "channel", "partnership", "owns" };
/* The terms the shipped themes draw; "primary" is said by its label alone. */
static const char *const terms[] = { "exclusive", "nonexclusive", "capped" };

static DgTheme *
data_ok (const char *name, const char *data)
{
  g_autoptr(GError) error = NULL;
  DgTheme *theme = dg_theme_load_data (name, data, strlen (data), &error);
  cr_assert_not_null (theme, "loading %s: %s", name, error ? error->message : "?");
  return theme;
}

/* Loading @data as @name fails with DG_ERROR_THEME and a message holding
 * @name and each of the NULL-terminated strings after it. */
static void
expect_error (const char *name, const char *data, ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTheme) theme = dg_theme_load_data (name, data, strlen (data), &error);
  cr_assert_null (theme, "%s loaded but should not have", name);
  cr_assert_not_null (error);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_THEME), "%s: wrong error %s", name,
             error->message);
  cr_assert (strstr (error->message, name) != NULL, "no file name in: %s", error->message);
  va_list ap;
  va_start (ap, data);
  for (const char *s = va_arg (ap, const char *); s != NULL; s = va_arg (ap, const char *))
    cr_assert (strstr (error->message, s) != NULL, "expected \"%s\" in: %s", s, error->message);
  va_end (ap);
}

static gboolean
color_eq (DgColor a, DgColor b)
{
  return fabs (a.r - b.r) < 1e-9 && fabs (a.g - b.g) < 1e-9 && fabs (a.b - b.b) < 1e-9 &&
         fabs (a.a - b.a) < 1e-9;
}

static gboolean
dash_eq (DgDash a, DgDash b)
{
  if (a.n != b.n)
    return FALSE;
  for (guint i = 0; i < a.n; i++)
    if (a.on_off[i] != b.on_off[i])
      return FALSE;
  return TRUE;
}

/* WCAG 2 relative luminance and contrast ratio. */
static double
channel (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (DgColor c)
{
  return 0.2126 * channel (c.r) + 0.7152 * channel (c.g) + 0.0722 * channel (c.b);
}

static double
contrast (DgColor a, DgColor b)
{
  double la = luminance (a), lb = luminance (b);
  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static gboolean
gray (DgColor c)
{
  return c.r == c.g && c.g == c.b;
}

/* Writes @text to @dir/@name; returns that path. */
static char *
write_file (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  cr_assert (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* ---- The shipped themes ---------------------------------------------------- */

Test (theme, shipped_themes_know_every_shipped_kind)
{
  for (guint t = 0; t < G_N_ELEMENTS (shipped_themes); t++)
    {
      g_autoptr(DgTheme) theme = dg_test_load_theme (shipped_themes[t]);
      cr_assert_str_eq (dg_theme_get_name (theme), shipped_themes[t]);
      g_autofree char *file = g_strconcat (shipped_themes[t], ".theme", NULL);
      cr_assert (g_str_has_suffix (dg_theme_get_path (theme), file));

      for (guint i = 0; i < G_N_ELEMENTS (party_kinds); i++)
        {
          cr_assert (dg_theme_knows_party_kind (theme, party_kinds[i]), "%s: party %s",
                     shipped_themes[t], party_kinds[i]);
          cr_assert (g_strv_contains (dg_theme_party_kinds (theme), party_kinds[i]));
          cr_assert_neq (dg_theme_party_style (theme, party_kinds[i]),
                         dg_theme_party_style (theme, NULL));
        }
      for (guint i = 0; i < G_N_ELEMENTS (tie_kinds); i++)
        {
          cr_assert (dg_theme_knows_tie_kind (theme, tie_kinds[i]), "%s: tie %s",
                     shipped_themes[t], tie_kinds[i]);
          cr_assert (g_strv_contains (dg_theme_tie_kinds (theme), tie_kinds[i]));
          const DgTieStyle *s = dg_theme_tie_style (theme, tie_kinds[i]);
          cr_assert (s->min_width > 0 && s->min_width <= s->max_width && s->width > 0);
        }
      for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
        cr_assert_not_null (dg_theme_term_style (theme, terms[i]), "%s: term %s",
                            shipped_themes[t], terms[i]);
      cr_assert_null (dg_theme_term_style (theme, "primary"), "%s: primary needs no line of its own",
                      shipped_themes[t]);
      cr_assert_eq (g_strv_length ((char **) dg_theme_party_kinds (theme)),
                    G_N_ELEMENTS (party_kinds));
      cr_assert_eq (g_strv_length ((char **) dg_theme_tie_kinds (theme)),
                    G_N_ELEMENTS (tie_kinds));

      const DgFurnitureStyle *f = dg_theme_furniture (theme);
      cr_assert_str_eq (f->font, "DejaVu Sans");
      cr_assert (f->font_size >= 9 && f->label_font_size >= 7 && f->small_font_size >= 7);
      cr_assert (f->title_font_size > f->caption_font_size &&
                 f->caption_font_size > f->font_size && f->font_size > f->label_font_size);
    }
}

Test (theme, report_reads_without_colour)
{
  g_autoptr(DgTheme) theme = dg_test_load_theme ("report");

  /* Party kinds differ by shape and by fill. */
  for (guint i = 0; i < G_N_ELEMENTS (party_kinds); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (party_kinds); j++)
      {
        const DgPartyStyle *a = dg_theme_party_style (theme, party_kinds[i]);
        const DgPartyStyle *b = dg_theme_party_style (theme, party_kinds[j]);
        cr_assert_neq (a->shape, b->shape, "%s and %s share a shape", party_kinds[i],
                       party_kinds[j]);
        cr_assert (!color_eq (a->fill, b->fill), "%s and %s share a fill", party_kinds[i],
                   party_kinds[j]);
      }

  /* Tie kinds differ by colour and arrowhead only: line patterns are the
   * terms'. (How far apart the colours are, and that kinds sharing an
   * arrowhead differ in lightness: the palette tests below.) */
  for (guint i = 0; i < G_N_ELEMENTS (tie_kinds); i++)
    {
      const DgTieStyle *a = dg_theme_tie_style (theme, tie_kinds[i]);
      cr_assert_eq (a->dash.n, 0, "%s is drawn with a pattern, which would read as a term", tie_kinds[i]);
      for (guint j = i + 1; j < G_N_ELEMENTS (tie_kinds); j++)
        cr_assert (!color_eq (a->color, dg_theme_tie_style (theme, tie_kinds[j])->color),
                   "%s and %s share a colour", tie_kinds[i], tie_kinds[j]);
    }
  cr_assert (dg_theme_tie_style (theme, "owns")->width >=
             dg_theme_tie_style (theme, "stake")->max_width);

  /* Money spans orders of magnitude; a stake is linear over 0–100 %. */
  cr_assert_neq (dg_theme_tie_style (theme, "investment")->scale, DG_SCALE_LINEAR);
  cr_assert_neq (dg_theme_tie_style (theme, "revenue_share")->scale, DG_SCALE_LINEAR);
  cr_assert_eq (dg_theme_tie_style (theme, "stake")->scale, DG_SCALE_LINEAR);
  cr_assert (dg_theme_tie_style (theme, "investment")->max_width >=
             3 * dg_theme_tie_style (theme, "investment")->min_width);

  /* exclusive and nonexclusive differ in a grayscale print, and each
   * pattern means one thing: no change mark is drawn with one. */
  const DgTermStyle *ex = dg_theme_term_style (theme, "exclusive");
  const DgTermStyle *nx = dg_theme_term_style (theme, "nonexclusive");
  cr_assert (ex->double_line && !nx->double_line);
  cr_assert (ex->has_dash && ex->dash.n == 0, "exclusive is solid");
  cr_assert (nx->has_dash && nx->dash.n > 0, "nonexclusive is dashed");
  const DgTermStyle *capped = dg_theme_term_style (theme, "capped");
  cr_assert (capped->has_dash && capped->dash.n > 0 && !dash_eq (capped->dash, nx->dash));
  for (DgChangeKind k = DG_CHANGE_BEGAN; k <= DG_CHANGE_CHANGED; k++)
    {
      const DgChangeStyle *cs = dg_theme_change_style (theme, k);
      cr_assert (!cs->has_dash, "change mark %d is drawn with a pattern, which would read as a term", k);
      cr_assert_float_eq (cs->width_factor, 1.0, 1e-9, "change mark %d widens the tie as if it were worth more", k);
    }

  const DgFurnitureStyle *f = dg_theme_furniture (theme);
  cr_assert (color_eq (f->background, (DgColor) { 1, 1, 1, 1 }));
  cr_assert_geq (contrast (f->text, f->background), 7.0);
  cr_assert_geq (contrast (f->muted, f->background), 4.5);
}

Test (theme, every_shipped_theme_has_legible_text)
{
  for (guint t = 0; t < G_N_ELEMENTS (shipped_themes); t++)
    {
      g_autoptr(DgTheme) theme = dg_test_load_theme (shipped_themes[t]);
      const DgFurnitureStyle *f = dg_theme_furniture (theme);
      cr_assert_geq (contrast (f->text, f->background), 7.0, "%s text", shipped_themes[t]);
      cr_assert_geq (contrast (f->muted, f->background), 4.5, "%s muted", shipped_themes[t]);
      cr_assert_geq (contrast (f->accent, f->background), 3.0, "%s accent", shipped_themes[t]);
      for (guint i = 0; i <= G_N_ELEMENTS (party_kinds); i++)
        {
          const char *kind = i < G_N_ELEMENTS (party_kinds) ? party_kinds[i] : NULL;
          const DgPartyStyle *p = dg_theme_party_style (theme, kind);
          cr_assert_geq (contrast (p->text, p->fill), 4.5, "%s: party %s label",
                         shipped_themes[t], kind ? kind : "*");
        }
    }
}

Test (theme, dark_is_dark_with_the_same_semantics)
{
  g_autoptr(DgTheme) dark = dg_test_load_theme ("dark");
  g_autoptr(DgTheme) report = dg_test_load_theme ("report");
  const DgFurnitureStyle *f = dg_theme_furniture (dark);
  cr_assert_lt (luminance (f->background), 0.05);
  cr_assert_gt (luminance (f->text), 0.8);
  cr_assert_geq (contrast (f->text, f->background), 12.0);

  for (guint i = 0; i < G_N_ELEMENTS (tie_kinds); i++)
    {
      const DgTieStyle *d = dg_theme_tie_style (dark, tie_kinds[i]);
      const DgTieStyle *r = dg_theme_tie_style (report, tie_kinds[i]);
      cr_assert (dash_eq (d->dash, r->dash) && d->arrow == r->arrow && d->scale == r->scale &&
                 d->min_width == r->min_width && d->max_width == r->max_width,
                 "dark %s means something else", tie_kinds[i]);
      cr_assert_geq (contrast (d->color, f->background), 4.0, "dark %s line", tie_kinds[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (party_kinds); i++)
    cr_assert_eq (dg_theme_party_style (dark, party_kinds[i])->shape,
                  dg_theme_party_style (report, party_kinds[i])->shape);
}

Test (theme, grayscale_has_only_grays)
{
  g_autoptr(DgTheme) theme = dg_test_load_theme ("grayscale");
  const DgFurnitureStyle *f = dg_theme_furniture (theme);
  DgColor furniture[] = { f->background, f->text, f->muted, f->accent, f->label_background,
                          f->group_fill, f->group_stroke };
  for (guint i = 0; i < G_N_ELEMENTS (furniture); i++)
    cr_assert (gray (furniture[i]), "furniture colour %u is not gray", i);

  const char *const *kinds = dg_theme_party_kinds (theme);
  for (guint i = 0; i <= g_strv_length ((char **) kinds); i++)
    {
      const DgPartyStyle *p = dg_theme_party_style (theme, kinds[i]); /* last: default */
      cr_assert (gray (p->fill) && gray (p->stroke) && gray (p->text), "party %s",
                 kinds[i] ? kinds[i] : "*");
    }
  kinds = dg_theme_tie_kinds (theme);
  for (guint i = 0; i <= g_strv_length ((char **) kinds); i++)
    {
      const DgTieStyle *t = dg_theme_tie_style (theme, kinds[i]);
      cr_assert (gray (t->color), "tie %s", kinds[i] ? kinds[i] : "*");
      cr_assert_geq (contrast (t->color, f->background), 4.5, "tie %s too light",
                     kinds[i] ? kinds[i] : "*");
    }
  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      const DgTermStyle *s = dg_theme_term_style (theme, terms[i]);
      cr_assert (!s->has_color || gray (s->color), "term %s", terms[i]);
    }
}

/* ---- Inheritance and added kinds ----------------------------------------- */

Test (theme, child_overrides_one_key_and_keeps_the_rest)
{
  g_autoptr(DgTheme) report = dg_test_load_theme ("report");
  g_autoptr(DgTheme) child = data_ok ("child", "[theme]\ninherit = report\n"
                                               "[tie stake]\ncolor = #FF0000\n");
  cr_assert_str_eq (dg_theme_get_name (child), "child");
  cr_assert_null (dg_theme_get_path (child));

  const DgTieStyle *c = dg_theme_tie_style (child, "stake");
  const DgTieStyle *r = dg_theme_tie_style (report, "stake");
  cr_assert (color_eq (c->color, (DgColor) { 1, 0, 0, 1 }));
  cr_assert (!color_eq (r->color, c->color));
  cr_assert (dash_eq (c->dash, r->dash));
  cr_assert_eq (c->arrow, r->arrow);
  cr_assert_eq (c->scale, r->scale);
  cr_assert_eq (c->max_width, r->max_width);

  const DgTieStyle *ci = dg_theme_tie_style (child, "investment");
  const DgTieStyle *ri = dg_theme_tie_style (report, "investment");
  cr_assert (color_eq (ci->color, ri->color) && ci->scale == ri->scale);
  cr_assert (memcmp (dg_theme_party_style (child, "lab"), dg_theme_party_style (report, "lab"),
                     sizeof (DgPartyStyle)) == 0);
  cr_assert_eq (dg_theme_furniture (child)->font_size, dg_theme_furniture (report)->font_size);
  cr_assert (color_eq (dg_theme_furniture (child)->accent, dg_theme_furniture (report)->accent));
}

Test (theme, child_default_group_reaches_inherited_kinds)
{
  /* report's kinds do not set bold, so [party *] bold in a child reaches
   * them; a kind that sets a key itself keeps it. */
  g_autoptr(DgTheme) child = data_ok ("bold", "[theme]\ninherit = report\n"
                                              "[party *]\nbold = true\nshape = circle\n");
  cr_assert (dg_theme_party_style (child, "company")->bold);
  cr_assert (dg_theme_party_style (child, NULL)->bold);
  cr_assert_eq (dg_theme_party_style (child, "company")->shape, DG_SHAPE_ROUNDED);
  cr_assert_eq (dg_theme_party_style (child, "unheard-of")->shape, DG_SHAPE_CIRCLE);
}

Test (theme, inherit_by_relative_path)
{
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("theme");
  g_autofree char *base = write_file (dir.path, "base.theme",
                                      "[theme]\nmargin = 40\n[party company]\nshape = note\n");
  g_autofree char *leaf = write_file (dir.path, "leaf.theme",
                                      "[theme]\ninherit = base.theme\nname = Leaf\n"
                                      "[party company]\nfill = #00000080\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTheme) theme = dg_theme_load (leaf, &error);
  dg_test_tmp_dir_clear (&dir);
  cr_assert_not_null (theme, "%s", error ? error->message : "?");
  cr_assert_str_eq (dg_theme_get_name (theme), "Leaf");
  cr_assert_str_eq (dg_theme_get_path (theme), leaf);
  cr_assert_eq (dg_theme_furniture (theme)->margin, 40);
  const DgPartyStyle *p = dg_theme_party_style (theme, "company");
  cr_assert_eq (p->shape, DG_SHAPE_NOTE);
  cr_assert (fabs (p->fill.a - 128 / 255.0) < 1e-9 && p->fill.r == 0);
}

Test (theme, a_theme_adds_a_tie_kind)
{
  g_autoptr(DgTheme) report = dg_test_load_theme ("report");
  cr_assert (!dg_theme_knows_tie_kind (report, "loan"));

  g_autoptr(DgTheme) theme = data_ok ("loans", "[theme]\ninherit = report\n"
                                               "[tie loan]\ncolor = #112233\ndash = 4 2\n"
                                               "[party bank]\nshape = box\n");
  cr_assert (dg_theme_knows_tie_kind (theme, "loan"));
  cr_assert (dg_theme_knows_tie_kind (theme, "LOAN"), "kinds match case-insensitively");
  cr_assert (dg_theme_knows_party_kind (theme, "bank"));
  cr_assert (dg_theme_knows_tie_kind (theme, "stake"), "inherited kinds stay");

  const char *const *ties = dg_theme_tie_kinds (theme);
  guint n = g_strv_length ((char **) ties);
  cr_assert_str_eq (ties[n - 1], "loan", "added kinds come after the inherited ones");
  cr_assert_str_eq (ties[0], "stake");

  const DgTieStyle *loan = dg_theme_tie_style (theme, "loan");
  cr_assert_eq (loan->dash.n, 2);
  cr_assert (loan->dash.on_off[0] == 4 && loan->dash.on_off[1] == 2);
  /* What the group does not say comes from [tie *]. */
  const DgTieStyle *def = dg_theme_tie_style (theme, NULL);
  cr_assert (loan->arrow == def->arrow && loan->scale == def->scale &&
             loan->max_width == def->max_width);
}

Test (theme, unknown_kind_falls_back_to_the_default)
{
  g_autoptr(DgTheme) theme = dg_test_load_theme ("report");
  cr_assert_eq (dg_theme_tie_style (theme, "no-such-kind"), dg_theme_tie_style (theme, NULL));
  cr_assert_eq (dg_theme_party_style (theme, "no-such-kind"), dg_theme_party_style (theme, NULL));
  cr_assert (!dg_theme_knows_tie_kind (theme, "no-such-kind"));
  cr_assert (!dg_theme_knows_party_kind (theme, "*"));
  cr_assert (!dg_theme_knows_tie_kind (theme, NULL));
  cr_assert_null (dg_theme_term_style (theme, "no-such-term"));
  cr_assert_null (dg_theme_term_style (theme, NULL));
  cr_assert_neq (dg_theme_tie_style (theme, "stake"), dg_theme_tie_style (theme, NULL));
  cr_assert_eq (dg_theme_tie_style (theme, "Stake"), dg_theme_tie_style (theme, "stake"));
}

Test (theme, empty_theme_gets_built_in_defaults)
{
  g_autoptr(DgTheme) theme = data_ok ("empty", "");
  cr_assert_str_eq (dg_theme_furniture (theme)->font, "DejaVu Sans");
  cr_assert_eq (dg_theme_furniture (theme)->font_size, 10);
  cr_assert_eq (dg_theme_tie_style (theme, "stake")->width, 1.5);
  cr_assert_null (dg_theme_party_kinds (theme)[0]);
  cr_assert_null (dg_theme_tie_kinds (theme)[0]);
}

/* ---- Errors ----------------------------------------------------------------- */

Test (theme, bad_colour)
{
  expect_error ("bad-colour.theme", "[theme]\nbackground = #12345\n",
                "bad-colour.theme:2: [theme] background", "\"#12345\" is not a colour", NULL);
  expect_error ("bad-colour2.theme", "[party lab]\nfill = blue\n", "[party lab] fill", NULL);
  expect_error ("bad-colour3.theme", "[term capped]\ncolor = #GG0000\n", "[term capped] color",
                NULL);
}

Test (theme, bad_dash)
{
  expect_error ("templates/x.theme", "[theme]\n\n[tie stake]\ndash = zigzag\n",
                "templates/x.theme:4: [tie stake] dash: \"zigzag\" is not a dash pattern "
                "(solid, dashed, dotted, dashdot or numbers)", NULL);
  expect_error ("dash-long.theme", "[tie stake]\ndash = 1 2 3 4 5 6 7\n", "[tie stake] dash",
                "more than six", NULL);
  expect_error ("dash-zero.theme", "[term capped]\ndash = 0 0\n", "[term capped] dash", "zero",
                NULL);
}

Test (theme, unknown_key)
{
  expect_error ("typo.theme", "[tie stake]\ncolour = #000000\n", "typo.theme:2: [tie stake] colour",
                "unknown key", "did you mean color", NULL);
  expect_error ("typo2.theme", "[theme]\nwibble = 3\n", "[theme] wibble", "unknown key",
                "font-size", NULL);
  /* Keys of one group type are not keys of another. */
  expect_error ("typo3.theme", "[party company]\narrow = normal\n", "[party company] arrow",
                NULL);
  /* A term may no longer widen a tie; an older theme is told why. */
  expect_error ("old.theme", "[term primary]\nwidth-factor = 1.6\n", "old.theme:2: [term primary] width-factor",
                "says its value", NULL);
}

/* How ties without a value look: hollow unless the kind states its amount. */
Test (theme, no_value_is_hollow_except_where_the_kind_states_the_amount)
{
  for (guint t = 0; t < G_N_ELEMENTS (shipped_themes); t++)
    {
      g_autoptr(DgTheme) theme = dg_test_load_theme (shipped_themes[t]);
      for (guint i = 0; i < G_N_ELEMENTS (tie_kinds); i++)
        {
          const DgTieStyle *ts = dg_theme_tie_style (theme, tie_kinds[i]);
          gboolean owns = strcmp (tie_kinds[i], "owns") == 0;
          cr_assert_eq (ts->no_value, owns ? DG_NO_VALUE_PLAIN : DG_NO_VALUE_HOLLOW, "%s: %s", shipped_themes[t],
                        tie_kinds[i]);
          cr_assert (owns || ts->width >= DG_HOLLOW_MIN_WIDTH, "%s: a hollow %s is %g pt", shipped_themes[t],
                     tie_kinds[i], ts->width);
        }
    }
  g_autoptr(DgTheme) plain = data_ok ("plain.theme", "[tie *]\nno-value = plain\n[tie loan]\ncolor = #117733\n");
  cr_assert_eq (dg_theme_tie_style (plain, "loan")->no_value, DG_NO_VALUE_PLAIN, "a kind starts from [tie *]");
  g_autoptr(DgTheme) empty = data_ok ("empty.theme", "[theme]\n");
  cr_assert_eq (dg_theme_tie_style (empty, NULL)->no_value, DG_NO_VALUE_HOLLOW, "built in: hollow");
  expect_error ("nv.theme", "[tie stake]\nno-value = empty\n", "nv.theme:2: [tie stake] no-value",
                "\"empty\" is not a look for ties without a value (hollow or plain)", NULL);
}

Test (theme, unknown_shape_arrow_scale_and_bool)
{
  expect_error ("shape.theme", "[party company]\nshape = blob\n", "[party company] shape",
                "\"blob\" is not a shape", "parallelogram", NULL);
  expect_error ("arrow.theme", "[tie stake]\narrow = harpoon\n", "[tie stake] arrow", "harpoon",
                NULL);
  expect_error ("scale.theme", "[tie stake]\nscale = cubic\n", "[tie stake] scale", "cubic",
                NULL);
  expect_error ("bool.theme", "[term exclusive]\ndouble-line = maybe\n",
                "[term exclusive] double-line", NULL);
}

Test (theme, bad_numbers)
{
  expect_error ("num.theme", "[theme]\nfont-size = big\n", "[theme] font-size", "not a number",
                NULL);
  expect_error ("num2.theme", "[theme]\nfont-size = 0\n", "[theme] font-size", "outside", NULL);
  expect_error ("num3.theme", "[tie stake]\nwidth = nan\n", "[tie stake] width", NULL);
  expect_error ("minmax.theme", "[tie stake]\nmin-width = 8\nmax-width = 4\n", "[tie stake]",
                "min-width", NULL);
}

Test (theme, syntax_error_names_file_and_line)
{
  expect_error ("syntax.theme", "[theme]\nmargin = 3\nthis line is wrong\n", "syntax.theme:3:",
                "this line is wrong", NULL);
  expect_error ("syntax2.theme", "margin = 3\n", "syntax2.theme:1:", "before any group", NULL);
  expect_error ("syntax3.theme", "[theme\n", "syntax3.theme:1:", NULL);
  expect_error ("syntax4.theme", "[theme]\nfont = A\xff\n", "syntax4.theme:2:", "UTF-8", NULL);
  expect_error ("syntax5.theme", "[theme]\nname = x\nname = y\n", "syntax5.theme:3:",
                "[theme] name", "line 2", NULL);
  expect_error ("syntax6.theme", "[tie stake]\n[theme]\n[tie stake]\n", "syntax6.theme:3:",
                "[tie stake]", NULL);
  expect_error ("syntax7.theme", "[theme]\nname[de] = x\n", "syntax7.theme:2:", NULL);
}

Test (theme, unknown_group)
{
  expect_error ("group.theme", "[theme]\n[furniture]\n", "group.theme:2: [furniture]",
                "unknown group", NULL);
  expect_error ("group2.theme", "[party]\nshape = box\n", "[party]", "KIND", NULL);
  expect_error ("group3.theme", "[tie stake extra]\n", "[tie stake extra]", NULL);
  expect_error ("group4.theme", "[tie stake]\n[tie  stake]\n", "[tie  stake]", "same as", NULL);
}

Test (theme, inherit_cycle)
{
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("theme");
  g_autofree char *a = write_file (dir.path, "a.theme", "[theme]\ninherit = b.theme\n");
  g_autofree char *b = write_file (dir.path, "b.theme", "[theme]\ninherit = a.theme\n");
  g_autofree char *self = write_file (dir.path, "self.theme", "[theme]\n\ninherit = ./self.theme\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTheme) theme = dg_theme_load (a, &error);
  g_autoptr(GError) error2 = NULL;
  g_autoptr(DgTheme) theme2 = dg_theme_load (self, &error2);
  dg_test_tmp_dir_clear (&dir);

  cr_assert_null (theme);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_THEME));
  cr_assert (strstr (error->message, "b.theme:2: [theme] inherit") != NULL, "%s", error->message);
  cr_assert (strstr (error->message, "cycle") != NULL, "%s", error->message);
  cr_assert (strstr (error->message, "a.theme") != NULL, "%s", error->message);

  cr_assert_null (theme2);
  cr_assert (g_error_matches (error2, DEALGRAPH_ERROR, DG_ERROR_THEME));
  cr_assert (strstr (error2->message, "self.theme:3: [theme] inherit") != NULL, "%s",
             error2->message);
  cr_assert (strstr (error2->message, "cycle") != NULL, "%s", error2->message);
}

Test (theme, errors_in_a_parent_name_the_parent)
{
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("theme");
  g_autofree char *base = write_file (dir.path, "base.theme", "[tie stake]\ndash = wavy\n");
  g_autofree char *leaf = write_file (dir.path, "leaf.theme", "[theme]\ninherit = base.theme\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTheme) theme = dg_theme_load (leaf, &error);
  dg_test_tmp_dir_clear (&dir);
  cr_assert_null (theme);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_THEME));
  cr_assert (strstr (error->message, "base.theme:2: [tie stake] dash") != NULL, "%s",
             error->message);
}

Test (theme, missing_theme_lists_the_available_ones)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTheme) theme = dg_theme_load ("no-such-theme", &error);
  cr_assert_null (theme);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_THEME));
  const char *want[] = { "no-such-theme", dg_theme_template_dir (), "dark, grayscale, report" };
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    cr_assert (strstr (error->message, want[i]) != NULL, "expected %s in: %s", want[i],
               error->message);

  expect_error ("orphan.theme", "[theme]\ninherit = nope\n", "orphan.theme:2: [theme] inherit",
                "\"nope\"", "report", NULL);
}

Test (theme, missing_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTheme) theme = dg_theme_load ("/nonexistent/dir/x.theme", &error);
  cr_assert_null (theme);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_THEME));
  cr_assert (strstr (error->message, "/nonexistent/dir/x.theme") != NULL, "%s", error->message);
}

/* ---- The template directory ---------------------------------------------- */

Test (theme, template_dir_follows_the_environment)
{
  const char *env = g_getenv ("DEALGRAPH_TEMPLATES");
  cr_assert_not_null (env, "meson sets DEALGRAPH_TEMPLATES for tests");
  cr_assert_str_eq (dg_theme_template_dir (), env);
  g_autoptr(DgTheme) theme = dg_test_load_theme ("report");
  g_autofree char *want = g_build_filename (env, "report.theme", NULL);
  cr_assert_str_eq (dg_theme_get_path (theme), want);
}

Test (theme, template_dir_from_the_build_tree)
{
  /* Each Criterion test is its own process, so the g_once value is fresh. */
  g_unsetenv ("DEALGRAPH_TEMPLATES");
  cr_assert_str_eq (dg_theme_template_dir (), DG_SOURCE_TEMPLATES_DIR);
  cr_assert_eq (dg_theme_template_dir (), dg_theme_template_dir (), "computed once");
}

/* ---- The README's examples are themes that load ------------------------- */

Test (theme, readme_examples_load)
{
  g_autofree char *readme = g_build_filename (g_getenv ("DEALGRAPH_TEMPLATES"), "README.md", NULL);
  g_autofree char *text = NULL;
  cr_assert (g_file_get_contents (readme, &text, NULL, NULL), "cannot read %s", readme);
  guint n = 0;
  for (const char *p = strstr (text, "```ini\n"); p != NULL; p = strstr (p, "```ini\n"))
    {
      p += strlen ("```ini\n");
      const char *end = strstr (p, "```");
      cr_assert_not_null (end);
      g_autofree char *block = g_strndup (p, (gsize) (end - p));
      g_autofree char *name = g_strdup_printf ("README.md example %u", ++n);
      g_autoptr(DgTheme) theme = data_ok (name, block);
      p = end + 3;
    }
  cr_assert_geq (n, 2, "README.md should show the format by example");
}

/* ---- Palettes that tell kinds apart (issue 15) ---------------------------
 *
 * Computed from the shipped theme files as loaded, so a colour edited in a
 * theme is judged here without the test repeating it:
 * - sRGB (IEC 61966-2-1) → CIE XYZ → CIELAB under D65;
 * - CIEDE2000 as Sharma, Wu & Dalal (2005) give it, checked against their
 *   published test pairs;
 * - deuteranopia as Machado, Oliveira & Fernandes (2009) simulate it:
 *   their severity-1.0 matrix on linear RGB;
 * - WCAG 2 contrast for lines against the background.
 * Every tie kind a theme defines is judged, `owns` included: it is drawn
 * like the largest stake (same arrowhead) but in its own colour, so it must
 * be told from a stake by colour like any other pair. */

typedef struct {
  double L, a, b;
} Lab;

static double
to_linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
to_srgb (double c)
{
  c = CLAMP (c, 0.0, 1.0);
  return c <= 0.0031308 ? 12.92 * c : 1.055 * pow (c, 1 / 2.4) - 0.055;
}

static double
lab_f (double t)
{
  return t > 216.0 / 24389 ? cbrt (t) : (24389.0 / 27 * t + 16) / 116;
}

static Lab
lab_of (DgColor c)
{
  double r = to_linear (c.r), g = to_linear (c.g), b = to_linear (c.b);
  double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
  double fx = lab_f (x / 0.95047), fy = lab_f (y / 1.0), fz = lab_f (z / 1.08883);
  return (Lab) { 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz) };
}

static double
rad (double deg)
{
  return deg * G_PI / 180;
}

/* CIEDE2000 (kL = kC = kH = 1), following Sharma, Wu & Dalal (2005),
 * "The CIEDE2000 color-difference formula: implementation notes,
 * supplementary test data, and mathematical observations". */
static double
ciede2000 (Lab p, Lab q)
{
  double c1 = hypot (p.a, p.b), c2 = hypot (q.a, q.b), cbar = (c1 + c2) / 2;
  double c7 = pow (cbar, 7);
  double g = 0.5 * (1 - sqrt (c7 / (c7 + pow (25, 7))));
  double a1 = (1 + g) * p.a, a2 = (1 + g) * q.a;
  double c1p = hypot (a1, p.b), c2p = hypot (a2, q.b);
  double h1 = (a1 == 0 && p.b == 0) ? 0 : fmod (atan2 (p.b, a1) * 180 / G_PI + 360, 360);
  double h2 = (a2 == 0 && q.b == 0) ? 0 : fmod (atan2 (q.b, a2) * 180 / G_PI + 360, 360);
  double dl = q.L - p.L, dc = c2p - c1p, dh = 0;
  if (c1p * c2p != 0)
    {
      dh = h2 - h1;
      if (dh > 180)
        dh -= 360;
      else if (dh < -180)
        dh += 360;
    }
  double dH = 2 * sqrt (c1p * c2p) * sin (rad (dh / 2));
  double lbar = (p.L + q.L) / 2, cbarp = (c1p + c2p) / 2, hbar;
  if (c1p * c2p == 0)
    hbar = h1 + h2;
  else if (fabs (h1 - h2) <= 180)
    hbar = (h1 + h2) / 2;
  else if (h1 + h2 < 360)
    hbar = (h1 + h2 + 360) / 2;
  else
    hbar = (h1 + h2 - 360) / 2;
  double t = 1 - 0.17 * cos (rad (hbar - 30)) + 0.24 * cos (rad (2 * hbar)) + 0.32 * cos (rad (3 * hbar + 6))
             - 0.20 * cos (rad (4 * hbar - 63));
  double dtheta = 30 * exp (-pow ((hbar - 275) / 25, 2));
  double c7p = pow (cbarp, 7);
  double rc = 2 * sqrt (c7p / (c7p + pow (25, 7)));
  double sl = 1 + 0.015 * pow (lbar - 50, 2) / sqrt (20 + pow (lbar - 50, 2));
  double sc = 1 + 0.045 * cbarp, sh = 1 + 0.015 * cbarp * t;
  double rt = -sin (rad (2 * dtheta)) * rc;
  return sqrt (pow (dl / sl, 2) + pow (dc / sc, 2) + pow (dH / sh, 2) + rt * (dc / sc) * (dH / sh));
}

/* @c as a deuteranope sees it: Machado et al. (2009), severity 1.0. */
static DgColor
deuteranope (DgColor c)
{
  static const double m[3][3] = { { 0.367322, 0.860646, -0.227968 },
                                  { 0.280085, 0.672501, 0.047413 },
                                  { -0.011820, 0.042940, 0.968881 } };
  double in[3] = { to_linear (c.r), to_linear (c.g), to_linear (c.b) }, out[3];
  for (guint i = 0; i < 3; i++)
    out[i] = to_srgb (m[i][0] * in[0] + m[i][1] * in[1] + m[i][2] * in[2]);
  return (DgColor) { out[0], out[1], out[2], c.a };
}

static char *
hex (DgColor c)
{
  return g_strdup_printf ("#%02X%02X%02X", (int) lround (c.r * 255), (int) lround (c.g * 255),
                          (int) lround (c.b * 255));
}

static const char *
arrow_name (DgArrow arrow)
{
  return dg_arrow_graphviz_name (arrow);
}

/* How far apart two kinds must be. */
#define MIN_DE_NORMAL 20.0
#define MIN_DE_DEUTERANOPE 15.0
#define MIN_LINE_CONTRAST 3.0
/* Lightness that tells two lines apart in a grey print. */
#define MIN_DL_GREY 15.0

Test (palette, ciede2000_matches_sharma_2005)
{
  /* Pairs 1, 7, 17, 25 and 21 of Sharma, Wu & Dalal (2005), table 1. */
  static const struct {
    Lab p, q;
    double de;
  } pairs[] = {
    { { 50.0000, 2.6772, -79.7751 }, { 50.0000, 0.0000, -82.7485 }, 2.0425 },
    { { 50.0000, 0.0000, 0.0000 }, { 50.0000, -1.0000, 2.0000 }, 2.3669 },
    { { 50.0000, 2.5000, 0.0000 }, { 73.0000, 25.0000, -18.0000 }, 27.1492 },
    { { 60.2574, -34.0099, 36.2677 }, { 60.4626, -34.1751, 39.4387 }, 1.2644 },
    { { 50.0000, 2.5000, 0.0000 }, { 50.0000, 3.1736, 0.5854 }, 1.0000 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      cr_assert_float_eq (ciede2000 (pairs[i].p, pairs[i].q), pairs[i].de, 1e-4, "pair %u", i);
      cr_assert_float_eq (ciede2000 (pairs[i].q, pairs[i].p), pairs[i].de, 1e-4, "pair %u reversed", i);
    }
  /* sRGB → Lab anchors: white, and sRGB red (53.24, 80.09, 67.20). */
  Lab white = lab_of ((DgColor) { 1, 1, 1, 1 }), red = lab_of ((DgColor) { 1, 0, 0, 1 });
  cr_assert_float_eq (white.L, 100, 1e-3);
  cr_assert (fabs (white.a) < 1e-3 && fabs (white.b) < 1e-3);
  cr_assert (fabs (red.L - 53.24) < 0.01 && fabs (red.a - 80.09) < 0.01 && fabs (red.b - 67.20) < 0.01,
             "red is %.2f %.2f %.2f", red.L, red.a, red.b);
  /* A deuteranope tells neither grey nor blue from what others see much,
   * and red and green collapse together. */
  DgColor grey = deuteranope ((DgColor) { 0.5, 0.5, 0.5, 1 });
  cr_assert (ciede2000 (lab_of (grey), lab_of ((DgColor) { 0.5, 0.5, 0.5, 1 })) < 1.0);
  DgColor r = deuteranope ((DgColor) { 0.8, 0.2, 0.1, 1 }), g = deuteranope ((DgColor) { 0.35, 0.45, 0.1, 1 });
  cr_assert_lt (ciede2000 (lab_of (r), lab_of (g)), 10);
  cr_assert_float_eq (contrast ((DgColor) { 0, 0, 0, 1 }, (DgColor) { 1, 1, 1, 1 }), 21.0, 1e-9);
}

/* Every pair of tie kinds of @theme_name differs by CIEDE2000 >= 20 and,
 * for a deuteranope, >= 15. */
static void
check_kinds_differ_in_colour (const char *theme_name)
{
  g_autoptr(DgTheme) theme = dg_test_load_theme (theme_name);
  const char *const *kinds = dg_theme_tie_kinds (theme);
  cr_assert_geq (g_strv_length ((char **) kinds), G_N_ELEMENTS (tie_kinds));
  for (guint i = 0; kinds[i] != NULL; i++)
    for (guint j = i + 1; kinds[j] != NULL; j++)
      {
        DgColor a = dg_theme_tie_style (theme, kinds[i])->color, b = dg_theme_tie_style (theme, kinds[j])->color;
        g_autofree char *ha = hex (a), *hb = hex (b);
        double normal = ciede2000 (lab_of (a), lab_of (b));
        double deut = ciede2000 (lab_of (deuteranope (a)), lab_of (deuteranope (b)));
        cr_expect_geq (normal, MIN_DE_NORMAL, "%s figures: %s %s and %s %s differ by ΔE2000 %.1f (need %.0f)",
                       theme_name, kinds[i], ha, kinds[j], hb, normal, MIN_DE_NORMAL);
        cr_expect_geq (deut, MIN_DE_DEUTERANOPE,
                       "%s figures: %s %s and %s %s differ by ΔE2000 %.1f for a deuteranope (need %.0f)",
                       theme_name, kinds[i], ha, kinds[j], hb, deut, MIN_DE_DEUTERANOPE);
      }
}

Test (palette, tie_kinds_differ_in_colour_report)
{
  check_kinds_differ_in_colour ("report");
}

Test (palette, tie_kinds_differ_in_colour_dark)
{
  check_kinds_differ_in_colour ("dark");
}

Test (palette, every_tie_stands_out_from_the_background)
{
  for (guint t = 0; t < G_N_ELEMENTS (shipped_themes); t++)
    {
      g_autoptr(DgTheme) theme = dg_test_load_theme (shipped_themes[t]);
      DgColor bg = dg_theme_furniture (theme)->background;
      const char *const *kinds = dg_theme_tie_kinds (theme);
      for (guint i = 0; i <= g_strv_length ((char **) kinds); i++)
        {
          DgColor c = dg_theme_tie_style (theme, kinds[i])->color; /* last: the default */
          g_autofree char *hc = hex (c), *hbg = hex (bg);
          cr_expect_geq (contrast (c, bg), MIN_LINE_CONTRAST, "%s figures: %s %s on %s has contrast %.2f:1 (need 3:1)",
                         shipped_themes[t], kinds[i] != NULL ? kinds[i] : "*", hc, hbg, contrast (c, bg));
        }
    }
}

/* In grey (L* alone), two tie kinds of @theme_name that share an arrowhead
 * and a line pattern must differ in lightness by MIN_DL_GREY. */
static void
check_kinds_differ_in_grey (const char *theme_name, const char *how)
{
  g_autoptr(DgTheme) theme = dg_test_load_theme (theme_name);
  const char *const *kinds = dg_theme_tie_kinds (theme);
  for (guint i = 0; kinds[i] != NULL; i++)
    for (guint j = i + 1; kinds[j] != NULL; j++)
      {
        const DgTieStyle *a = dg_theme_tie_style (theme, kinds[i]), *b = dg_theme_tie_style (theme, kinds[j]);
        if (a->arrow != b->arrow || !dash_eq (a->dash, b->dash))
          continue;
        double dl = fabs (lab_of (a->color).L - lab_of (b->color).L);
        cr_expect_geq (dl, MIN_DL_GREY,
                       "%s figures%s: %s and %s share the %s arrowhead and their pattern, and differ by "
                       "ΔL* %.1f (need %.0f)",
                       theme_name, how, kinds[i], kinds[j], arrow_name (a->arrow), dl, MIN_DL_GREY);
      }
}

Test (palette, grayscale_kinds_differ_by_lightness_or_marker)
{
  check_kinds_differ_in_grey ("grayscale", "");
}

Test (palette, report_printed_in_grey_keeps_kinds_apart)
{
  check_kinds_differ_in_grey ("report", " printed in grey");
}
