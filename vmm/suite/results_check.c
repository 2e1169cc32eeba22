/* Each check names the key path it failed at, so that a bad file from one of
 * a thousand hosts is found by its message alone. */
#include "suite/results_check.h"

#include <string.h>

#include "suite/report_json.h"
#include "suite/result.h"
#include "util/errmsg.h"

enum need { OPTIONAL, REQUIRED };

static int type_error(char *err, size_t errlen, const char *path, const char *key,
		      const char *what)
{
	return errmsg(err, errlen, "%s%s%s: %s", path, path[0] ? "." : "", key, what);
}

/* The member key of obj with the given type, or an error; absent optional
 * members and JSON null (for optional ones) give *out = NULL. */
static int member(const struct json_value *obj, const char *path, const char *key,
		  enum json_type type, enum need need, const struct json_value **out, char *err,
		  size_t errlen)
{
	static const char *const names[] = { "null", "true or false", "a number", "a string",
					     "an array", "an object" };
	const struct json_value *v = json_get(obj, key);
	char what[64];

	*out = NULL;
	if (!v || (v->type == JSON_NULL && need == OPTIONAL)) {
		if (need == REQUIRED)
			return type_error(err, errlen, path, key, "missing");
		return 0;
	}
	if (v->type != type) {
		snprintf(what, sizeof(what), "must be %s", names[type]);
		return type_error(err, errlen, path, key, what);
	}
	*out = v;
	return 0;
}

static int name_ok(const struct json_value *v)
{
	if (v->len < 1 || v->len > RESULTS_NAME_MAX)
		return 0;
	for (size_t i = 0; i < v->len; i++)
		if ((unsigned char)v->u.str[i] < 0x20)
			return 0;
	return 1;
}

static int name_member(const struct json_value *obj, const char *path, const char *key,
		       enum need need, char *err, size_t errlen)
{
	const struct json_value *v;

	if (member(obj, path, key, JSON_STRING, need, &v, err, errlen) < 0)
		return -1;
	if (v && !name_ok(v))
		return type_error(err, errlen, path, key,
				  "must be 1 to 256 bytes without control characters");
	return 0;
}

static int count_member(const struct json_value *obj, const char *path, const char *key,
			char *err, size_t errlen)
{
	const struct json_value *v;

	if (member(obj, path, key, JSON_NUMBER, OPTIONAL, &v, err, errlen) < 0)
		return -1;
	if (v && !(v->u.num.value >= 0))
		return type_error(err, errlen, path, key, "must not be negative");
	return 0;
}

static int class_ok(const char *c)
{
	size_t n = strlen(c);

	if (n < 1 || n > 16)
		return 0;
	for (; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || *c == '_'))
			return 0;
	return 1;
}

int results_class_known(const char *cls)
{
	for (int i = 0; i < RC_COUNT; i++)
		if (!strcmp(cls, result_class_name((enum result_class)i)))
			return 1;
	return 0;
}

static int check_strings(const struct json_value *arr, const char *path, char *err, size_t errlen)
{
	for (size_t i = 0; arr && i < arr->len; i++)
		if (arr->u.items[i].type != JSON_STRING)
			return errmsg(err, errlen, "%s[%zu]: must be a string", path, i);
	return 0;
}

static int check_test(const struct json_value *t, const char *path, char *err, size_t errlen)
{
	static const char *const strings[] = { "reason", "code", "last_exit", "log" };
	const struct json_value *v, *subs, *groups;
	char sub[160];

	if (t->type != JSON_OBJECT)
		return errmsg(err, errlen, "%s: must be an object", path);
	if (name_member(t, path, "name", REQUIRED, err, errlen) < 0 ||
	    name_member(t, path, "suite", OPTIONAL, err, errlen) < 0 ||
	    member(t, path, "class", JSON_STRING, REQUIRED, &v, err, errlen) < 0)
		return -1;
	if (!class_ok(v->u.str))
		return type_error(err, errlen, path, "class", "must be a class name such as PASS");
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		if (member(t, path, strings[i], JSON_STRING, OPTIONAL, &v, err, errlen) < 0)
			return -1;
	if (count_member(t, path, "seconds", err, errlen) < 0 ||
	    count_member(t, path, "exits", err, errlen) < 0 ||
	    member(t, path, "deviation", JSON_OBJECT, OPTIONAL, &v, err, errlen) < 0 ||
	    member(t, path, "groups", JSON_ARRAY, OPTIONAL, &groups, err, errlen) < 0 ||
	    member(t, path, "subtests", JSON_ARRAY, OPTIONAL, &subs, err, errlen) < 0)
		return -1;
	snprintf(sub, sizeof(sub), "%s.groups", path);
	if (check_strings(groups, sub, err, errlen) < 0)
		return -1;
	for (size_t i = 0; subs && i < subs->len; i++) {
		const struct json_value *s = &subs->u.items[i];
		snprintf(sub, sizeof(sub), "%s.subtests[%zu]", path, i);
		if (s->type != JSON_OBJECT)
			return errmsg(err, errlen, "%s: must be an object", sub);
		if (member(s, sub, "name", JSON_STRING, REQUIRED, &v, err, errlen) < 0 ||
		    member(s, sub, "result", JSON_STRING, REQUIRED, &v, err, errlen) < 0 ||
		    member(s, sub, "reason", JSON_STRING, OPTIONAL, &v, err, errlen) < 0)
			return -1;
	}
	return 0;
}

static int check_run(const struct json_value *r, const char *path, char *err, size_t errlen)
{
	const struct json_value *v, *shard;
	double index, count;

	if (r->type != JSON_OBJECT)
		return errmsg(err, errlen, "%s: must be an object", path);
	if (name_member(r, path, "suite", OPTIONAL, err, errlen) < 0 ||
	    member(r, path, "complete", JSON_BOOL, OPTIONAL, &v, err, errlen) < 0 ||
	    member(r, path, "interrupted", JSON_OBJECT, OPTIONAL, &v, err, errlen) < 0 ||
	    member(r, path, "hostname", JSON_STRING, OPTIONAL, &v, err, errlen) < 0 ||
	    member(r, path, "started", JSON_STRING, OPTIONAL, &v, err, errlen) < 0 ||
	    member(r, path, "shard", JSON_OBJECT, OPTIONAL, &shard, err, errlen) < 0)
		return -1;
	if (!shard)
		return 0;
	if (json_get_num(shard, "index", &index) < 0 || json_get_num(shard, "count", &count) < 0 ||
	    !(index >= 1) || !(count <= 1000) || index > count ||
	    index != (double)(unsigned)index || count != (double)(unsigned)count)
		return type_error(err, errlen, path, "shard",
				  "needs whole numbers index and count, 1 <= index <= count <= 1000");
	return 0;
}

static int check_platform(const struct json_value *p, const char *path, char *err, size_t errlen)
{
	const struct json_value *tests, *runs, *v;
	char sub[128];

	if (p->type != JSON_OBJECT)
		return errmsg(err, errlen, "%s: must be an object", path);
	if (name_member(p, path, "id", REQUIRED, err, errlen) < 0 ||
	    member(p, path, "tests", JSON_ARRAY, REQUIRED, &tests, err, errlen) < 0 ||
	    member(p, path, "runs", JSON_ARRAY, OPTIONAL, &runs, err, errlen) < 0 ||
	    member(p, path, "host", JSON_OBJECT, OPTIONAL, &v, err, errlen) < 0 ||
	    member(p, path, "complete", JSON_BOOL, OPTIONAL, &v, err, errlen) < 0)
		return -1;
	for (size_t i = 0; runs && i < runs->len; i++) {
		snprintf(sub, sizeof(sub), "%s.runs[%zu]", path, i);
		if (check_run(&runs->u.items[i], sub, err, errlen) < 0)
			return -1;
	}
	for (size_t i = 0; i < tests->len; i++) {
		snprintf(sub, sizeof(sub), "%s.tests[%zu]", path, i);
		if (check_test(&tests->u.items[i], sub, err, errlen) < 0)
			return -1;
	}
	return 0;
}

int results_check(const struct json_value *root, char *err, size_t errlen)
{
	const struct json_value *v, *platforms;
	char path[64];

	if (root->type != JSON_OBJECT)
		return errmsg(err, errlen, "the results file must be a JSON object");
	if (member(root, "", "format", JSON_STRING, REQUIRED, &v, err, errlen) < 0)
		return -1;
	if (strcmp(v->u.str, RESULTS_FORMAT))
		return errmsg(err, errlen, "format: '%.40s' is not %s", v->u.str, RESULTS_FORMAT);
	if (member(root, "", "schema", JSON_NUMBER, REQUIRED, &v, err, errlen) < 0)
		return -1;
	if (v->u.num.value < 1 || v->u.num.value > 1e6 ||
	    v->u.num.value != (double)(unsigned)v->u.num.value)
		return errmsg(err, errlen, "schema: must be a whole number >= 1, got %s",
			      v->u.num.text);
	if (member(root, "", "platforms", JSON_ARRAY, REQUIRED, &platforms, err, errlen) < 0)
		return -1;
	for (size_t i = 0; i < platforms->len; i++) {
		snprintf(path, sizeof(path), "platforms[%zu]", i);
		if (check_platform(&platforms->u.items[i], path, err, errlen) < 0)
			return -1;
	}
	return 0;
}
