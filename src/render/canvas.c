/* canvas.c — image surfaces whose pixel memory is kept for the next figure. */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "canvas-private.h"
#include "dg-sanitize-private.h"

#define HUGE_PAGE ((gsize) 2 << 20)
/* Idle memory kept at most: two 16 MiB bands per core of a large figure
 * set, with room to spare. */
#define IDLE_MAX ((gsize) 192 << 20)

typedef struct {
  guint8 *mem; /* what the surface draws on */
  gsize size;  /* usable bytes from mem */
  guint8 *map; /* what was mapped, for munmap */
  gsize map_size;
} Block;

static GMutex pool_lock;
static GArray *idle; /* Block */
static gsize idle_bytes;
static const cairo_user_data_key_t block_key;

static gsize
round_up (gsize n, gsize to)
{
  return (n + to - 1) / to * to;
}

/* Fresh zeroed memory for at least @need bytes, or a block with mem NULL. */
static Block
block_map (gsize need)
{
  Block b = { NULL, 0, NULL, 0 };
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  if (need < HUGE_PAGE)
    {
      b.map_size = b.size = round_up (need, page);
      b.map = mmap (NULL, b.map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (b.map == MAP_FAILED)
        return (Block) { NULL, 0, NULL, 0 };
      b.mem = b.map;
      return b;
    }
  /* Huge pages need 2 MiB alignment: map a little more and start at the
   * first boundary. */
  b.size = round_up (need, HUGE_PAGE);
  b.map_size = b.size + HUGE_PAGE;
  b.map = mmap (NULL, b.map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (b.map == MAP_FAILED)
    return (Block) { NULL, 0, NULL, 0 };
  b.mem = (guint8 *) round_up ((gsize) b.map, HUGE_PAGE);
#ifdef MADV_HUGEPAGE
  madvise (b.mem, b.size, MADV_HUGEPAGE); /* advice only: fine if refused */
#endif
  return b;
}

static void
block_unmap (Block *b)
{
  if (b->map != NULL)
    munmap (b->map, b->map_size);
}

/* The smallest idle block of at least @need bytes, taken out of the pool;
 * FALSE when none fits. */
static gboolean
take_idle (gsize need, Block *out)
{
  gboolean found = FALSE;
  g_mutex_lock (&pool_lock);
  guint best = 0;
  for (guint i = 0; idle != NULL && i < idle->len; i++)
    {
      const Block *b = &g_array_index (idle, Block, i);
      if (b->size >= need && (!found || b->size < g_array_index (idle, Block, best).size))
        {
          best = i;
          found = TRUE;
        }
    }
  if (found)
    {
      *out = g_array_index (idle, Block, best);
      g_array_remove_index_fast (idle, best);
      idle_bytes -= out->size;
    }
  g_mutex_unlock (&pool_lock);
  return found;
}

static void
give_back (gpointer data)
{
  Block *b = data;
  g_mutex_lock (&pool_lock);
  if (idle == NULL)
    idle = g_array_new (FALSE, FALSE, sizeof (Block));
  /* Make room by dropping the smallest idle blocks first. */
  while (idle_bytes + b->size > IDLE_MAX && idle->len > 0)
    {
      guint smallest = 0;
      for (guint i = 1; i < idle->len; i++)
        if (g_array_index (idle, Block, i).size < g_array_index (idle, Block, smallest).size)
          smallest = i;
      Block drop = g_array_index (idle, Block, smallest);
      g_array_remove_index_fast (idle, smallest);
      idle_bytes -= drop.size;
      block_unmap (&drop);
    }
  if (idle_bytes + b->size <= IDLE_MAX)
    {
      g_array_append_val (idle, *b);
      idle_bytes += b->size;
    }
  else
    block_unmap (b);
  g_mutex_unlock (&pool_lock);
  g_free (b);
}

cairo_surface_t *
dg_canvas_new (int width, int height)
{
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width);
  if (DG_ASAN || width <= 0 || height <= 0 || stride <= 0 || (gsize) height > G_MAXSIZE / (gsize) stride)
    return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height); /* cairo checks the size */
  gsize need = (gsize) stride * (gsize) height;
  Block b;
  if (take_idle (need, &b))
    memset (b.mem, 0, need);
  else
    {
      b = block_map (need);
      if (b.mem == NULL)
        return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    }
  cairo_surface_t *surface = cairo_image_surface_create_for_data (b.mem, CAIRO_FORMAT_ARGB32, width, height, stride);
  Block *owned = g_memdup2 (&b, sizeof b);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      give_back (owned);
      return surface; /* an error surface, which holds no pixels */
    }
  if (cairo_surface_set_user_data (surface, &block_key, owned, give_back) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      give_back (owned);
      return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    }
  return surface;
}
