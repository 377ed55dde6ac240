/* dg-json-private.h — members of a JSON object being built with json-glib, as every JSON writer of dealgraph writes them. */
#pragma once

#include <json-glib/json-glib.h>

/* Member @name: @value as a string, made valid UTF-8 (json-glib writes
 * what it is given, and invalid UTF-8 would make invalid JSON); null when
 * @value is NULL. */
void dg_json_member_string (JsonBuilder *b, const char *name, const char *value);

/* Member @name: @value as an integer. */
void dg_json_member_int (JsonBuilder *b, const char *name, gint64 value);
