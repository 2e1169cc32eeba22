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

/* Rows are 20 px, platform columns 26 px, the name column 240 px: fixed, so
 * the script computes its window from the scroll offsets alone. */
static const char css[] =
	"body{font:13px/1.35 system-ui,sans-serif;margin:1em;color:#222;background:#fff}"
	"h1{font-size:1.4em;margin:0 0 .3em}h2{font-size:1.15em;margin:1.2em 0 .4em}"
	"#filters{display:flex;flex-wrap:wrap;gap:.4em 1.2em;align-items:center;margin:.6em 0;"
	"padding:.5em;background:#f4f4f4;border:1px solid #ddd}"
	"#filters label{white-space:nowrap}"
	"#grid{overflow:auto;max-height:78vh;max-width:100%;border:1px solid #ccc}"
	"#matrix{border-collapse:separate;border-spacing:0;table-layout:fixed}"
	"#matrix td,#matrix th{padding:0;height:20px;box-sizing:border-box;overflow:hidden}"
	"#matrix td{text-align:center;font-size:11px;cursor:pointer;border-right:1px solid #fff;"
	"border-bottom:1px solid #fff}"
	"#matrix tbody th{text-align:left;padding:0 .5em;white-space:nowrap;text-overflow:ellipsis;"
	"font-weight:normal;position:sticky;left:0;background:#fff;z-index:1;"
	"border-right:1px solid #ccc}"
	"#matrix thead th{position:sticky;top:0;background:#fff;z-index:2;height:16em;"
	"vertical-align:bottom;border-bottom:1px solid #ccc}"
	"#matrix thead th.corner{left:0;z-index:3}"
	"#matrix tr.dis th{font-weight:bold}#matrix tr.dis th::before{content:'\\2260 ';color:#c00}"
	"#matrix thead th.plat span{display:block;writing-mode:vertical-rl;transform:rotate(180deg);"
	"max-height:15.5em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;"
	"font-weight:normal;margin:0 auto;cursor:pointer}"
	"#matrix thead th.incomplete span{color:#a00}"
	".PASS{background:#3c9d4e;color:#fff}.FAIL{background:#d62d20;color:#fff}"
	".SKIP{background:#e8d36a}.XFAIL{background:#5aa9d6;color:#fff}"
	".XPASS{background:#f28c28;color:#fff}.TIMEOUT{background:#8e1b1b;color:#fff}"
	".ERROR{background:#b02fb0;color:#fff}.OTHER{background:#888;color:#fff}"
	".NONE{background:#f2f2f2;color:#aaa}"
	"td.sel{outline:3px solid #000;outline-offset:-3px}"
	"table.hide-PASS td.PASS,table.hide-FAIL td.FAIL,table.hide-SKIP td.SKIP,"
	"table.hide-XFAIL td.XFAIL,table.hide-XPASS td.XPASS,table.hide-TIMEOUT td.TIMEOUT,"
	"table.hide-ERROR td.ERROR,table.hide-OTHER td.OTHER{opacity:.15}"
	"#detail{position:fixed;right:1em;bottom:1em;max-width:36em;background:#fffbe6;z-index:5;"
	"border:1px solid #c9b458;padding:.6em .8em;box-shadow:0 2px 8px rgba(0,0,0,.25);"
	"white-space:pre-wrap;word-break:break-word}"
	"#detail button{float:right}"
	"#platforms td,#platforms th{border:1px solid #ddd;padding:.15em .5em;text-align:left;"
	"vertical-align:top}#platforms{border-collapse:collapse}"
	"#platforms-box summary h2{display:inline}"
	".legend span{display:inline-block;padding:0 .4em;margin-right:.3em}"
	".warn{color:#a00}";

/* The matrix is drawn by the script from the data block, only the window
 * of rows and columns that can be seen (plus a margin) when it is large, so
 * a thousand platforms open as fast as two. Cells carry their row and
 * column (data-i, data-c); spacer rows and cells keep the scroll size. */
static const char script[] =
	"(function(){'use strict';\n"
	"var D=JSON.parse(document.getElementById('data').textContent);\n"
	"var P=D.platforms,R=D.rows,NP=P.length,ROW=20,COL=26,NAME=240,ALL=20000,MARGIN=8;\n"
	"var CODE={P:'PASS',F:'FAIL',S:'SKIP',X:'XFAIL',Y:'XPASS',T:'TIMEOUT',E:'ERROR',O:'OTHER',"
	"'.':'NONE'};\n"
	"var LABEL={PASS:'P',FAIL:'F',SKIP:'S',XFAIL:'XF',XPASS:'XP',TIMEOUT:'T',ERROR:'E',"
	"OTHER:'?',NONE:'&middot;'};\n"
	"var WHAT={PASS:'passed',FAIL:'failed',SKIP:'skipped',XFAIL:'known deviation',"
	"XPASS:'passed, but listed as a deviation',TIMEOUT:'timed out',ERROR:'harness error',"
	"NONE:'not run on this platform'};\n"
	"var grid=document.getElementById('grid'),table=document.getElementById('matrix');\n"
	"var group=document.getElementById('f-group'),dis=document.getElementById('f-disagree');\n"
	"var boxes=document.querySelectorAll('#f-class input'),count=document.getElementById('f-count');\n"
	"var shown=[],sel=null,last='';\n"
	"function esc(s){return String(s).replace(/[&<>\"']/g,function(c){"
	"return '&#'+c.charCodeAt(0)+';';});}\n"
	"function cls(i,c){var k=R[i].c.charAt(c),o=R[i].k;"
	"return k==='O'&&o&&o[c]?o[c]:CODE[k];}\n"
	"function shade(k){return LABEL[k]?k:'OTHER';}\n"
	"function describe(i,c){var r=R[i],k=cls(i,c),s=(r.s?r.s+':':'')+r.n+' on '+P[c].id+': '+k;"
	"if(WHAT[k])s+=' ('+WHAT[k]+')';var x=r.r&&r.r[c];if(x!==undefined)s+='\\n'+D.reasons[x];"
	"if(r.t&&r.t[c]>=0)s+='\\n'+r.t[c]+' ms, '+r.x[c]+' exits';return s;}\n"
	"function range(n,first,size,all){if(all)return[0,n];var a=Math.max(0,first-MARGIN);"
	"return[a,Math.min(n,first+size+MARGIN)];}\n"
	"function render(){var all=shown.length*NP<=ALL;"
	"var hi=Math.max(grid.clientHeight,window.innerHeight),wi=Math.max(grid.clientWidth,window.innerWidth);"
	"var rr=range(shown.length,Math.floor(grid.scrollTop/ROW),Math.ceil(hi/ROW),all);"
	"var cc=range(NP,Math.floor(Math.max(0,grid.scrollLeft-NAME)/COL),Math.ceil(wi/COL),all);"
	"var key=rr+'/'+cc+'/'+shown.length;if(key===last)return;last=key;"
	"var h=['<thead><tr><th class=\"corner\" style=\"width:'+NAME+'px\">test</th>'];"
	"if(cc[0])h.push('<th class=\"gap\" style=\"width:'+cc[0]*COL+'px\"></th>');"
	"for(var c=cc[0];c<cc[1];c++)h.push('<th class=\"plat'+(P[c].complete?'':' incomplete')+"
	"'\" data-c=\"'+c+'\" style=\"width:'+COL+'px\" title=\"'+esc(P[c].title)+'\"><span>'+"
	"esc(P[c].id)+'</span></th>');"
	"if(cc[1]<NP)h.push('<th class=\"gap\" style=\"width:'+(NP-cc[1])*COL+'px\"></th>');"
	"h.push('</tr></thead><tbody>');var span=cc[1]-cc[0]+(cc[0]?1:0)+(cc[1]<NP?1:0)+1;"
	"if(rr[0])h.push('<tr class=\"gap\" style=\"height:'+rr[0]*ROW+'px\"><td colspan=\"'+span+'\"></td></tr>');"
	"for(var v=rr[0];v<rr[1];v++){var i=shown[v],r=R[i];"
	"h.push('<tr data-i=\"'+i+'\"'+(r.d?' class=\"dis\"':'')+'><th title=\"'+esc(r.n)+'\">'+"
	"esc((r.s?r.s+':':'')+r.n)+'</th>');if(cc[0])h.push('<td class=\"gap\"></td>');"
	"for(var c2=cc[0];c2<cc[1];c2++){var k=cls(i,c2);h.push('<td class=\"'+shade(k)+"
	"(sel&&sel[0]===i&&sel[1]===c2?' sel':'')+'\" data-c=\"'+c2+'\"'+(shade(k)!==k?' data-k=\"'+"
	"esc(k)+'\"':'')+'>'+(k==='PASS'?'':LABEL[shade(k)])+'</td>');}"
	"if(cc[1]<NP)h.push('<td class=\"gap\"></td>');h.push('</tr>');}"
	"if(rr[1]<shown.length)h.push('<tr class=\"gap\" style=\"height:'+(shown.length-rr[1])*ROW+"
	"'px\"><td colspan=\"'+span+'\"></td></tr>');"
	"h.push('</tbody>');table.style.width=(NAME+NP*COL)+'px';table.innerHTML=h.join('');}\n"
	"function apply(){var g=group.value,want={},n=0;"
	"for(var b=0;b<boxes.length;b++){table.classList.toggle('hide-'+boxes[b].value,!boxes[b].checked);"
	"want[boxes[b].value]=boxes[b].checked;}"
	"shown=[];for(var i=0;i<R.length;i++){var r=R[i];"
	"if(g!==''&&r.g.indexOf(+g)<0)continue;if(dis.checked&&!r.d)continue;"
	"var any=false;for(var c=0;c<NP&&!any;c++){var k=cls(i,c);any=k!=='NONE'&&want[shade(k)];}"
	"if(any)shown.push(i);}"
	"count.textContent=shown.length+' of '+R.length+' tests shown';last='';render();}\n"
	"var detail=document.getElementById('detail'),text=document.getElementById('detail-text');\n"
	"function show(s){text.textContent=s;detail.hidden=false;}\n"
	"document.getElementById('detail-close').addEventListener('click',function(){"
	"detail.hidden=true;sel=null;var o=table.querySelector('td.sel');if(o)o.classList.remove('sel');});\n"
	"function at(e){var td=e.target.closest('td');if(!td||!td.hasAttribute('data-c'))return null;"
	"return[+td.parentNode.getAttribute('data-i'),+td.getAttribute('data-c'),td];}\n"
	"table.addEventListener('mouseover',function(e){var a=at(e);"
	"if(a&&!a[2].title)a[2].title=describe(a[0],a[1]);});\n"
	"table.addEventListener('click',function(e){var a=at(e);if(a){"
	"var o=table.querySelector('td.sel');if(o)o.classList.remove('sel');"
	"sel=[a[0],a[1]];a[2].classList.add('sel');show(describe(a[0],a[1]));return;}"
	"var th=e.target.closest('th.plat');if(th)show(th.title);});\n"
	"grid.addEventListener('scroll',function(){if(!render.q){render.q=1;"
	"requestAnimationFrame(function(){render.q=0;render();});}});\n"
	"window.addEventListener('resize',function(){last='';render();});\n"
	"group.addEventListener('change',apply);dis.addEventListener('change',apply);"
	"for(var b=0;b<boxes.length;b++)boxes[b].addEventListener('change',apply);\n"
	"var box=document.getElementById('platforms-box'),filled=false;\n"
	"function platforms(){if(filled||!box.open)return;filled=true;"
	"var tb=box.querySelector('tbody'),frag=document.createDocumentFragment();"
	"for(var p=0;p<NP;p++){var tr=document.createElement('tr'),v=[p+1,P[p].id].concat(P[p].info);"
	"for(var k=0;k<v.length;k++){var td=document.createElement('td');td.textContent=v[k];"
	"tr.appendChild(td);}frag.appendChild(tr);}tb.appendChild(frag);}\n"
	"box.addEventListener('toggle',platforms);platforms();\n"
	"apply();document.body.setAttribute('data-ready','1');"
	"document.body.setAttribute('data-render-ms',String(Math.round(performance.now())));\n"
	"})();\n";

static const char *const labels[RC_COUNT] = {
	[RC_PASS] = "P", [RC_FAIL] = "F", [RC_SKIP] = "S", [RC_XFAIL] = "XF",
	[RC_XPASS] = "XP", [RC_TIMEOUT] = "T", [RC_ERROR] = "E",
};

/* One character per cell in the data block: PASS..ERROR, other, not run. */
static const char codes[RC_COUNT + 2] = "PFSXYTEO.";

typedef void put_fn(FILE *f, const char *s);

static void plain_str(FILE *f, const char *s)
{
	if (s)
		fputs(s, f);
}

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
static void run_list(FILE *f, put_fn *put, const struct results_platform *p, const char *obj,
		     const char *key)
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
		put(f, v);
	}
	if (!shown)
		fputs("unknown", f);
}

static void missing_list(FILE *f, put_fn *put, const struct results_platform *p)
{
	for (size_t i = 0; i < p->nmissing; i++) {
		fprintf(f, "%s%u/%u (", i ? ", " : "", p->missing[i].index, p->missing[i].count);
		put(f, p->missing[i].suite);
		fputc(')', f);
	}
}

/* The platform's facts as plain text (its header's title and click). */
static char *platform_title(const struct results_platform *p)
{
	size_t counts[RC_COUNT + 1] = { 0 }, len = 0;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	for (size_t i = 0; i < p->ntests; i++)
		counts[class_index(p->tests[i].cls)]++;
	fprintf(f, "%s\nKVM: %s\nkernel: %s\nCPU: %s\nnested: %s\nuvmm: ", p->id, impl_of(p->json),
		host_str(p->json, "kernel"), host_str(p->json, "cpu_model"), nested_of(p->json));
	run_list(f, plain_str, p, "uvmm", "git");
	fputs("\nhosts: ", f);
	run_list(f, plain_str, p, NULL, "hostname");
	fprintf(f, "\nruns: %zu, tests: %zu\n", p->nruns, p->ntests);
	for (int c = 0; c < RC_COUNT; c++)
		fprintf(f, "%s %zu%s", result_class_name((enum result_class)c), counts[c],
			c + 1 < RC_COUNT ? ", " : "");
	if (!p->complete) {
		fputs("\nINCOMPLETE", f);
		if (p->nmissing) {
			fputs(": shards missing ", f);
			missing_list(f, plain_str, p);
		} else {
			fputs(": a run was interrupted", f);
		}
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void write_head(FILE *f, const struct page *pg, const char *title)
{
	size_t dis = 0;

	for (size_t r = 0; r < pg->nrows; r++)
		dis += pg->rows[r].disagree;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width\">\n<title>", f);
	html_str(f, title);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
	html_str(f, title);
	fprintf(f, "</h1>\n<p id=\"summary\">%zu tests on %zu platforms; platforms disagree on %zu "
		"(listed first, marked &#x2260;). Written by uvmm ", pg->nrows, pg->s->nplatforms, dis);
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
			result_class_name((enum result_class)c), c ? labels[c] : "&nbsp;",
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

/* The platforms' table: drawn by the script from the data block (a course's
 * thousand rows as static markup would cost the page a second to open);
 * open from the start when it is short. */
static void write_platform_box(FILE *f, const struct page *pg)
{
	fprintf(f, "<details id=\"platforms-box\"%s><summary><h2>Platforms (%zu)</h2></summary>\n"
		"<table id=\"platforms\"><thead><tr><th>#</th><th>platform</th><th>KVM</th>"
		"<th>kernel</th><th>CPU</th><th>nested</th><th>uvmm</th><th>hosts</th><th>runs</th>"
		"<th>complete</th></tr></thead><tbody></tbody></table></details>\n",
		pg->s->nplatforms <= 50 ? " open" : "", pg->s->nplatforms);
}

/* The platform's columns of that table, as plain strings. */
static int write_platform_info(struct json_writer *w, const struct results_platform *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	jw_key(w, "info");
	jw_array_begin(w);
	jw_string(w, impl_of(p->json));
	jw_string(w, host_str(p->json, "kernel"));
	jw_string(w, host_str(p->json, "cpu_model"));
	jw_string(w, nested_of(p->json));
	for (int which = 0; which < 3; which++) {
		f = open_memstream(&buf, &len);
		if (!f)
			return -1;
		if (which == 0)
			run_list(f, plain_str, p, "uvmm", "git");
		else if (which == 1)
			run_list(f, plain_str, p, NULL, "hostname");
		else if (p->complete)
			fputs("yes", f);
		else if (p->nmissing) {
			fputs("no: shards missing ", f);
			missing_list(f, plain_str, p);
		} else {
			fputs("no: a run was interrupted", f);
		}
		if (fclose(f) != 0)
			return -1;
		jw_string(w, buf);
		free(buf);
		buf = NULL;
		if (which == 1)
			jw_uint(w, p->nruns);
	}
	jw_array_end(w);
	return 0;
}

/* One row of the data block: n name, s suite (when not uvmm), g group
 * numbers, d disagree, c one code per platform, r reason number by platform,
 * k the class of 'O' cells, t milliseconds and x exits per platform (-1:
 * not run). */
static int write_row(struct json_writer *w, struct page *pg, size_t r)
{
	size_t np = pg->s->nplatforms;
	const struct row *row = &pg->rows[r];
	const struct results_test *const *cells = &pg->cells[r * np];
	char *codes_of = malloc(np + 1);
	int others = 0;

	if (!codes_of)
		return -1;
	jw_object_begin(w);
	jw_kv_string(w, "n", row->name);
	if (strcmp(row->suite, "uvmm"))
		jw_kv_string(w, "s", row->suite);
	jw_key(w, "g");
	jw_array_begin(w);
	for (size_t g = 0; row->groups && g < row->groups->len; g++) {
		const struct json_value *gv = &row->groups->u.items[g];
		long id = intern(&pg->groups, gv->u.str, gv->len);
		if (id < 0) {
			free(codes_of);
			return -1;
		}
		jw_int(w, id);
	}
	jw_array_end(w);
	jw_kv_int(w, "d", row->disagree);
	for (size_t p = 0; p < np; p++) {
		codes_of[p] = cells[p] ? codes[class_index(cells[p]->cls)] : '.';
		others |= codes_of[p] == 'O';
	}
	jw_key(w, "c");
	jw_string_len(w, codes_of, np);
	free(codes_of);
	jw_key(w, "r");
	jw_object_begin(w);
	for (size_t p = 0; p < np; p++) {
		const struct json_value *v = cells[p] ? json_get(cells[p]->json, "reason") : NULL;
		char key[24];
		long id;
		if (!v || v->type != JSON_STRING || !v->len)
			continue;
		id = intern(&pg->reasons, v->u.str, v->len);
		if (id < 0)
			return -1;
		snprintf(key, sizeof(key), "%zu", p);
		jw_kv_int(w, key, id);
	}
	jw_object_end(w);
	if (others) {
		jw_key(w, "k");
		jw_object_begin(w);
		for (size_t p = 0; p < np; p++) {
			char key[24];
			if (!cells[p] || class_index(cells[p]->cls) != RC_COUNT)
				continue;
			snprintf(key, sizeof(key), "%zu", p);
			jw_kv_string(w, key, cells[p]->cls);
		}
		jw_object_end(w);
	}
	for (int which = 0; which < 2; which++) {
		jw_key(w, which ? "x" : "t");
		jw_array_begin(w);
		for (size_t p = 0; p < np; p++) {
			double v;
			if (!cells[p] || json_get_num(cells[p]->json, which ? "exits" : "seconds", &v) < 0)
				jw_int(w, -1);
			else if (which)
				jw_uint(w, (unsigned long long)v);
			else
				jw_double(w, (double)(long long)(v * 1e4 + 0.5) / 10); /* ms, 0.1 */
		}
		jw_array_end(w);
	}
	jw_object_end(w);
	return 0;
}

/* The data block the script draws from. The JSON writer escapes '<', so
 * "</script>" cannot occur in it. */
static int write_data(FILE *f, struct page *pg)
{
	struct json_writer w;

	fputs("<script type=\"application/json\" id=\"data\">", f);
	jw_init(&w, f, 0);
	jw_object_begin(&w);
	jw_key(&w, "platforms");
	jw_array_begin(&w);
	for (size_t p = 0; p < pg->s->nplatforms; p++) {
		char *title = platform_title(&pg->s->platforms[p]);
		if (!title)
			return -1;
		jw_object_begin(&w);
		jw_kv_string(&w, "id", pg->s->platforms[p].id);
		jw_kv_bool(&w, "complete", pg->s->platforms[p].complete);
		jw_kv_string(&w, "title", title);
		free(title);
		if (write_platform_info(&w, &pg->s->platforms[p]) < 0)
			return -1;
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_key(&w, "rows");
	jw_array_begin(&w);
	for (size_t r = 0; r < pg->nrows; r++)
		if (write_row(&w, pg, r) < 0)
			return -1;
	jw_array_end(&w);
	/* Last: the rows have numbered every reason by now. */
	jw_key(&w, "reasons");
	jw_array_begin(&w);
	for (size_t i = 0; i < pg->reasons.n; i++)
		jw_string_len(&w, pg->reasons.s[i], pg->reasons.len[i]);
	jw_array_end(&w);
	jw_object_end(&w);
	fputs("</script>\n", f);
	return jw_finish(&w) < 0 ? -1 : 0;
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
	fputs("<div id=\"grid\"><table id=\"matrix\"></table></div>\n<noscript><p>The matrix needs "
	      "JavaScript; the platforms are listed below and every result is in the data block of "
	      "this page.</p></noscript>\n<div id=\"detail\" hidden><button id=\"detail-close\" "
	      "type=\"button\">close</button><div id=\"detail-text\"></div></div>\n", f);
	write_platform_box(f, &pg);
	if (write_data(f, &pg) < 0)
		goto out;
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
