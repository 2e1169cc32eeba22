/* Results files from many shards and hosts, read and merged: one platform
 * per id, its runs side by side, each test once (docs/results-schema.md,
 * "Merging"); written back as one results file or rendered as a page. */
#ifndef UVMM_SUITE_RESULTS_SET_H
#define UVMM_SUITE_RESULTS_SET_H

#include <stddef.h>
#include <stdio.h>

#include "util/json_parse.h"

struct results_test {
	const char *suite, *name, *cls;
	const struct json_value *json;  /* the whole test object (unknown keys too) */
	unsigned source;                /* index into sources */
};

struct results_run {
	const struct json_value *json;
	const char *suite;
	unsigned source;
	unsigned shard, nshards;        /* 0 0: not sharded */
	int complete;
};

struct results_missing {
	const char *suite;
	unsigned index, count;
};

struct results_platform {
	const char *id;
	const struct json_value *json;  /* the first platform object with this id */
	struct results_run *runs;
	size_t nruns, caprun;
	struct results_test *tests;     /* sorted by suite and name after merge */
	size_t ntests, captest;
	struct results_missing *missing; /* shards no input had */
	size_t nmissing, capmissing;
	int complete;                   /* every run complete, no shard missing */
};

struct results_set {
	struct json_doc *docs;
	size_t ndocs, capdocs;
	char **sources;                 /* the file of each doc */
	struct results_platform *platforms; /* sorted by id after merge */
	size_t nplatforms, capplat, last; /* last: the platform found last (files come in runs) */
	unsigned schema;                /* the highest schema version read */
	size_t duplicates;              /* identical results given twice, kept once */
	int complete;
};

/* Reads and checks one results file and adds its platforms. Returns 0, or -1
 * with "FILE: reason". */
int results_set_add(struct results_set *s, const char *path, char *err, size_t errlen);

/* After the last add: sorts, drops repeated identical results and finds
 * missing shards. A test given twice for one platform with two different
 * classes is a conflict: -1 with a reason naming both files. */
int results_set_merge(struct results_set *s, char *err, size_t errlen);

/* The merged results file. Returns 0, or -1 when writing failed. */
int results_set_write(const struct results_set *s, FILE *f);

void results_set_free(struct results_set *s);

#endif
