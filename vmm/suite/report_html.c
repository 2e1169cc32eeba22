/* The page is a static table (readable without scripts) plus one inline
 * script for hover, click and the filters. Strings from the results files
 * reach the page only through html_put (markup) or the JSON writer (the data
 * block, where '<' is always escaped), so no test name or reason can close
 * an element or start one. Reasons are stored once in the data block and
 * cells name them by index: a thousand platforms stay a few megabytes. */
#include "suite/report_html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "suite/result.h"
#include "suite/results_check.h"
#include "util/json_write.h"
#include "util/utf8.h"
#include "util/version.h"

void html_put(FILE *f, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;

	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		uint32_t cp;
		size_t n;

		if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c == '\'')
			fputs("&#39;", f);
		else if (c == '\n' || c == '\t')
			fprintf(f, "&#%d;", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else if (c < 0x80)
			fputc(c, f);
		else if ((n = utf8_decode(s + i, len - i, &cp))) {
			fprintf(f, "&#x%x;", cp);
			i += n;
			continue;
		} else {
			fputs("&#xfffd;", f);
		}
		i++;
	}
}

static void html_str(FILE *f, const char *s)
{
	if (s)
		html_put(f, s, strlen(s));
}

/* Distinct strings by content, numbered in order of first use. */
struct intern {
	const char **s;
	size_t *len;
	size_t n, cap;
	size_t *slot;   /* open addressing: index + 1, 0 = empty */
	size_t nslot;
};

static uint64_t hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return h;
}

static int intern_grow(struct intern *t)
{
	size_t nslot = t->nslot ? t->nslot * 2 : 1024;
	size_t *slot = calloc(nslot, sizeof(*slot));

	if (!slot)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		size_t h = (size_t)hash(t->s[i], t->len[i]) & (nslot - 1);
		while (slot[h])
			h = (h + 1) & (nslot - 1);
		slot[h] = i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->nslot = nslot;
	return 0;
}

/* The number of s[0..len), or -1 when out of memory. */
static long intern(struct intern *t, const char *s, size_t len)
{
	size_t h;

	if ((t->n + 1) * 2 > t->nslot && intern_grow(t) < 0)
		return -1;
	for (h = (size_t)hash(s, len) & (t->nslot - 1); t->slot[h]; h = (h + 1) & (t->nslot - 1)) {
		size_t i = t->slot[h] - 1;
		if (t->len[i] == len && !memcmp(t->s[i], s, len))
			return (long)i;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		const char **ns = realloc(t->s, cap * sizeof(*ns));
		size_t *nl;
		if (!ns)
			return -1;
		t->s = ns;
		nl = realloc(t->len, cap * sizeof(*nl));
		if (!nl)
			return -1;
		t->len = nl;
		t->cap = cap;
	}
	t->s[t->n] = s;
	t->len[t->n] = len;
	t->slot[h] = ++t->n;
	return (long)t->n - 1;
}

static void intern_free(struct intern *t)
{
	free(t->s);
	free(t->len);
	free(t->slot);
}

/* One row: a test (suite and name) on every platform. */
struct row {
	const char *suite, *name;
	const struct json_value *groups;  /* from the first platform that has the test */
	size_t platform;                  /* while rows are gathered: whose test this is */
	int disagree;
	unsigned classes;                 /* bit per known class present, bit RC_COUNT: other */
};

struct page {
	const struct results_set *s;
	struct row *rows;
	size_t nrows;
	const struct results_test **cells; /* nrows x nplatforms, NULL: not run there */
	struct intern reasons, groups;
};

static int key_cmp(const char *s1, const char *n1, const char *s2, const char *n2)
{
	int c = strcmp(s1, s2);

	return c ? c : strcmp(n1, n2);
}

static int row_key_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	return key_cmp(x->suite, x->name, y->suite, y->name);
}

/* Gathering order: by key, then platform, so "the first platform" is one. */
static int row_gather_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = row_key_cmp(a, b);

	return c ? c : (x->platform > y->platform) - (x->platform < y->platform);
}

static int row_order_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->disagree != y->disagree)
		return y->disagree - x->disagree;
	return row_key_cmp(a, b);
}

static int class_index(const char *cls)
{
	for (int c = 0; c < RC_COUNT; c++)
		if (!strcmp(cls, result_class_name((enum result_class)c)))
			return c;
	return RC_COUNT;
}

/* Rows: every distinct test of every platform, sorted by key; then the cells
 * by walking each platform's sorted tests beside them. */
static int build_rows(struct page *pg)
{
	const struct results_set *s = pg->s;
	size_t total = 0, n = 0, np = s->nplatforms;

	for (size_t p = 0; p < np; p++)
		total += s->platforms[p].ntests;
	pg->rows = calloc(total ? total : 1, sizeof(*pg->rows));
	if (!pg->rows)
		return -1;
	for (size_t p = 0; p < np; p++)
		for (size_t i = 0; i < s->platforms[p].ntests; i++) {
			const struct results_test *t = &s->platforms[p].tests[i];
			pg->rows[n++] = (struct row){ .suite = t->suite, .name = t->name,
						      .groups = json_get(t->json, "groups"),
						      .platform = p };
		}
	qsort(pg->rows, n, sizeof(*pg->rows), row_gather_cmp);
	pg->nrows = 0;
	for (size_t i = 0; i < n; i++) {
		struct row *last = pg->nrows ? &pg->rows[pg->nrows - 1] : NULL;
		if (last && !row_key_cmp(last, &pg->rows[i])) {
			if (!last->groups)
				last->groups = pg->rows[i].groups;
			continue;
		}
		pg->rows[pg->nrows++] = pg->rows[i];
	}
	pg->cells = calloc(pg->nrows * np + 1, sizeof(*pg->cells));
	if (!pg->cells)
		return -1;
	for (size_t p = 0; p < np; p++) {
		const struct results_platform *pl = &s->platforms[p];
		size_t r = 0;
		for (size_t i = 0; i < pl->ntests; i++) {
			const struct results_test *t = &pl->tests[i];
			while (r < pg->nrows && key_cmp(pg->rows[r].suite, pg->rows[r].name, t->suite,
							t->name) < 0)
				r++;
			pg->cells[r * np + p] = t;
		}
	}
	for (size_t r = 0; r < pg->nrows; r++) {
		struct row *row = &pg->rows[r];
		const char *first = NULL;
		for (size_t p = 0; p < np; p++) {
			const struct results_test *t = pg->cells[r * np + p];
			if (!t)
				continue;
			row->classes |= 1u << class_index(t->cls);
			if (first && strcmp(first, t->cls))
				row->disagree = 1;
			first = first ? first : t->cls;
		}
	}
	return 0;
}

/* Rows move, and their cells with them. */
static int order_rows(struct page *pg)
{
	struct ordered {
		struct row row; /* first member: row_order_cmp applies as it is */
		size_t from;
	} *o;
	size_t np = pg->s->nplatforms, nr = pg->nrows;
	const struct results_test **cells = malloc((nr * np + 1) * sizeof(*cells));

	o = malloc((nr ? nr : 1) * sizeof(*o));
	if (!o || !cells) {
		free(o);
		free(cells);
		return -1;
	}
	for (size_t i = 0; i < nr; i++)
		o[i] = (struct ordered){ pg->rows[i], i };
	qsort(o, nr, sizeof(*o), row_order_cmp);
	for (size_t i = 0; i < nr; i++) {
		pg->rows[i] = o[i].row;
		memcpy(&cells[i * np], &pg->cells[o[i].from * np], np * sizeof(*cells));
	}
	free(o);
	free(pg->cells);
	pg->cells = cells;
	return 0;
}

static const char css[] =
	"body{font:13px/1.35 system-ui,sans-serif;margin:1em;color:#222;background:#fff}"
	"h1{font-size:1.4em;margin:0 0 .3em}h2{font-size:1.15em;margin:1.2em 0 .4em}"
	"#filters{display:flex;flex-wrap:wrap;gap:.4em 1.2em;align-items:center;margin:.6em 0;"
	"padding:.5em;background:#f4f4f4;border:1px solid #ddd}"
	"#filters label{white-space:nowrap}"
	"#matrix{border-collapse:collapse;table-layout:fixed}"
	"#matrix th,#matrix td{border:1px solid #ccc;padding:0}"
	"#matrix td{width:2.2em;height:1.5em;text-align:center;font-size:11px;cursor:pointer}"
	"#matrix tbody th{text-align:left;padding:0 .5em;white-space:nowrap;font-weight:normal;"
	"position:sticky;left:0;background:#fff}"
	"#matrix tr.dis th{font-weight:bold}#matrix tr.dis th::before{content:'\\2260 ';color:#c00}"
	"#matrix thead th.plat{writing-mode:vertical-rl;transform:rotate(180deg);height:16em;"
	"max-height:16em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;"
	"font-weight:normal;padding:.3em 0;cursor:pointer}"
	"#matrix thead th.plat.incomplete{color:#a00}"
	".PASS{background:#3c9d4e;color:#fff}.FAIL{background:#d62d20;color:#fff}"
	".SKIP{background:#e8d36a}.XFAIL{background:#5aa9d6;color:#fff}"
	".XPASS{background:#f28c28;color:#fff}.TIMEOUT{background:#8e1b1b;color:#fff}"
	".ERROR{background:#b02fb0;color:#fff}.OTHER{background:#888;color:#fff}"
	".NONE{background:#f2f2f2;color:#aaa}"
	"td.sel{outline:3px solid #000;outline-offset:-3px}"
	"table.hide-PASS td.PASS,table.hide-FAIL td.FAIL,table.hide-SKIP td.SKIP,"
	"table.hide-XFAIL td.XFAIL,table.hide-XPASS td.XPASS,table.hide-TIMEOUT td.TIMEOUT,"
	"table.hide-ERROR td.ERROR,table.hide-OTHER td.OTHER{opacity:.15}"
	"#detail{position:fixed;right:1em;bottom:1em;max-width:36em;background:#fffbe6;"
	"border:1px solid #c9b458;padding:.6em .8em;box-shadow:0 2px 8px rgba(0,0,0,.25);"
	"white-space:pre-wrap;word-break:break-word}"
	"#detail button{float:right}"
	"#platforms td,#platforms th{border:1px solid #ddd;padding:.15em .5em;text-align:left;"
	"vertical-align:top}#platforms{border-collapse:collapse}"
	".legend span{display:inline-block;padding:0 .4em;margin-right:.3em}"
	".warn{color:#a00}";

static const char script[] =
	"(function(){'use strict';\n"
	"var data=JSON.parse(document.getElementById('data').textContent);\n"
	"var table=document.getElementById('matrix'),rows=table.tBodies[0].rows;\n"
	"var names={PASS:'passed',FAIL:'failed',SKIP:'skipped',XFAIL:'known deviation',"
	"XPASS:'passed, but listed as a deviation',TIMEOUT:'timed out',ERROR:'harness error',"
	"NONE:'not run on this platform'};\n"
	"function cls(td){return td.getAttribute('data-k')||td.className.split(' ')[0];}\n"
	"function describe(td){var tr=td.parentNode,p=data.platforms[td.cellIndex-1];"
	"var c=cls(td),r=td.getAttribute('data-r'),s=tr.cells[0].textContent+' on '+p.id+': '+c;"
	"if(names[c])s+=' ('+names[c]+')';if(r!==null)s+='\\n'+data.reasons[+r];"
	"var t=td.getAttribute('data-t'),x=td.getAttribute('data-x');"
	"if(t!==null)s+='\\n'+t+' ms, '+x+' exits';return s;}\n"
	"var detail=document.getElementById('detail'),text=document.getElementById('detail-text'),"
	"selected=null;\n"
	"function show(s){text.textContent=s;detail.hidden=false;}\n"
	"document.getElementById('detail-close').addEventListener('click',function(){"
	"detail.hidden=true;if(selected)selected.classList.remove('sel');selected=null;});\n"
	"table.addEventListener('mouseover',function(e){var td=e.target.closest('td');"
	"if(td&&!td.title)td.title=describe(td);});\n"
	"table.addEventListener('click',function(e){var td=e.target.closest('td');"
	"if(td){if(selected)selected.classList.remove('sel');selected=td;td.classList.add('sel');"
	"show(describe(td));return;}var th=e.target.closest('th.plat');"
	"if(th)show(th.title);});\n"
	"var group=document.getElementById('f-group'),dis=document.getElementById('f-disagree'),"
	"boxes=document.querySelectorAll('#f-class input'),count=document.getElementById('f-count');\n"
	"function apply(){var g=group.value,want=[],shown=0;"
	"for(var i=0;i<boxes.length;i++){table.classList.toggle('hide-'+boxes[i].value,"
	"!boxes[i].checked);if(boxes[i].checked)want.push(' '+boxes[i].value+' ');}"
	"for(var r=0;r<rows.length;r++){var row=rows[r],ok=true;"
	"if(g!==''&&row.getAttribute('data-g').indexOf(' '+g+' ')<0)ok=false;"
	"if(ok&&dis.checked&&!row.classList.contains('dis'))ok=false;"
	"if(ok){var c=row.getAttribute('data-c'),any=false;"
	"for(var k=0;k<want.length&&!any;k++)any=c.indexOf(want[k])>=0;ok=any;}"
	"row.hidden=!ok;if(ok)shown++;}"
	"count.textContent=shown+' of '+rows.length+' tests shown';}\n"
	"group.addEventListener('change',apply);dis.addEventListener('change',apply);"
	"for(var i=0;i<boxes.length;i++)boxes[i].addEventListener('change',apply);\n"
	"apply();document.body.setAttribute('data-ready','1');"
	"document.body.setAttribute('data-render-ms',String(Math.round(performance.now())));\n"
	"})();\n";

static const char *const labels[RC_COUNT] = {
	[RC_PASS] = "P", [RC_FAIL] = "F", [RC_SKIP] = "S", [RC_XFAIL] = "XF",
	[RC_XPASS] = "XP", [RC_TIMEOUT] = "T", [RC_ERROR] = "E",
};

static const char *host_str(const struct json_value *p, const char *key)
{
	const char *v = json_get_str(json_get(p, "host"), key);

	return v ? v : "unknown";
}

static const char *impl_of(const struct json_value *p)
{
	const char *v = json_get_str(json_get(json_get(p, "host"), "kvm"), "implementation");

	return v ? v : "unknown";
}

static const char *nested_of(const struct json_value *p)
{
	const struct json_value *v = json_get(json_get(p, "host"), "nested");

	return !v || v->type != JSON_BOOL ? "unknown" : v->u.boolean ? "yes" : "no";
}

/* The uvmm builds and hosts of a platform's runs, "a, b" (distinct ones). */
static void run_list(FILE *f, const struct results_platform *p, const char *obj, const char *key)
{
	size_t shown = 0;

	for (size_t i = 0; i < p->nruns; i++) {
		const struct json_value *r = p->runs[i].json;
		const char *v = json_get_str(obj ? json_get(r, obj) : r, key);
		int dup = 0;
		if (!v)
			continue;
		for (size_t j = 0; j < i && !dup; j++) {
			const struct json_value *q = p->runs[j].json;
			const char *w = json_get_str(obj ? json_get(q, obj) : q, key);
			dup = w && !strcmp(v, w);
		}
		if (dup)
			continue;
		if (shown == 8) {
			fputs(", ...", f);
			break;
		}
		fputs(shown++ ? ", " : "", f);
		html_str(f, v);
	}
	if (!shown)
		fputs("unknown", f);
}

static void missing_list(FILE *f, const struct results_platform *p)
{
	for (size_t i = 0; i < p->nmissing; i++) {
		fprintf(f, "%s%u/%u (", i ? ", " : "", p->missing[i].index, p->missing[i].count);
		html_str(f, p->missing[i].suite);
		fputc(')', f);
	}
}

/* The platform's facts as one text (the header's title and click). */
static void platform_title(FILE *f, const struct results_platform *p)
{
	size_t counts[RC_COUNT + 1] = { 0 };

	for (size_t i = 0; i < p->ntests; i++)
		counts[class_index(p->tests[i].cls)]++;
	html_str(f, p->id);
	fputs("\nKVM: ", f);
	html_str(f, impl_of(p->json));
	fputs("\nkernel: ", f);
	html_str(f, host_str(p->json, "kernel"));
	fputs("\nCPU: ", f);
	html_str(f, host_str(p->json, "cpu_model"));
	fputs("\nnested: ", f);
	html_str(f, nested_of(p->json));
	fputs("\nuvmm: ", f);
	run_list(f, p, "uvmm", "git");
	fputs("\nhosts: ", f);
	run_list(f, p, NULL, "hostname");
	fprintf(f, "\nruns: %zu, tests: %zu\n", p->nruns, p->ntests);
	for (int c = 0; c < RC_COUNT; c++)
		fprintf(f, "%s %zu%s", result_class_name((enum result_class)c), counts[c],
			c + 1 < RC_COUNT ? ", " : "");
	if (!p->complete) {
		fputs("\nINCOMPLETE", f);
		if (p->nmissing) {
			fputs(": shards missing ", f);
			missing_list(f, p);
		} else {
			fputs(": a run was interrupted", f);
		}
	}
}

static void write_head(FILE *f, const struct page *pg, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width\">\n<title>", f);
	html_str(f, title);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
	html_str(f, title);
	fprintf(f, "</h1>\n<p id=\"summary\">%zu tests on %zu platforms", pg->nrows,
		pg->s->nplatforms);
	{
		size_t dis = 0;
		for (size_t r = 0; r < pg->nrows; r++)
			dis += pg->rows[r].disagree;
		fprintf(f, "; platforms disagree on %zu (listed first, marked &#x2260;)", dis);
	}
	fputs(". Written by uvmm ", f);
	html_str(f, uvmm_version());
	fputs(" (git ", f);
	html_str(f, uvmm_git_describe());
	fputs(").", f);
	if (!pg->s->complete)
		fputs(" <span class=\"warn\" id=\"incomplete\">Incomplete: some platforms miss shards "
		      "or were interrupted (their headers are red).</span>", f);
	fputs("</p>\n<p class=\"legend\">", f);
	for (int c = 0; c < RC_COUNT; c++)
		fprintf(f, "<span class=\"%s\"><strong>%s</strong> %s</span>",
			result_class_name((enum result_class)c), labels[c],
			result_class_name((enum result_class)c));
	fputs("<span class=\"NONE\"><strong>&middot;</strong> not run</span></p>\n", f);
}

static void write_filters(FILE *f, const struct page *pg)
{
	fputs("<div id=\"filters\">\n<label>group <select id=\"f-group\">"
	      "<option value=\"\">all</option>", f);
	for (size_t g = 0; g < pg->groups.n; g++) {
		fprintf(f, "<option value=\"%zu\">", g);
		html_put(f, pg->groups.s[g], pg->groups.len[g]);
		fputs("</option>", f);
	}
	fputs("</select></label>\n<span id=\"f-class\">class:", f);
	for (int c = 0; c <= RC_COUNT; c++) {
		const char *name = c < RC_COUNT ? result_class_name((enum result_class)c) : "OTHER";
		int present = 0;
		for (size_t r = 0; r < pg->nrows && !present; r++)
			present = (pg->rows[r].classes >> c) & 1;
		if (c == RC_COUNT && !present)
			continue;
		fprintf(f, " <label><input type=\"checkbox\" value=\"%s\" checked> %s</label>", name,
			name);
	}
	fputs("</span>\n<label><input type=\"checkbox\" id=\"f-disagree\"> only where platforms "
	      "disagree</label>\n<span id=\"f-count\"></span>\n</div>\n", f);
}

static int write_cell(FILE *f, struct page *pg, const struct results_test *t)
{
	const char *reason;
	double seconds, exits;
	int c;

	if (!t) {
		fputs("<td class=\"NONE\">&middot;</td>", f);
		return 0;
	}
	c = class_index(t->cls);
	if (c < RC_COUNT)
		fprintf(f, "<td class=\"%s\"", t->cls);
	else
		fprintf(f, "<td class=\"OTHER\" data-k=\"%s\"", t->cls); /* [A-Z_]: checked */
	reason = json_get_str(t->json, "reason");
	if (reason && reason[0]) {
		const struct json_value *v = json_get(t->json, "reason");
		long id = intern(&pg->reasons, v->u.str, v->len);
		if (id < 0)
			return -1;
		fprintf(f, " data-r=\"%ld\"", id);
	}
	if (json_get_num(t->json, "seconds", &seconds) == 0)
		fprintf(f, " data-t=\"%.1f\"", seconds * 1e3);
	if (json_get_num(t->json, "exits", &exits) == 0)
		fprintf(f, " data-x=\"%.0f\"", exits);
	fprintf(f, ">%s</td>", c < RC_COUNT ? labels[c] : "?");
	return 0;
}

static int write_matrix(FILE *f, struct page *pg)
{
	const struct results_set *s = pg->s;
	size_t np = s->nplatforms;

	fputs("<table id=\"matrix\">\n<thead><tr><th>test</th>", f);
	for (size_t p = 0; p < np; p++) {
		fprintf(f, "<th class=\"plat%s\" title=\"", s->platforms[p].complete ? "" : " incomplete");
		platform_title(f, &s->platforms[p]);
		fputs("\">", f);
		html_str(f, s->platforms[p].id);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (size_t r = 0; r < pg->nrows; r++) {
		const struct row *row = &pg->rows[r];
		fprintf(f, "<tr%s data-g=\" ", row->disagree ? " class=\"dis\"" : "");
		for (size_t g = 0; row->groups && g < row->groups->len; g++) {
			const struct json_value *gv = &row->groups->u.items[g];
			long id = intern(&pg->groups, gv->u.str, gv->len);
			if (id < 0)
				return -1;
			fprintf(f, "%ld ", id);
		}
		fputs("\" data-c=\" ", f);
		for (int c = 0; c <= RC_COUNT; c++)
			if ((row->classes >> c) & 1)
				fprintf(f, "%s ", c < RC_COUNT ? result_class_name((enum result_class)c)
							       : "OTHER");
		fputs("\"><th>", f);
		if (strcmp(row->suite, "uvmm")) {
			html_str(f, row->suite);
			fputc(':', f);
		}
		html_str(f, row->name);
		fputs("</th>", f);
		for (size_t p = 0; p < np; p++)
			if (write_cell(f, pg, pg->cells[r * np + p]) < 0)
				return -1;
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	return 0;
}

static void write_platform_table(FILE *f, const struct page *pg)
{
	const struct results_set *s = pg->s;

	fputs("<h2>Platforms</h2>\n<table id=\"platforms\"><thead><tr><th>#</th><th>platform</th>"
	      "<th>KVM</th><th>kernel</th><th>CPU</th><th>nested</th><th>uvmm</th><th>hosts</th>"
	      "<th>runs</th><th>complete</th></tr></thead>\n<tbody>\n", f);
	for (size_t p = 0; p < s->nplatforms; p++) {
		const struct results_platform *pl = &s->platforms[p];
		fprintf(f, "<tr><td>%zu</td><td>", p + 1);
		html_str(f, pl->id);
		fputs("</td><td>", f);
		html_str(f, impl_of(pl->json));
		fputs("</td><td>", f);
		html_str(f, host_str(pl->json, "kernel"));
		fputs("</td><td>", f);
		html_str(f, host_str(pl->json, "cpu_model"));
		fputs("</td><td>", f);
		html_str(f, nested_of(pl->json));
		fputs("</td><td>", f);
		run_list(f, pl, "uvmm", "git");
		fputs("</td><td>", f);
		run_list(f, pl, NULL, "hostname");
		fprintf(f, "</td><td>%zu</td><td>%s", pl->nruns, pl->complete ? "yes" : "no");
		if (pl->nmissing) {
			fputs(": shards missing ", f);
			missing_list(f, pl);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

/* The data block: the reasons the cells point at and each platform's id.
 * The JSON writer escapes '<', so "</script>" cannot occur in it. */
static void write_data(FILE *f, const struct page *pg)
{
	struct json_writer w;

	fputs("<script type=\"application/json\" id=\"data\">", f);
	jw_init(&w, f, 0);
	jw_object_begin(&w);
	jw_key(&w, "reasons");
	jw_array_begin(&w);
	for (size_t i = 0; i < pg->reasons.n; i++)
		jw_string_len(&w, pg->reasons.s[i], pg->reasons.len[i]);
	jw_array_end(&w);
	jw_key(&w, "platforms");
	jw_array_begin(&w);
	for (size_t p = 0; p < pg->s->nplatforms; p++) {
		jw_object_begin(&w);
		jw_kv_string(&w, "id", pg->s->platforms[p].id);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	jw_finish(&w);
	fputs("</script>\n", f);
}

int html_report_write(FILE *f, const struct results_set *s, const char *title)
{
	struct page pg = { .s = s };
	int r = -1;

	if (build_rows(&pg) < 0 || order_rows(&pg) < 0)
		goto out;
	/* Groups are numbered before the filter lists them. */
	for (size_t i = 0; i < pg.nrows; i++)
		for (size_t g = 0; pg.rows[i].groups && g < pg.rows[i].groups->len; g++) {
			const struct json_value *gv = &pg.rows[i].groups->u.items[g];
			if (intern(&pg.groups, gv->u.str, gv->len) < 0)
				goto out;
		}
	write_head(f, &pg, title ? title : "uvmm conformance results");
	write_filters(f, &pg);
	if (write_matrix(f, &pg) < 0)
		goto out;
	fputs("<div id=\"detail\" hidden><button id=\"detail-close\" type=\"button\">close</button>"
	      "<div id=\"detail-text\"></div></div>\n", f);
	write_platform_table(f, &pg);
	write_data(f, &pg);
	fprintf(f, "<script>%s</script>\n</body>\n</html>\n", script);
	fflush(f);
	r = ferror(f) ? -1 : 0;
out:
	free(pg.rows);
	free(pg.cells);
	intern_free(&pg.reasons);
	intern_free(&pg.groups);
	return r;
}
