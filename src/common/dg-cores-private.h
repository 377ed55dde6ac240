/* dg-cores-private.h — how many cores this process may use. */
#pragma once

#include <glib.h>

/* The CPUs in this process's affinity mask (taskset, container CPU sets),
 * at least 1. GLib 2.74's g_get_num_processors() counts every online CPU
 * whatever the mask, so a run held to one core would still start a thread
 * per CPU. Thread-safe. */
guint dg_usable_cores (void);
