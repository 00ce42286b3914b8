/*
 * fact: message ids with arguments, and their rendering (see fact.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fact.h"
#include "util.h"

/* One conversion specification: "%[n$][flags][width][.prec][len]conv". */
struct spec {
	size_t len;		/* bytes from the '%' to the conversion, inclusive */
	int pos;		/* n of "n$", or 0 */
	char conv;
	bool star;		/* ".*": the precision is an int argument first */
	int longs;		/* 'l' count */
	bool size;		/* 'z' */
};

static bool parse_spec(const char *p, struct spec *sp)
{
	size_t i = 1;
	memset(sp, 0, sizeof *sp);
	size_t digits = strspn(p + i, "0123456789");
	if (digits && p[i + digits] == '$') {
		sp->pos = atoi(p + i);
		i += digits + 1;
	}
	i += strspn(p + i, "-+ #0");
	i += strspn(p + i, "0123456789");
	if (p[i] == '.') {
		i++;
		if (p[i] == '*') {
			sp->star = true;
			i++;
		}
		i += strspn(p + i, "0123456789");
	}
	for (; p[i] == 'l' || p[i] == 'z' || p[i] == 'h'; i++) {
		sp->longs += p[i] == 'l';
		sp->size |= p[i] == 'z';
	}
	sp->conv = p[i];
	sp->len = i + 1;
	return p[i] && strchr("sciduxX", p[i]) != NULL;
}

/* Arguments come from the wire too: nothing in them reaches a terminal raw. */
static void printable(struct fact_arg *a)
{
	char *safe = text_printable((const uint8_t *)a->text, strlen(a->text));
	free(a->text);
	a->text = safe;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* Formats one argument with its own conversion, taking it from ap. */
static char *take_arg(const char *p, const struct spec *sp, va_list *ap)
{
	char one[32], out[64];
	if (sp->conv == 's' && sp->len == 2)
		return xstrdup(va_arg(*ap, const char *));	/* the usual case, and long */
	if (sp->star && sp->conv == 's') {
		int prec = va_arg(*ap, int);
		const char *str = va_arg(*ap, const char *);
		return xstrndup(str, prec < 0 ? strlen(str) : strnlen(str, (size_t)prec));
	}

	if (sp->len >= sizeof one)
		return xstrdup("?");
	memcpy(one, p, sp->len);
	one[sp->len] = '\0';
	if (sp->conv == 's')
		return xprintf(one, va_arg(*ap, const char *));
	bool sign = sp->conv == 'd' || sp->conv == 'i';
	if (sp->conv == 'c')
		snprintf(out, sizeof out, one, va_arg(*ap, int));
	else if (sp->size)
		sign ? snprintf(out, sizeof out, one, va_arg(*ap, long))
		     : snprintf(out, sizeof out, one, va_arg(*ap, size_t));
	else if (sp->longs >= 2)
		sign ? snprintf(out, sizeof out, one, va_arg(*ap, long long))
		     : snprintf(out, sizeof out, one, va_arg(*ap, unsigned long long));
	else if (sp->longs == 1)
		sign ? snprintf(out, sizeof out, one, va_arg(*ap, long))
		     : snprintf(out, sizeof out, one, va_arg(*ap, unsigned long));
	else
		sign ? snprintf(out, sizeof out, one, va_arg(*ap, int))
		     : snprintf(out, sizeof out, one, va_arg(*ap, unsigned));
	return xstrdup(out);
}

void fact_value_vset(struct fact_value *v, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	memset(v, 0, sizeof *v);
	v->msg = fmt;
	for (const char *p = fmt; (p = strchr(p, '%')); ) {
		struct spec sp;
		if (p[1] == '%') {
			p += 2;
			continue;
		}
		if (!parse_spec(p, &sp) || sp.pos || (sp.star && sp.conv != 's'))
			abort();	/* a message id the capture cannot read: a bug */
		v->args = xrealloc(v->args, (v->n_args + 1) * sizeof *v->args);
		v->args[v->n_args++] = (struct fact_arg){
			.kind = sp.conv == 's' || sp.conv == 'c' || sp.conv == 'x' || sp.conv == 'X'
				? FACT_ARG_TEXT : FACT_ARG_NUMBER,
			.text = take_arg(p, &sp, &aq),
		};
		if (v->args[v->n_args - 1].kind == FACT_ARG_TEXT)
			printable(&v->args[v->n_args - 1]);
		p += sp.len;
	}
	va_end(aq);
}
#pragma GCC diagnostic pop

void fact_value_set(struct fact_value *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fact_value_vset(v, fmt, ap);
	va_end(ap);
}

void fact_value_text(struct fact_value *v, const char *text)
{
	memset(v, 0, sizeof *v);
	v->args = xmalloc(sizeof *v->args);
	v->args[0] = (struct fact_arg){ FACT_ARG_TEXT, xstrdup(text) };
	printable(&v->args[0]);
	v->n_args = 1;
}

/* fmt with its conversions replaced by the arguments; NULL when fmt needs
 * an argument the value does not have. */
static char *render(const char *fmt, const struct fact_value *v)
{
	struct buf b = { 0 };
	size_t next = 0;
	for (const char *p = fmt; *p; ) {
		const char *pc = strchr(p, '%');
		size_t plain = pc ? (size_t)(pc - p) : strlen(p);
		buf_put(&b, p, plain);
		if (!pc)
			break;
		struct spec sp;
		if (pc[1] == '%') {
			buf_put8(&b, '%');
			p = pc + 2;
			continue;
		}
		size_t at = 0;
		bool ok = parse_spec(pc, &sp);
		if (ok)
			at = sp.pos ? (size_t)sp.pos - 1 : next++;
		if (!ok || at >= v->n_args) {
			buf_free(&b);
			return NULL;
		}
		buf_put(&b, v->args[at].text, strlen(v->args[at].text));
		p = pc + sp.len;
	}
	buf_put8(&b, '\0');
	return (char *)b.p;
}

char *fact_value_render(const struct fact_value *v, fact_translate_fn tr)
{
	if (!v->msg)
		return xstrdup(v->n_args ? v->args[0].text : "");
	char *s = tr ? render(tr(v->msg), v) : NULL;
	if (!s)
		s = render(v->msg, v);
	return s ? s : xstrdup(v->msg);
}

void fact_value_free(struct fact_value *v)
{
	for (size_t i = 0; i < v->n_args; i++)
		free(v->args[i].text);
	free(v->args);
	memset(v, 0, sizeof *v);
}
