/* png.c — PNG encoding of cairo image surfaces, compressed on every core.
 *
 * A PNG's pixels are one zlib stream. zlib compresses on one core, and at
 * the sizes dealgraph draws that was most of a figure's time (5.6 ms of
 * 7 ms for a 1327 × 639 figure, 1.1 s of 2.6 s for a 100-Mpixel one). So
 * the stream is cut into pieces of about PIECE_BYTES, each compressed apart
 * (raw deflate, primed with the 32 KiB before it as its dictionary, ended
 * with a sync flush) and joined in order, as pigz does; the checksum is
 * combined from the pieces'. Pieces start at fixed rows, whatever the
 * number of cores or the band size, so the same pixels always give the
 * same bytes.
 *
 * The container (signature, IHDR, pHYs, IDAT, IEND, CRCs) is written here
 * rather than by libpng, which can only compress the stream itself, on one
 * core; it is a few fixed chunks (PNG specification, section 5). */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <zlib.h>

#include "dg-cores-private.h"
#include "dg-sanitize-private.h"
#include "error.h"
#include "png-private.h"

/* zlib level 2 and no row filters: measured on the figures dealgraph draws
 * (large flat areas, anti-aliased edges, text), 4.6 times faster than cairo's
 * level 6 with adaptive filters for a file 1 % larger. Filters help
 * photographs; on flat colour they only cost time and often grow the file. */
#define PNG_LEVEL 2
/* Uncompressed bytes per piece: small enough that a figure of a megapixel
 * splits into a dozen pieces for the cores to share, large enough that the
 * seams (an empty stored block and a fresh Huffman table each) cost well
 * under 1 % of the file. */
#define PIECE_BYTES (256 * 1024)
#define WINDOW_BYTES 32768
/* Pieces queued or being compressed at once, per image: bounds memory
 * (about 2 × PIECE_BYTES each) while keeping every core busy. */
#define MAX_IN_FLIGHT 8

typedef struct DgPngWriterPiece Piece;
struct DgPngWriterPiece {
  DgPngWriter *writer;
  guint8 *raw;    /* filter byte and pixels of each row; given back once compressed */
  gsize raw_len;  /* kept: the checksum's combination needs it */
  gsize raw_cap;  /* what raw was borrowed for */
  guint8 *dict;   /* the WINDOW_BYTES (or fewer) of the stream before raw; NULL for the first piece */
  gsize dict_len;
  gboolean last;
  guint8 *out;    /* raw deflate data */
  gsize out_len;
  guint32 adler;  /* of raw */
  int status;     /* zlib's result; Z_OK when compressed */
  gboolean done;  /* under the writer's lock */
};

struct DgPngWriter {
  int width, height, rows_done;
  gboolean alpha;
  gsize row_bytes;
  int rows_per_piece;
  Piece *filling;      /* the piece rows are converted into */
  int filling_rows;
  GQueue in_flight;    /* Piece *, in stream order */
  GByteArray *out;     /* the file so far */
  guint32 adler;       /* of the pieces written */
  gboolean wrote_first;
  guint8 tail[WINDOW_BYTES]; /* the last bytes of the stream so far */
  gsize tail_len;
  GMutex lock;         /* guards Piece.done of the pieces in flight */
  GCond finished;
  gboolean failed;
  char message[256];
};

/* ------------------------------------------------------------------------ */
/* What every writer shares: helper threads, compressors and buffers, all
 * kept for the life of the process. Made afresh for each figure they cost
 * more than the compression they share: a compressor's 270 KiB and each
 * piece's buffers are fresh memory, which faults in page by page (12 µs a
 * page on this project's machine), and a thread's start is not free. */

/* Buffers of this size are kept for reuse: a piece's rows, or its
 * compressed data (deflate's worst case is a little over the input). They
 * are cut from 2 MiB slabs asked for in huge pages, so a buffer's first use
 * costs one page fault, not 66. */
#define BUFFER_BYTES ((gsize) 264 * 1024)
#define SLAB_BYTES ((gsize) 2 << 20)
#define BUFFERS_PER_SLAB (SLAB_BYTES / BUFFER_BYTES)
G_STATIC_ASSERT (PIECE_BYTES + PIECE_BYTES / 4096 + PIECE_BYTES / 16384 + 7 + 16 + 64 <= BUFFER_BYTES);

static GMutex shared_lock;
static GAsyncQueue *jobs;          /* Piece *, from every writer */
static guint n_helpers;            /* started once: one per core but one */
static GPtrArray *idle_streams;    /* z_stream *, ready for deflateReset */
static GPtrArray *idle_buffers;    /* guint8 [BUFFER_BYTES] */

static z_stream *
stream_borrow (void)
{
  z_stream *z = NULL;
  g_mutex_lock (&shared_lock);
  if (idle_streams != NULL && idle_streams->len > 0)
    z = g_ptr_array_steal_index (idle_streams, idle_streams->len - 1);
  g_mutex_unlock (&shared_lock);
  if (z != NULL)
    return z;
  z = g_new0 (z_stream, 1);
  if (deflateInit2 (z, PNG_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    g_clear_pointer (&z, g_free);
  return z;
}

static void
stream_return (z_stream *z)
{
  g_mutex_lock (&shared_lock);
  if (idle_streams == NULL)
    idle_streams = g_ptr_array_new ();
  g_ptr_array_add (idle_streams, z);
  g_mutex_unlock (&shared_lock);
}

/* A new slab's buffers, added to the idle ones (call with the lock held);
 * FALSE when no memory could be mapped. Slabs are never unmapped: they
 * hold what the most pieces in flight at once ever needed (17 buffers a
 * writer, 4.5 MiB a drawing thread). */
static gboolean
add_slab (void)
{
  guint8 *map = mmap (NULL, 2 * SLAB_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED)
    return FALSE;
  guint8 *slab = (guint8 *) (((gsize) map + SLAB_BYTES - 1) / SLAB_BYTES * SLAB_BYTES);
  /* Keep only the aligned 2 MiB. */
  if (slab > map)
    munmap (map, (gsize) (slab - map));
  munmap (slab + SLAB_BYTES, (gsize) (map + 2 * SLAB_BYTES - (slab + SLAB_BYTES)));
#ifdef MADV_HUGEPAGE
  madvise (slab, SLAB_BYTES, MADV_HUGEPAGE); /* advice only */
#endif
  if (idle_buffers == NULL)
    idle_buffers = g_ptr_array_new ();
  for (gsize i = 0; i < BUFFERS_PER_SLAB; i++)
    g_ptr_array_add (idle_buffers, slab + i * BUFFER_BYTES);
  return TRUE;
}

static guint8 *
buffer_borrow (gsize need)
{
  if (need > BUFFER_BYTES || DG_ASAN)
    return g_malloc (need);
  guint8 *b = NULL;
  g_mutex_lock (&shared_lock);
  if ((idle_buffers != NULL && idle_buffers->len > 0) || add_slab ())
    b = g_ptr_array_steal_index (idle_buffers, idle_buffers->len - 1);
  g_mutex_unlock (&shared_lock);
  /* Out of address space for a slab: a buffer of the full size, which can
   * join the idle ones like any other. */
  return b != NULL ? b : g_malloc (BUFFER_BYTES);
}

/* @b came from buffer_borrow (@need bytes); NULL is ignored. */
static void
buffer_return (guint8 *b, gsize need)
{
  if (b == NULL)
    return;
  if (need > BUFFER_BYTES || DG_ASAN)
    {
      g_free (b);
      return;
    }
  g_mutex_lock (&shared_lock);
  if (idle_buffers == NULL)
    idle_buffers = g_ptr_array_new ();
  g_ptr_array_add (idle_buffers, b);
  g_mutex_unlock (&shared_lock);
}

static gsize
out_need (gsize raw_len)
{
  /* deflateBound() for raw deflate (zlib 1.2.13, deflate.c), plus the sync
   * flush's empty stored block; computed here so that the buffer can be
   * taken before a compressor is. */
  return raw_len + (raw_len >> 12) + (raw_len >> 14) + (raw_len >> 25) + 7 + 16 + 64;
}

static void
piece_compress (Piece *p)
{
  p->adler = (guint32) adler32 (adler32 (0L, Z_NULL, 0), p->raw, (uInt) p->raw_len);
  z_stream *z = stream_borrow ();
  int status = z != NULL ? deflateReset (z) : Z_MEM_ERROR;
  if (status == Z_OK && p->dict != NULL)
    status = deflateSetDictionary (z, p->dict, (uInt) p->dict_len);
  if (status == Z_OK)
    {
      gsize bound = out_need (p->raw_len);
      p->out = buffer_borrow (bound);
      z->next_in = p->raw;
      z->avail_in = (uInt) p->raw_len;
      z->next_out = p->out;
      z->avail_out = (uInt) bound;
      status = deflate (z, p->last ? Z_FINISH : Z_SYNC_FLUSH);
      if (p->last ? status == Z_STREAM_END : (status == Z_OK && z->avail_in == 0 && z->avail_out > 0))
        status = Z_OK;
      else if (status == Z_OK || status == Z_STREAM_END)
        status = Z_BUF_ERROR;
      p->out_len = bound - z->avail_out;
    }
  if (z != NULL)
    stream_return (z);
  p->status = status;
  buffer_return (g_steal_pointer (&p->raw), p->raw_cap);
  g_clear_pointer (&p->dict, g_free);
}

static void
piece_free (Piece *p)
{
  if (p == NULL)
    return;
  buffer_return (p->raw, p->raw_cap);
  buffer_return (p->out, out_need (p->raw_len));
  g_free (p->dict);
  g_free (p);
}

static void
mark_done (Piece *p)
{
  DgPngWriter *w = p->writer;
  g_mutex_lock (&w->lock);
  p->done = TRUE;
  g_cond_broadcast (&w->finished);
  g_mutex_unlock (&w->lock);
}

static gpointer
helper_main (gpointer data)
{
  GAsyncQueue *queue = data;
  for (;;)
    {
      Piece *p = g_async_queue_pop (queue);
      piece_compress (p);
      mark_done (p);
    }
  return NULL;
}

/* The queue helpers take pieces from, or NULL when this process has one
 * core (or no thread could start): then writers compress alone. */
static GAsyncQueue *
job_queue (void)
{
  g_mutex_lock (&shared_lock);
  if (jobs == NULL)
    {
      jobs = g_async_queue_new ();
      for (guint i = 1; i < dg_usable_cores (); i++)
        {
          GThread *t = g_thread_try_new ("dealgraph-png", helper_main, jobs, NULL);
          if (t == NULL)
            break;
          g_thread_unref (t); /* runs for the life of the process */
          n_helpers++;
        }
    }
  GAsyncQueue *queue = n_helpers > 0 ? jobs : NULL;
  g_mutex_unlock (&shared_lock);
  return queue;
}

/* ------------------------------------------------------------------------ */
/* The container */

static void
put_u32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { (guint8) (v >> 24), (guint8) (v >> 16), (guint8) (v >> 8), (guint8) v };
  g_byte_array_append (out, b, 4);
}

/* A chunk of @type whose data is @a then @b (either may be empty). */
static void
put_chunk (GByteArray *out, const char type[4], const guint8 *a, gsize a_len, const guint8 *b, gsize b_len)
{
  put_u32 (out, (guint32) (a_len + b_len));
  g_byte_array_append (out, (const guint8 *) type, 4);
  uLong crc = crc32 (crc32 (0L, Z_NULL, 0), (const Bytef *) type, 4);
  if (a_len > 0)
    {
      g_byte_array_append (out, a, (guint) a_len);
      crc = crc32 (crc, a, (uInt) a_len);
    }
  if (b_len > 0)
    {
      g_byte_array_append (out, b, (guint) b_len);
      crc = crc32 (crc, b, (uInt) b_len);
    }
  put_u32 (out, (guint32) crc);
}

/* Appends a compressed piece as one IDAT: the first opens the zlib stream
 * with its header, the last closes it with the combined checksum. */
static void
write_piece (DgPngWriter *w, const Piece *p, gsize raw_len)
{
  w->adler = w->wrote_first ? (guint32) adler32_combine (w->adler, p->adler, (z_off_t) raw_len) : p->adler;
  guint8 head[2], trail[4];
  gsize head_len = 0, trail_len = 0;
  if (!w->wrote_first)
    {
      /* CMF: deflate with a 32 KiB window; FLG: level "fast" (2 to 5),
       * no dictionary, and the check bits making CMF·256 + FLG a multiple
       * of 31 (RFC 1950): what zlib itself writes at level 2. */
      head[0] = 0x78;
      head[1] = 0x5e;
      head_len = 2;
      w->wrote_first = TRUE;
    }
  if (p->last)
    {
      trail[0] = (guint8) (w->adler >> 24);
      trail[1] = (guint8) (w->adler >> 16);
      trail[2] = (guint8) (w->adler >> 8);
      trail[3] = (guint8) w->adler;
      trail_len = 4;
    }
  /* One chunk: header + data, then the trailer in a chunk of its own would
   * also be valid; kept together for fewer chunks. */
  GByteArray *data = g_byte_array_sized_new ((guint) (head_len + p->out_len + trail_len));
  g_byte_array_append (data, head, (guint) head_len);
  g_byte_array_append (data, p->out, (guint) p->out_len);
  g_byte_array_append (data, trail, (guint) trail_len);
  put_chunk (w->out, "IDAT", data->data, data->len, NULL, 0);
  g_byte_array_unref (data);
}

/* ------------------------------------------------------------------------ */
/* Writing */

static void
fail (DgPngWriter *w, const char *message)
{
  if (!w->failed)
    g_strlcpy (w->message, message, sizeof w->message);
  w->failed = TRUE;
}

/* Writes the finished pieces at the head of the queue, in order; with
 * @wait, first finishes every piece in flight, compressing queued ones on
 * this thread rather than idling. */
static void
drain (DgPngWriter *w, gboolean wait)
{
  for (;;)
    {
      Piece *head = g_queue_peek_head (&w->in_flight);
      if (head == NULL)
        return;
      g_mutex_lock (&w->lock);
      gboolean done = head->done;
      g_mutex_unlock (&w->lock);
      if (!done)
        {
          if (!wait && g_queue_get_length (&w->in_flight) < MAX_IN_FLIGHT)
            return;
          /* Help with a queued piece (perhaps this very one, perhaps
           * another figure's), else wait. */
          GAsyncQueue *queue = job_queue ();
          Piece *job = queue != NULL ? g_async_queue_try_pop (queue) : NULL;
          if (job != NULL)
            {
              piece_compress (job);
              mark_done (job);
              continue;
            }
          g_mutex_lock (&w->lock);
          while (!head->done)
            g_cond_wait (&w->finished, &w->lock);
          g_mutex_unlock (&w->lock);
        }
      g_queue_pop_head (&w->in_flight);
      if (head->status != Z_OK)
        fail (w, head->status == Z_MEM_ERROR ? "out of memory" : "compression failed");
      else if (!w->failed)
        write_piece (w, head, head->raw_len);
      piece_free (head);
    }
}

/* Sends the filled piece off: to the helpers, or compressed here when the
 * image is a single piece or there are no helpers. */
static void
dispatch (DgPngWriter *w)
{
  Piece *p = g_steal_pointer (&w->filling);
  p->raw_len = (gsize) w->filling_rows * w->row_bytes;
  w->filling_rows = 0;
  p->last = w->rows_done == w->height;
  /* The dictionary: the stream's last WINDOW_BYTES before this piece. */
  if (w->tail_len > 0)
    {
      p->dict = g_memdup2 (w->tail, w->tail_len);
      p->dict_len = w->tail_len;
    }
  if (p->raw_len >= WINDOW_BYTES)
    {
      memcpy (w->tail, p->raw + p->raw_len - WINDOW_BYTES, WINDOW_BYTES);
      w->tail_len = WINDOW_BYTES;
    }
  else
    {
      gsize keep = MIN (w->tail_len, WINDOW_BYTES - p->raw_len);
      memmove (w->tail, w->tail + w->tail_len - keep, keep);
      memcpy (w->tail + keep, p->raw, p->raw_len);
      w->tail_len = keep + p->raw_len;
    }
  g_queue_push_tail (&w->in_flight, p);
  GAsyncQueue *queue = w->rows_per_piece < w->height ? job_queue () : NULL;
  if (queue != NULL)
    g_async_queue_push (queue, p);
  else
    {
      piece_compress (p);
      p->done = TRUE;
    }
  drain (w, FALSE);
}

DgPngWriter *
dg_png_writer_new (int width, int height, gboolean alpha, double dpi)
{
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  DgPngWriter *w = g_new0 (DgPngWriter, 1);
  w->width = width;
  w->height = height;
  w->alpha = alpha;
  w->row_bytes = 1 + (gsize) width * (alpha ? 4 : 3);
  w->rows_per_piece = (int) MAX (1, MIN ((gsize) height, PIECE_BYTES / w->row_bytes));
  g_queue_init (&w->in_flight);
  g_mutex_init (&w->lock);
  g_cond_init (&w->finished);
  w->out = g_byte_array_sized_new ((guint) MIN ((gsize) width * (gsize) height / 8 + 1024, 64u << 20));

  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_byte_array_append (w->out, signature, sizeof signature);
  guint8 ihdr[13];
  for (int i = 0; i < 4; i++)
    {
      ihdr[i] = (guint8) ((guint32) width >> (24 - 8 * i));
      ihdr[4 + i] = (guint8) ((guint32) height >> (24 - 8 * i));
    }
  ihdr[8] = 8;                 /* bits per sample */
  ihdr[9] = alpha ? 6 : 2;     /* colour type: RGBA or RGB */
  ihdr[10] = 0;                /* deflate */
  ihdr[11] = 0;                /* adaptive filtering (each row says "none") */
  ihdr[12] = 0;                /* not interlaced */
  put_chunk (w->out, "IHDR", ihdr, sizeof ihdr, NULL, 0);
  if (dpi > 0 && isfinite (dpi))
    {
      guint32 per_metre = (guint32) lround (dpi / 0.0254);
      guint8 phys[9];
      for (int i = 0; i < 4; i++)
        phys[i] = phys[4 + i] = (guint8) (per_metre >> (24 - 8 * i));
      phys[8] = 1; /* the unit is the metre */
      put_chunk (w->out, "pHYs", phys, sizeof phys, NULL, 0);
    }
  return w;
}

static gboolean
writer_failed (DgPngWriter *w, GError **error)
{
  g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER, "PNG: %s", w->message);
  return FALSE;
}

/* One row of cairo pixels (native-endian 0xAARRGGBB, premultiplied) to PNG's
 * byte order, after the row's filter byte: RGB, or RGBA with straight alpha.
 * The plain byte loop is what gcc vectorizes best (0.55 ns a pixel here,
 * against 1.35 for packing four pixels into three words by hand). */
static void
convert_row (const guint32 *px, int width, gboolean alpha, guint8 *row)
{
  guint8 *o = row;
  *o++ = 0; /* filter: none */
  if (!alpha)
    {
      for (int x = 0; x < width; x++)
        {
          guint32 p = px[x];
          *o++ = (guint8) (p >> 16);
          *o++ = (guint8) (p >> 8);
          *o++ = (guint8) p;
        }
      return;
    }
  for (int x = 0; x < width; x++)
    {
      guint32 p = px[x];
      guint a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
      if (a != 0 && a != 0xff)
        {
          r = (r * 255 + a / 2) / a;
          g = (g * 255 + a / 2) / a;
          b = (b * 255 + a / 2) / a;
        }
      *o++ = (guint8) r;
      *o++ = (guint8) g;
      *o++ = (guint8) b;
      *o++ = (guint8) a;
    }
}

gboolean
dg_png_writer_add_rows (DgPngWriter *w, cairo_surface_t *band, int n_rows, GError **error)
{
  g_return_val_if_fail (w != NULL && band != NULL, FALSE);
  g_return_val_if_fail (cairo_image_surface_get_width (band) >= w->width, FALSE);
  g_return_val_if_fail (n_rows >= 0 && n_rows <= cairo_image_surface_get_height (band), FALSE);
  g_return_val_if_fail (w->rows_done + n_rows <= w->height, FALSE);
  if (w->failed)
    return writer_failed (w, error);
  const int stride = cairo_image_surface_get_stride (band);
  const guint8 *data = cairo_image_surface_get_data (band);
  for (int y = 0; y < n_rows; y++)
    {
      if (w->filling == NULL)
        {
          w->filling = g_new0 (Piece, 1);
          w->filling->writer = w;
          w->filling->raw_cap = (gsize) w->rows_per_piece * w->row_bytes;
          w->filling->raw = buffer_borrow (w->filling->raw_cap);
        }
      convert_row ((const guint32 *) (const void *) (data + (gsize) y * (gsize) stride), w->width, w->alpha,
                   w->filling->raw + (gsize) w->filling_rows * w->row_bytes);
      w->filling_rows++;
      w->rows_done++;
      if (w->filling_rows == w->rows_per_piece || w->rows_done == w->height)
        dispatch (w);
    }
  return w->failed ? writer_failed (w, error) : TRUE;
}

GBytes *
dg_png_writer_finish (DgPngWriter *w, GError **error)
{
  g_return_val_if_fail (w != NULL, NULL);
  g_return_val_if_fail (w->failed || w->rows_done == w->height, NULL);
  drain (w, TRUE);
  if (w->failed)
    return writer_failed (w, error), NULL;
  put_chunk (w->out, "IEND", NULL, 0, NULL, 0);
  GBytes *bytes = g_byte_array_free_to_bytes (g_steal_pointer (&w->out));
  fail (w, "already finished"); /* nothing more may be added */
  return bytes;
}

void
dg_png_writer_free (DgPngWriter *w)
{
  if (w == NULL)
    return;
  drain (w, TRUE); /* no helper may still hold a piece of this writer */
  piece_free (w->filling);
  if (w->out != NULL)
    g_byte_array_unref (w->out);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->finished);
  g_free (w);
}

/* TRUE when every pixel of an ARGB32 surface is opaque. */
static gboolean
is_opaque (const guint8 *data, int width, int height, int stride)
{
  for (int y = 0; y < height; y++)
    {
      const guint32 *px = (const guint32 *) (const void *) (data + (gsize) y * (gsize) stride);
      for (int x = 0; x < width; x++)
        if ((px[x] >> 24) != 0xff)
          return FALSE;
    }
  return TRUE;
}

GBytes *
dg_png_encode (cairo_surface_t *surface, double dpi, GError **error)
{
  g_return_val_if_fail (surface != NULL, NULL);
  g_return_val_if_fail (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE, NULL);
  cairo_format_t format = cairo_image_surface_get_format (surface);
  g_return_val_if_fail (format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24, NULL);

  const int width = cairo_image_surface_get_width (surface);
  const int height = cairo_image_surface_get_height (surface);
  const int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  g_return_val_if_fail (data != NULL && width > 0 && height > 0, NULL);

  const gboolean alpha = format == CAIRO_FORMAT_ARGB32 && !is_opaque (data, width, height, stride);
  g_autoptr (DgPngWriter) w = dg_png_writer_new (width, height, alpha, dpi);
  if (!dg_png_writer_add_rows (w, surface, height, error))
    return NULL;
  return dg_png_writer_finish (w, error);
}
