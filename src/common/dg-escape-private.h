/* dg-escape-private.h — text from the input made safe for where it goes: a terminal, XML or HTML, JSON inside a page. */
#pragma once

#include <glib.h>

/* TRUE for the characters that reorder text around them: embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the marks
 * U+200E, U+200F and U+061C. Left raw, they make a message, a page's source
 * or a neighbouring label read differently from what it is. */
gboolean dg_is_bidi_control (gunichar c);

/* @text (nullable: "") for a terminal: C0 controls (but newlines when
 * @keep_newlines), DEL, C1 controls and bidi controls shown as \uXXXX, bad
 * UTF-8 as U+FFFD. With @max_bytes > 0, stops once that many bytes are out
 * and ends with "…". Free with g_free. */
char *dg_escape_terminal (const char *text, gsize max_bytes, gboolean keep_newlines);

/* Appends @text (nullable: nothing) to @out escaped for XML 1.0 and HTML,
 * in content or in a quoted attribute value: & < > " ' as references, tab
 * and line ends as character references (an attribute would turn them into
 * spaces), bidi controls as character references (so the source reads
 * as the text does), other C0 and C1 controls, U+FFFE, U+FFFF and bad UTF-8
 * as U+FFFD (XML cannot carry them at all). */
void dg_escape_markup_append (GString *out, const char *text);

/* @text (nullable: "") escaped by dg_escape_markup_append. Free with g_free. */
char *dg_escape_markup (const char *text);

/* Appends @text as a JSON string literal, or null when @text is NULL, safe
 * inside an HTML <script> element: < > & and bidi controls, U+2028/9, C0 and
 * C1 controls as \u escapes; bad UTF-8 as U+FFFD. */
void dg_escape_json_append (GString *out, const char *text);

/* @text (nullable: "") for Markdown: every ASCII punctuation character
 * CommonMark (or a Markdown flavour with maths, tables or strike-through)
 * could read as syntax gets a backslash, which CommonMark defines as "this
 * character, literally"; line breaks become spaces, so a label cannot end
 * a list item or a heading. Free with g_free. */
char *dg_escape_markdown (const char *text);

/* Appends @v as a number for SVG or CSS: at most 3 decimals (a thousandth
 * of a point), no trailing zeros, '.' as the decimal point whatever the
 * locale. */
void dg_append_svg_number (GString *out, double v);
