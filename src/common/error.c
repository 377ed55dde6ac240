/* error.c — the DEALGRAPH_ERROR domain and its exit statuses. */
#include "error.h"

G_DEFINE_QUARK (dealgraph-error-quark, dg_error)

int
dg_error_exit_status (const GError *error)
{
  if (error == NULL || error->domain != DEALGRAPH_ERROR)
    return 70; /* EX_SOFTWARE */
  switch ((DgError) error->code)
    {
    case DG_ERROR_USAGE:
      return 64; /* EX_USAGE */
    case DG_ERROR_SYNTAX:
    case DG_ERROR_INVALID:
    case DG_ERROR_LIMIT:
      return 65; /* EX_DATAERR */
    case DG_ERROR_OPEN:
      return 66; /* EX_NOINPUT */
    case DG_ERROR_WRITE:
      return 73; /* EX_CANTCREAT */
    case DG_ERROR_CANCELLED:
      return 75; /* EX_TEMPFAIL: nothing wrong, try again */
    case DG_ERROR_THEME:
      return 78; /* EX_CONFIG */
    case DG_ERROR_LAYOUT:
    case DG_ERROR_RENDER:
      return 70;
    }
  return 70;
}
