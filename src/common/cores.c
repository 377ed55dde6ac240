/* cores.c — how many cores this process may use. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <sched.h>

#include "dg-cores-private.h"

guint
dg_usable_cores (void)
{
  cpu_set_t set;
  if (sched_getaffinity (0, sizeof set, &set) == 0 && CPU_COUNT (&set) > 0)
    return (guint) CPU_COUNT (&set);
  return MAX (g_get_num_processors (), 1u);
}
