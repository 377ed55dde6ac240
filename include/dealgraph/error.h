/* error.h — the DEALGRAPH_ERROR domain and its codes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DEALGRAPH_ERROR (dg_error_quark ())

/**
 * DgError:
 * Codes of the DEALGRAPH_ERROR domain. Each maps onto a sysexits(3) exit
 * status through dg_error_exit_status(), so the CLI and scripts agree.
 */
typedef enum {
  DG_ERROR_USAGE,   /* bad command line or option value (EX_USAGE 64) */
  DG_ERROR_SYNTAX,  /* DOT syntax error (EX_DATAERR 65) */
  DG_ERROR_INVALID, /* well-formed DOT that breaks the input contract (65) */
  DG_ERROR_LIMIT,   /* input larger than a configured limit (65) */
  DG_ERROR_OPEN,    /* an input cannot be opened or read (EX_NOINPUT 66) */
  DG_ERROR_THEME,   /* a theme file is missing or wrong (EX_CONFIG 78) */
  DG_ERROR_LAYOUT,  /* Graphviz failed to lay the graph out (EX_SOFTWARE 70) */
  DG_ERROR_RENDER,  /* cairo failed to draw (70) */
  DG_ERROR_WRITE,   /* an output cannot be written (EX_CANTCREAT 73) */
  DG_ERROR_CANCELLED, /* the caller stopped the work (a progress callback said so; EX_TEMPFAIL 75) */
} DgError;

GQuark dg_error_quark (void);

/* Returns the sysexits(3) status for @error (70 for a foreign domain). */
int dg_error_exit_status (const GError *error);

G_END_DECLS
