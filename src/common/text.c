/* text.c — Pango text layout shared by the scene (measuring) and the renderer (drawing). */
#include "dg-text-private.h"

void
dg_text_setup_context (PangoContext *context)
{
  cairo_font_options_t *fo = cairo_font_options_create ();
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (fo, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, fo);
  cairo_font_options_destroy (fo);
  pango_cairo_context_set_resolution (context, 72.0);
  pango_context_set_round_glyph_positions (context, FALSE);
}

PangoLayout *
dg_text_layout_new (PangoContext *context, const char *text, const char *font,
                    double size, gboolean bold, gboolean italic, DgAlign align)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_from_string (font != NULL ? font : "Sans");
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style (desc, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_alignment (layout, align == DG_ALIGN_LEFT ? PANGO_ALIGN_LEFT
                                      : align == DG_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                                                : PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

/* Font maps, lent to one thread at a time. A PangoFontMap must not be used
 * by two threads at once, and Pango's own answer, a default font map per
 * thread, keeps each one in thread-local storage until the thread ends: a
 * render worker then holds its fonts in memory no debugger can see, and
 * whether they are freed depends on which thread exits first. Here each
 * font map (with a context set up for measuring) waits in a process-wide
 * pool between uses: there are only ever as many as threads that drew or
 * measured at the same time, each loads its fonts once, and they live as
 * long as the process. */
static GMutex pool_lock;
static GPtrArray *idle_contexts;

PangoContext *
dg_text_context_borrow (void)
{
  PangoContext *context = NULL;
  g_mutex_lock (&pool_lock);
  if (idle_contexts != NULL && idle_contexts->len > 0)
    context = g_ptr_array_steal_index (idle_contexts, idle_contexts->len - 1);
  g_mutex_unlock (&pool_lock);
  if (context == NULL)
    {
      g_autoptr (PangoFontMap) map = pango_cairo_font_map_new ();
      context = pango_font_map_create_context (map);
      dg_text_setup_context (context);
    }
  return context;
}

void
dg_text_context_return (PangoContext *context)
{
  g_return_if_fail (PANGO_IS_CONTEXT (context));
  g_mutex_lock (&pool_lock);
  if (idle_contexts == NULL)
    idle_contexts = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (idle_contexts, context);
  g_mutex_unlock (&pool_lock);
}

/* Lines already measured, by font, size, style and text: Graphviz measures
 * every label line before the scene measures most of them again, and a
 * layout process (forked, see layout/worker.c) must find every line it needs
 * here, measured by its parent, because it may not call Pango (see
 * dg_text_fork_prepare). */
typedef struct {
  double width, height, baseline;
} LineMetrics;

/* A bound on the cache, for long-lived processes drawing many graphs: past
 * it the cache starts over (the 2,000-party benchmark graph fills 12,000). */
#define CACHE_MAX_LINES 200000

static GMutex cache_lock;
static GHashTable *cache; /* key: "font\x1fsize\x1fstyle\x1ftext" → LineMetrics */
static gboolean offline;  /* in a layout process: measured lines only */
static guint offline_misses;
static GPtrArray *offline_missed; /* DgTextLine: what was estimated */
#define MISSED_MAX 100000

static char *
cache_key (const char *text, const char *font, double size, gboolean bold, gboolean italic)
{
  /* %a: the size exactly, so 10 and 10.00001 never share an entry. */
  return g_strdup_printf ("%s\x1f%a\x1f%d%d\x1f%s", font != NULL ? font : "", size, bold != 0, italic != 0,
                          text != NULL ? text : "");
}

/* What a layout process answers for a line its parent did not measure:
 * about the size of DejaVu Sans, so a layout stays usable; the miss is
 * counted (dg_text_offline_misses) so tests catch it. */
static void
estimate (const char *text, double size, LineMetrics *m)
{
  glong chars = text != NULL ? g_utf8_strlen (text, -1) : 0;
  m->width = 0.6 * size * (double) chars;
  m->height = 1.17 * size;
  m->baseline = 0.93 * size;
}

void
dg_text_measure_line (const char *text, const char *font, double size, gboolean bold, gboolean italic,
                      double *width, double *height, double *baseline)
{
  g_autofree char *key = cache_key (text, font, size, bold, italic);
  LineMetrics m;
  g_mutex_lock (&cache_lock);
  const LineMetrics *known = cache != NULL ? g_hash_table_lookup (cache, key) : NULL;
  gboolean found = known != NULL, guess = !found && offline;
  if (found)
    m = *known;
  else if (guess)
    {
      offline_misses++;
      if (offline_missed == NULL)
        offline_missed = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_text_line_free);
      if (offline_missed->len < MISSED_MAX)
        {
          DgTextLine *line = g_new0 (DgTextLine, 1);
          line->text = g_strdup (text != NULL ? text : "");
          line->font = g_strdup (font);
          line->size = size;
          line->bold = bold;
          line->italic = italic;
          g_ptr_array_add (offline_missed, line);
        }
    }
  g_mutex_unlock (&cache_lock);

  if (guess)
    estimate (text, size, &m);
  else if (!found)
    {
      PangoContext *context = dg_text_context_borrow ();
      PangoLayout *layout = dg_text_layout_new (context, text, font, size, bold, italic, DG_ALIGN_LEFT);
      PangoRectangle logical;
      pango_layout_get_extents (layout, NULL, &logical);
      int base = pango_layout_get_baseline (layout);
      g_object_unref (layout);
      dg_text_context_return (context);
      m = (LineMetrics) { (double) logical.width / PANGO_SCALE, (double) logical.height / PANGO_SCALE,
                          (double) base / PANGO_SCALE };
      g_mutex_lock (&cache_lock);
      if (cache == NULL || g_hash_table_size (cache) >= CACHE_MAX_LINES)
        {
          g_clear_pointer (&cache, g_hash_table_unref);
          cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
        }
      g_hash_table_replace (cache, g_steal_pointer (&key), g_memdup2 (&m, sizeof m));
      g_mutex_unlock (&cache_lock);
    }
  *width = m.width;
  *height = m.height;
  *baseline = m.baseline;
}

void
dg_text_fork_prepare (void)
{
  g_mutex_lock (&cache_lock);
}

void
dg_text_fork_parent (void)
{
  g_mutex_unlock (&cache_lock);
}

void
dg_text_fork_child (void)
{
  /* This thread, the only one here, took the lock before the fork. */
  offline = TRUE;
  offline_misses = 0;
  offline_missed = NULL;
  g_mutex_unlock (&cache_lock);
}

guint
dg_text_offline_misses (void)
{
  g_mutex_lock (&cache_lock);
  guint n = offline_misses;
  g_mutex_unlock (&cache_lock);
  return n;
}

void
dg_text_measure (const char *text, const char *font, double size, gboolean bold,
                 gboolean italic, double *width, double *height)
{
  double w, h, baseline;
  dg_text_measure_line (text, font, size, bold, italic, &w, &h, &baseline);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

void
dg_text_line_free (DgTextLine *line)
{
  if (line == NULL)
    return;
  g_free (line->text);
  g_free (line->font);
  g_free (line);
}

const GPtrArray *
dg_text_offline_missed (void)
{
  return offline_missed;
}
