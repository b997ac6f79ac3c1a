/* emit/json: one record as one line of JSON (JSON Lines). */
#include <jtrace/emit.h>
#include <jtrace/util.h>

#include <string.h>

int emit_json_line(json_object *rec, char **out, size_t *len)
{
	size_t n = 0;
	const char *s = json_object_to_json_string_length(
		rec, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &n);
	char *line = NULL;

	if (!s)
		return -ENOMEM;
	line = malloc(n + 1);
	if (!line)
		return -ENOMEM;
	memcpy(line, s, n);
	line[n] = '\n';
	*out = line;
	*len = n + 1;
	return 0;
}
