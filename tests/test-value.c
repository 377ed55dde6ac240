/* test-value.c — tie values (dg_value_parse), stage file names (dg_safe_name) and figure file stems. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "error.h"
#include "load.h"
#include "model.h"

/* ---- dg_value_parse: accepted forms ------------------------------------ */

typedef struct {
  const char *text;
  double amount;
  DgUnit unit;
  const char *currency;
  DgQualifier qualifier;
} GoodValue;

static const GoodValue good_values[] = {
  { "27%", 27, DG_UNIT_PERCENT, "", DG_QUALIFIER_NONE },
  { "$50B", 5e10, DG_UNIT_CURRENCY, "$", DG_QUALIFIER_NONE },
  { "$7.5B", 7.5e9, DG_UNIT_CURRENCY, "$", DG_QUALIFIER_NONE },
  { "$300M", 3e8, DG_UNIT_CURRENCY, "$", DG_QUALIFIER_NONE },
  { "1200", 1200, DG_UNIT_NONE, "", DG_QUALIFIER_NONE },
  { "1,200", 1200, DG_UNIT_NONE, "", DG_QUALIFIER_NONE },
  { "1,234,567", 1234567, DG_UNIT_NONE, "", DG_QUALIFIER_NONE },
  { "up to $50B", 5e10, DG_UNIT_CURRENCY, "$", DG_QUALIFIER_UP_TO },
  { "about 27%", 27, DG_UNIT_PERCENT, "", DG_QUALIFIER_ABOUT },
  { "approximately 27 percent", 27, DG_UNIT_PERCENT, "", DG_QUALIFIER_ABOUT },
  { "~27%", 27, DG_UNIT_PERCENT, "", DG_QUALIFIER_ABOUT },
  { "\xe2\x82\xac" "3bn", 3e9, DG_UNIT_CURRENCY, "\xe2\x82\xac", DG_QUALIFIER_NONE }, /* €3bn */
  { "\xc2\xa3" "200K", 2e5, DG_UNIT_CURRENCY, "\xc2\xa3", DG_QUALIFIER_NONE },       /* £200K */
  { "at least $1B", 1e9, DG_UNIT_CURRENCY, "$", DG_QUALIFIER_AT_LEAST },
  { "over $1B", 1e9, DG_UNIT_CURRENCY, "$", DG_QUALIFIER_AT_LEAST },
  { "USD 5M", 5e6, DG_UNIT_CURRENCY, "USD", DG_QUALIFIER_NONE },
  { "5M USD", 5e6, DG_UNIT_CURRENCY, "USD", DG_QUALIFIER_NONE },
  { "$7.5 billion", 7.5e9, DG_UNIT_CURRENCY, "$", DG_QUALIFIER_NONE },
  { "0", 0, DG_UNIT_NONE, "", DG_QUALIFIER_NONE },
  { "0%", 0, DG_UNIT_PERCENT, "", DG_QUALIFIER_NONE },
  { "100%", 100, DG_UNIT_PERCENT, "", DG_QUALIFIER_NONE },
  { "$2T", 2e12, DG_UNIT_CURRENCY, "$", DG_QUALIFIER_NONE },
};

static gboolean
amount_eq (double a, double b)
{
  return fabs (a - b) <= 1e-9 * fmax (1.0, fabs (b));
}

static const char *
unit_name (DgUnit unit)
{
  switch (unit)
    {
    case DG_UNIT_NONE:
      return "none";
    case DG_UNIT_PERCENT:
      return "percent";
    case DG_UNIT_CURRENCY:
      return "currency";
    }
  return "?";
}

/* Every accepted form parses to the expected fields; all mismatches are
 * reported at once so one broken form does not hide the others. */
Test (value, accepts_every_documented_form)
{
  g_autoptr (GString) failures = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (good_values); i++)
    {
      const GoodValue *want = &good_values[i];
      DgValue v;
      memset (&v, 0xab, sizeof v);
      g_autoptr (GError) error = NULL;
      if (!dg_value_parse (want->text, &v, &error))
        {
          g_string_append_printf (failures, "\n  \"%s\": rejected: %s", want->text,
                                  error != NULL ? error->message : "(no error set)");
          continue;
        }
      if (error != NULL)
        g_string_append_printf (failures, "\n  \"%s\": accepted but error set", want->text);
      if (!v.present)
        g_string_append_printf (failures, "\n  \"%s\": present is FALSE", want->text);
      if (!amount_eq (v.amount, want->amount))
        g_string_append_printf (failures, "\n  \"%s\": amount %g, want %g", want->text, v.amount,
                                want->amount);
      if (v.unit != want->unit)
        g_string_append_printf (failures, "\n  \"%s\": unit %s, want %s", want->text,
                                unit_name (v.unit), unit_name (want->unit));
      if (strcmp (v.currency, want->currency) != 0)
        g_string_append_printf (failures, "\n  \"%s\": currency \"%s\", want \"%s\"", want->text,
                                v.currency, want->currency);
      if (v.qualifier != want->qualifier)
        g_string_append_printf (failures, "\n  \"%s\": qualifier %d, want %d", want->text,
                                v.qualifier, want->qualifier);
      if (v.text != want->text)
        g_string_append_printf (failures, "\n  \"%s\": text does not point at the input", want->text);
    }
  cr_assert (failures->len == 0, "accepted forms that parse wrong:%s", failures->str);
}

Test (value, up_to_keeps_every_field)
{
  const char *text = "up to $50B";
  DgValue v;
  g_autoptr (GError) error = NULL;
  cr_assert (dg_value_parse (text, &v, &error), "%s", error ? error->message : "");
  cr_assert (v.present);
  cr_assert_eq (v.qualifier, DG_QUALIFIER_UP_TO);
  cr_assert_eq (v.unit, DG_UNIT_CURRENCY);
  cr_assert_float_eq (v.amount, 5e10, 1);
  cr_assert_str_eq (v.currency, "$");
  cr_assert_eq (v.text, text, "text must be the input itself, for labels");
  cr_assert_str_eq (v.text, "up to $50B");
}

Test (value, percent_amount_is_the_number_not_a_fraction)
{
  DgValue v;
  cr_assert (dg_value_parse ("27%", &v, NULL));
  cr_assert_float_eq (v.amount, 27.0, 1e-12);
  cr_assert_eq (v.unit, DG_UNIT_PERCENT);
  cr_assert_str_eq (v.currency, "");
}

Test (value, plain_count_has_no_unit_or_currency)
{
  DgValue v;
  cr_assert (dg_value_parse ("1200", &v, NULL));
  cr_assert_eq (v.unit, DG_UNIT_NONE);
  cr_assert_str_eq (v.currency, "");
  cr_assert_eq (v.qualifier, DG_QUALIFIER_NONE);
  cr_assert_float_eq (v.amount, 1200.0, 1e-9);
}

Test (value, iso_code_before_or_after_is_the_currency)
{
  DgValue before, after;
  cr_assert (dg_value_parse ("USD 5M", &before, NULL));
  cr_assert (dg_value_parse ("5M USD", &after, NULL));
  cr_assert_str_eq (before.currency, "USD");
  cr_assert_str_eq (after.currency, "USD");
  cr_assert_float_eq (before.amount, 5e6, 1e-3);
  cr_assert_float_eq (after.amount, 5e6, 1e-3);
}

Test (value, zero_is_present)
{
  DgValue v = { 0 };
  cr_assert (dg_value_parse ("0", &v, NULL));
  cr_assert (v.present, "a zero value is still a value");
  cr_assert_float_eq (v.amount, 0.0, 0);
}

/* ---- dg_value_parse: rejected forms ------------------------------------ */

typedef struct {
  const char *text;
  const char *fragment; /* must appear in the error message */
} BadValue;

static const BadValue bad_values[] = {
  { "abc", "is not a number" },
  { "lots", "is not a number" },
  { "", "is empty" },
  { "   ", "is empty" },
  { "-5", "negative" },
  { "\xe2\x88\x92" "5", "negative" }, /* U+2212 MINUS SIGN */
  { "$-5B", "negative" },
  { "-$5B", "negative" },
  { "inf", "not finite" },
  { "nan", "not finite" },
  { "1e999", "not finite" },
  { "101%", "above 100%" },
  { "127%", "above 100%" },
  { "$5Q", "is not a number" },
  /* "5% USD" has its own test below (percent_then_currency_code_names_both). */
  { "$5%", "both a currency and a percentage" },
  { "27 % extra", "is not a number" },
  { "up to", "is not a number" },
  { "$", "is not a number" },
  { "1.2.3", "is not a number" },
};

Test (value, rejects_bad_forms_with_their_reason)
{
  g_autoptr (GString) failures = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      const BadValue *want = &bad_values[i];
      DgValue v = { 0 };
      g_autoptr (GError) error = NULL;
      if (dg_value_parse (want->text, &v, &error))
        {
          g_string_append_printf (failures, "\n  \"%s\": accepted (amount %g)", want->text, v.amount);
          continue;
        }
      if (error == NULL)
        {
          g_string_append_printf (failures, "\n  \"%s\": rejected without an error", want->text);
          continue;
        }
      if (!g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_INVALID))
        g_string_append_printf (failures, "\n  \"%s\": wrong domain/code: %s", want->text, error->message);
      if (strstr (error->message, want->fragment) == NULL)
        g_string_append_printf (failures, "\n  \"%s\": message \"%s\" lacks \"%s\"", want->text,
                                error->message, want->fragment);
    }
  cr_assert (failures->len == 0, "rejected forms that fail wrong:%s", failures->str);
}

Test (value, error_message_quotes_the_value)
{
  g_autoptr (GError) error = NULL;
  DgValue v;
  cr_assert_not (dg_value_parse ("$5Q", &v, &error));
  cr_assert_not_null (error);
  cr_assert (strstr (error->message, "\"$5Q\"") != NULL, "message: %s", error->message);
}

/* Each of the two orders of "currency with a percentage" names that reason,
 * not a generic "unexpected text after it": after "%" the parser still
 * looks for a currency. */
Test (value, percent_then_currency_code_names_both)
{
  g_autoptr (GError) error = NULL;
  DgValue v;
  cr_assert_not (dg_value_parse ("5% USD", &v, &error));
  cr_assert (strstr (error->message, "both a currency and a percentage") != NULL,
             "\"5%% USD\" gives: %s", error->message);
}

Test (value, currency_sign_then_percent_names_both)
{
  g_autoptr (GError) error = NULL;
  DgValue v;
  cr_assert_not (dg_value_parse ("$5%", &v, &error));
  cr_assert (strstr (error->message, "both a currency and a percentage") != NULL, "%s", error->message);
}

Test (value, hundred_percent_is_the_upper_bound)
{
  DgValue v;
  cr_assert (dg_value_parse ("100%", &v, NULL));
  g_autoptr (GError) error = NULL;
  cr_assert_not (dg_value_parse ("100.5%", &v, &error));
  cr_assert (strstr (error->message, "above 100%") != NULL, "%s", error->message);
}

/* ---- dg_safe_name ------------------------------------------------------ */

static gboolean
only_safe_chars (const char *s)
{
  for (const char *p = s; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '_' || *p == '-'))
      return FALSE;
  return TRUE;
}

static void
expect_safe_name (const char *id, const char *want)
{
  g_autofree char *got = dg_safe_name (id);
  cr_assert_str_eq (got, want, "dg_safe_name(\"%s\") = \"%s\", want \"%s\"", id, got, want);
}

Test (safe_name, slash_becomes_dash)
{
  g_autofree char *got = dg_safe_name ("2030/Q1");
  cr_assert_null (strchr (got, '/'), "got %s", got);
  cr_assert_str_eq (got, "2030-q1");
}

Test (safe_name, dots_alone_become_stage)
{
  expect_safe_name ("..", "stage");
  expect_safe_name (".", "stage");
  expect_safe_name ("...", "stage");
}

Test (safe_name, empty_becomes_stage)
{
  expect_safe_name ("", "stage");
}

Test (safe_name, transliterates_before_dashing)
{
  expect_safe_name ("\xc3\x9c" "ber uns", "uber-uns"); /* Über uns */
}

Test (safe_name, space_becomes_dash)
{
  expect_safe_name ("a b", "a-b");
  expect_safe_name ("a   b", "a-b");
}

Test (safe_name, keeps_plain_ids)
{
  expect_safe_name ("y2030", "y2030");
  expect_safe_name ("agreement", "agreement");
  expect_safe_name ("v1.2_final", "v1.2_final");
}

Test (safe_name, lowercases)
{
  expect_safe_name ("Y2030", "y2030");
}

Test (safe_name, path_escape_stays_in_directory)
{
  g_autofree char *got = dg_safe_name ("../../tmp/owned");
  cr_assert_null (strchr (got, '/'));
  cr_assert_neq (got[0], '.', "got %s", got);
  cr_assert_str_eq (got, "tmp-owned");
}

Test (safe_name, leading_dash_dropped)
{
  expect_safe_name ("-rf", "rf");
}

Test (safe_name, long_id_capped_at_64)
{
  g_autofree char *id = g_strnfill (300, 'x');
  g_autofree char *got = dg_safe_name (id);
  cr_assert_eq (strlen (got), 64);
}

/* The cap must hold wherever a separator falls, including just before it:
 * the pending '-' and the next character count against it too (63
 * characters, a separator and more text once gave 65 bytes). */
Test (safe_name, cap_holds_with_separator_near_the_limit)
{
  g_autoptr (GString) failures = g_string_new (NULL);
  for (guint k = 1; k <= 70; k++)
    {
      g_autofree char *head = g_strnfill (k, 'a');
      g_autofree char *tail = g_strnfill (100, 'b');
      g_autofree char *id = g_strconcat (head, " ", tail, NULL);
      g_autofree char *got = dg_safe_name (id);
      if (strlen (got) > 64)
        g_string_append_printf (failures, " %u a's + \" b...\" gives %zu bytes;", k, strlen (got));
    }
  cr_assert (failures->len == 0, "safe name longer than 64:%s", failures->str);
}

/* Whatever goes in, what comes out is a harmless file name. */
Test (safe_name, result_is_always_a_safe_file_name)
{
  static const char *const ids[] = {
    "2030/Q1", "..", ".", "", "Über uns", "a b", "-rf", "../../tmp/owned", ".hidden", "...a",
    "a/../b", "\x01\x02", "a\x7f" "b", "\xff\xfe", "北京", "Москва", "C:\\Windows", "a\nb",
    "--", "__", "a.", "a-", "~user", "$HOME", "*", "?", "con", "\xe2\x80\xae" "gnp.exe",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *got = dg_safe_name (ids[i]);
      cr_assert_not_null (got);
      cr_assert (got[0] != '\0', "empty for id #%zu", i);
      cr_assert (only_safe_chars (got), "id #%zu gives \"%s\"", i, got);
      cr_assert_neq (got[0], '.', "id #%zu gives \"%s\" (hidden file)", i, got);
      cr_assert_neq (got[0], '-', "id #%zu gives \"%s\" (looks like an option)", i, got);
      cr_assert (strcmp (got, ".") != 0 && strcmp (got, "..") != 0);
      cr_assert (strlen (got) <= 64);
    }
}

Test (safe_name, typical_ids_stay_distinct)
{
  static const char *const ids[] = {
    "before", "amazon", "agreement", "y2030", "y2032", "s1", "s2", "s3", "2024", "2025",
    "2030/Q1", "..", "../../tmp/owned", "Über uns", "a b", "-rf", "q1-2030", "seed", "series_a",
    "v1.0", "v1.1",
  };
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      char *got = dg_safe_name (ids[i]);
      const char *other = g_hash_table_lookup (seen, got);
      cr_assert_null (other, "\"%s\" and \"%s\" both map to \"%s\"", ids[i], other, got);
      g_hash_table_insert (seen, got, (gpointer) ids[i]);
    }
}

/* ---- dg_stage_file_stem ------------------------------------------------ */

static DgGraph *
load_inline (const char *name, const char *dot)
{
  g_autoptr (GError) error = NULL;
  DgGraph *graph = dg_graph_load_data (name, dot, strlen (dot), NULL, NULL, &error);
  cr_assert_not_null (graph, "%s: %s", name, error ? error->message : "?");
  return graph;
}

Test (stage_file_stem, numbered_in_timeline_order)
{
  g_autoptr (DgGraph) graph = load_inline ("stems.gv",
                                           "digraph { subgraph timeline { zeta -> \"2030/Q1\" -> alpha } a; }");
  static const char *const want[] = { "01-zeta", "02-2030-q1", "03-alpha" };
  cr_assert_eq (dg_graph_n_stages (graph), 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *stem = dg_stage_file_stem (graph, i);
      cr_assert_str_eq (stem, want[i]);
    }
}

Test (stage_file_stem, width_grows_with_stage_count)
{
  g_autoptr (GString) dot = g_string_new ("digraph { subgraph timeline { s1");
  for (guint i = 2; i <= 100; i++)
    g_string_append_printf (dot, " -> s%u", i);
  g_string_append (dot, " } a; }");
  g_autoptr (DgGraph) graph = load_inline ("hundred.gv", dot->str);
  cr_assert_eq (dg_graph_n_stages (graph), 100);
  g_autofree char *first = dg_stage_file_stem (graph, 0);
  g_autofree char *last = dg_stage_file_stem (graph, 99);
  cr_assert_str_eq (first, "001-s1");
  cr_assert_str_eq (last, "100-s100");
}

Test (stage_file_stem, static_graph_uses_graph_name)
{
  g_autoptr (DgGraph) graph = load_inline ("/some/dir/My Deals.gv", "digraph { a -> b }");
  cr_assert (dg_graph_is_static (graph));
  g_autofree char *stem = dg_stage_file_stem (graph, 0);
  cr_assert_str_eq (stem, "my-deals");
}
