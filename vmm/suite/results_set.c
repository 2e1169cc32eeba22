/* Files are parsed whole and kept until the set is freed: the merged file and
 * the page are written from the original JSON values, so keys that a newer
 * uvmm added survive a merge by an older one. */
#include "suite/results_set.h"

#include <stdlib.h>
#include <string.h>

#include "suite/report_json.h"
#include "suite/result.h"
#include "suite/results_check.h"
#include "util/errmsg.h"
#include "util/json_write.h"

static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 8;
	p = realloc(*arr, c * size);
	if (!p)
		return -1;
	*arr = p;
	*cap = c;
	return 0;
}

static struct results_platform *platform_for(struct results_set *s, const char *id)
{
	struct results_platform *p;

	if (s->last < s->nplatforms && !strcmp(s->platforms[s->last].id, id))
		return &s->platforms[s->last];
	for (size_t i = 0; i < s->nplatforms; i++)
		if (!strcmp(s->platforms[i].id, id))
			return &s->platforms[s->last = i];
	if (grow((void **)&s->platforms, &s->capplat, s->nplatforms, sizeof(*s->platforms)) < 0)
		return NULL;
	p = &s->platforms[s->nplatforms];
	memset(p, 0, sizeof(*p));
	p->id = id;
	s->last = s->nplatforms++;
	return p;
}

static const char *suite_of(const struct json_value *v)
{
	const char *suite = json_get_str(v, "suite");

	return suite ? suite : "uvmm";
}

static int add_runs(struct results_platform *p, const struct json_value *runs, unsigned source)
{
	for (size_t i = 0; runs && i < runs->len; i++) {
		const struct json_value *r = &runs->u.items[i], *shard = json_get(r, "shard");
		const struct json_value *complete = json_get(r, "complete");
		struct results_run *run;
		double index = 0, count = 0;

		if (grow((void **)&p->runs, &p->caprun, p->nruns, sizeof(*p->runs)) < 0)
			return -1;
		json_get_num(shard, "index", &index);
		json_get_num(shard, "count", &count);
		run = &p->runs[p->nruns++];
		*run = (struct results_run){ .json = r, .suite = suite_of(r), .source = source,
					     .shard = (unsigned)index, .nshards = (unsigned)count,
					     .complete = !complete || complete->type != JSON_BOOL ||
							 complete->u.boolean };
	}
	return 0;
}

static int add_platform(struct results_set *s, const struct json_value *pv, unsigned source)
{
	struct results_platform *p = platform_for(s, json_get_str(pv, "id"));
	const struct json_value *tests = json_get(pv, "tests");

	if (!p)
		return -1;
	if (!p->json)
		p->json = pv;
	if (add_runs(p, json_get(pv, "runs"), source) < 0)
		return -1;
	for (size_t i = 0; i < tests->len; i++) {
		const struct json_value *t = &tests->u.items[i];
		if (grow((void **)&p->tests, &p->captest, p->ntests, sizeof(*p->tests)) < 0)
			return -1;
		p->tests[p->ntests++] = (struct results_test){
			.suite = suite_of(t), .name = json_get_str(t, "name"),
			.cls = json_get_str(t, "class"), .json = t, .source = source,
		};
	}
	return 0;
}

int results_set_add(struct results_set *s, const char *path, char *err, size_t errlen)
{
	struct json_doc *d;
	const struct json_value *platforms;
	double schema;
	char why[512];
	unsigned source = (unsigned)s->ndocs;

	char **sources;

	if (grow((void **)&s->docs, &s->capdocs, s->ndocs, sizeof(*s->docs)) < 0 ||
	    !(sources = realloc(s->sources, s->capdocs * sizeof(*s->sources))))
		return errmsg(err, errlen, "%s: out of memory", path);
	s->sources = sources;
	d = &s->docs[s->ndocs];
	memset(d, 0, sizeof(*d));
	if (json_load_file(d, path, 0, err, errlen) < 0) {
		json_doc_free(d);
		return -1;
	}
	if (results_check(&d->root, why, sizeof(why)) < 0) {
		json_doc_free(d);
		return errmsg(err, errlen, "%s: %s", path, why);
	}
	s->sources[source] = strdup(path);
	if (!s->sources[source]) {
		json_doc_free(d);
		return errmsg(err, errlen, "%s: out of memory", path);
	}
	s->ndocs++;
	json_get_num(&d->root, "schema", &schema);
	if ((unsigned)schema > s->schema)
		s->schema = (unsigned)schema;
	platforms = json_get(&d->root, "platforms");
	for (size_t i = 0; i < platforms->len; i++)
		if (add_platform(s, &platforms->u.items[i], source) < 0)
			return errmsg(err, errlen, "%s: out of memory", path);
	return 0;
}

static int test_cmp(const void *a, const void *b)
{
	const struct results_test *x = a, *y = b;
	int c = strcmp(x->suite, y->suite);

	if (!c)
		c = strcmp(x->name, y->name);
	if (!c)
		c = (x->source > y->source) - (x->source < y->source);
	/* Same file twice: keep file order (the objects are in one array). */
	return c ? c : (x->json > y->json) - (x->json < y->json);
}

static int run_cmp(const void *a, const void *b)
{
	const struct results_run *x = a, *y = b;
	const char *sx = json_get_str(x->json, "started"), *sy = json_get_str(y->json, "started");
	int c = strcmp(x->suite, y->suite);

	if (!c)
		c = (x->nshards > y->nshards) - (x->nshards < y->nshards);
	if (!c)
		c = (x->shard > y->shard) - (x->shard < y->shard);
	if (!c)
		c = strcmp(sx ? sx : "", sy ? sy : "");
	return c ? c : (x->source > y->source) - (x->source < y->source);
}

static int platform_cmp(const void *a, const void *b)
{
	return strcmp(((const struct results_platform *)a)->id,
		      ((const struct results_platform *)b)->id);
}

static int dedupe(struct results_set *s, struct results_platform *p, char *err, size_t errlen)
{
	size_t kept = 0;

	if (p->ntests > 1)
		qsort(p->tests, p->ntests, sizeof(*p->tests), test_cmp);
	for (size_t i = 0; i < p->ntests; i++) {
		struct results_test *t = &p->tests[i], *prev = kept ? &p->tests[kept - 1] : NULL;

		if (prev && !strcmp(prev->suite, t->suite) && !strcmp(prev->name, t->name)) {
			if (strcmp(prev->cls, t->cls))
				return errmsg(err, errlen,
					      "platform '%s': test '%s' (suite %s) is %s in %s but %s in %s: "
					      "conflicting results (name the hosts apart with uvmm test "
					      "--platform)", p->id, t->name, t->suite, prev->cls,
					      s->sources[prev->source], t->cls, s->sources[t->source]);
			s->duplicates++;
			continue;
		}
		p->tests[kept++] = *t;
	}
	p->ntests = kept;
	return 0;
}

static int has_run(const struct results_platform *p, const char *suite, unsigned shard,
		   unsigned nshards)
{
	for (size_t j = 0; j < p->nruns; j++)
		if (!strcmp(p->runs[j].suite, suite) && p->runs[j].nshards == nshards &&
		    p->runs[j].shard == shard)
			return 1;
	return 0;
}

/* For each suite and shard count, the shards 1..count that no run covers; an
 * unsharded run of the suite covers them all. */
static int find_missing(struct results_platform *p)
{
	p->complete = 1;
	for (size_t i = 0; i < p->nruns; i++)
		p->complete &= p->runs[i].complete;
	for (size_t i = 0; i < p->nruns; i++) {
		const struct results_run *r = &p->runs[i];
		int seen_before = 0;

		if (!r->nshards || has_run(p, r->suite, 0, 0))
			continue;
		for (size_t j = 0; j < i; j++)
			seen_before |= !strcmp(p->runs[j].suite, r->suite) &&
				       p->runs[j].nshards == r->nshards;
		if (seen_before)
			continue;
		for (unsigned k = 1; k <= r->nshards; k++) {
			if (has_run(p, r->suite, k, r->nshards))
				continue;
			if (grow((void **)&p->missing, &p->capmissing, p->nmissing,
				 sizeof(*p->missing)) < 0)
				return -1;
			p->missing[p->nmissing++] = (struct results_missing){ r->suite, k, r->nshards };
		}
	}
	p->complete &= p->nmissing == 0;
	return 0;
}

int results_set_merge(struct results_set *s, char *err, size_t errlen)
{
	s->complete = 1;
	/* qsort wants a pointer even for no elements: only sort what is there. */
	if (s->nplatforms > 1)
		qsort(s->platforms, s->nplatforms, sizeof(*s->platforms), platform_cmp);
	for (size_t i = 0; i < s->nplatforms; i++) {
		struct results_platform *p = &s->platforms[i];
		if (p->nruns > 1)
			qsort(p->runs, p->nruns, sizeof(*p->runs), run_cmp);
		if (dedupe(s, p, err, errlen) < 0)
			return -1;
		if (find_missing(p) < 0)
			return errmsg(err, errlen, "out of memory");
		s->complete &= p->complete;
	}
	return 0;
}

/* Keys the merge computes; every other key of the first platform object is
 * copied as it is. */
static int computed_key(const char *key)
{
	static const char *const keys[] = { "id", "complete", "shards_missing", "runs", "summary",
					    "tests" };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i]))
			return 1;
	return 0;
}

static void write_runs(struct json_writer *w, const struct results_set *s,
		       const struct results_platform *p)
{
	jw_key(w, "runs");
	jw_array_begin(w);
	for (size_t i = 0; i < p->nruns; i++) {
		const struct json_value *r = p->runs[i].json;
		jw_object_begin(w);
		for (size_t k = 0; k < r->len; k++) {
			jw_key_len(w, r->u.members[k].key, r->u.members[k].keylen);
			json_write_value(w, &r->u.members[k].value);
		}
		if (!json_get(r, "source"))
			jw_kv_string(w, "source", s->sources[p->runs[i].source]);
		jw_object_end(w);
	}
	jw_array_end(w);
}

static void write_summary(struct json_writer *w, const struct results_platform *p)
{
	size_t other = 0;

	jw_key(w, "summary");
	jw_object_begin(w);
	for (int c = 0; c < RC_COUNT; c++) {
		const char *name = result_class_name((enum result_class)c);
		size_t n = 0;
		for (size_t i = 0; i < p->ntests; i++)
			n += !strcmp(p->tests[i].cls, name);
		jw_kv_uint(w, name, n);
	}
	for (size_t i = 0; i < p->ntests; i++)
		other += !results_class_known(p->tests[i].cls);
	if (other)
		jw_kv_uint(w, "other", other);
	jw_object_end(w);
}

static void write_platform(struct json_writer *w, const struct results_set *s,
			   const struct results_platform *p)
{
	const struct json_value *pv = p->json;

	jw_object_begin(w);
	jw_kv_string(w, "id", p->id);
	jw_kv_bool(w, "complete", p->complete);
	jw_key(w, "shards_missing");
	jw_array_begin(w);
	for (size_t i = 0; i < p->nmissing; i++) {
		jw_object_begin(w);
		jw_kv_string(w, "suite", p->missing[i].suite);
		jw_kv_uint(w, "index", p->missing[i].index);
		jw_kv_uint(w, "count", p->missing[i].count);
		jw_object_end(w);
	}
	jw_array_end(w);
	for (size_t k = 0; k < pv->len; k++) {
		if (computed_key(pv->u.members[k].key))
			continue;
		jw_key_len(w, pv->u.members[k].key, pv->u.members[k].keylen);
		json_write_value(w, &pv->u.members[k].value);
	}
	write_runs(w, s, p);
	write_summary(w, p);
	jw_key(w, "tests");
	jw_array_begin(w);
	for (size_t i = 0; i < p->ntests; i++)
		json_write_value(w, p->tests[i].json);
	jw_array_end(w);
	jw_object_end(w);
}

int results_set_write(const struct results_set *s, FILE *f)
{
	struct json_writer w;

	jw_init(&w, f, 1);
	jw_object_begin(&w);
	jw_kv_string(&w, "format", RESULTS_FORMAT);
	jw_kv_uint(&w, "schema", s->schema > RESULTS_SCHEMA ? s->schema : RESULTS_SCHEMA);
	results_write_uvmm(&w, "generator", "report merge");
	jw_kv_bool(&w, "complete", s->complete);
	jw_key(&w, "platforms");
	jw_array_begin(&w);
	for (size_t i = 0; i < s->nplatforms; i++)
		write_platform(&w, s, &s->platforms[i]);
	jw_array_end(&w);
	jw_object_end(&w);
	return jw_finish(&w);
}

void results_set_free(struct results_set *s)
{
	for (size_t i = 0; i < s->nplatforms; i++) {
		free(s->platforms[i].runs);
		free(s->platforms[i].tests);
		free(s->platforms[i].missing);
	}
	for (size_t i = 0; i < s->ndocs; i++) {
		json_doc_free(&s->docs[i]);
		free(s->sources[i]);
	}
	free(s->platforms);
	free(s->docs);
	free(s->sources);
	memset(s, 0, sizeof(*s));
}
