/*
 * transcript: the plain-text view of a timeline, in the language of the
 * messages (i18n.h).  Every word goes through the catalogue; the message
 * ids are the English line contract of transcript.h, so that without a
 * catalogue the output is that contract byte for byte.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pcap.h"
#include "transcript.h"
#include "util.h"

/* A message id in the current language; "" stays "" (gettext would give
 * the catalogue's header). */
static const char *tr(const char *msgid)
{
	return *msgid ? _(msgid) : msgid;
}

/* Text when every byte is printable ASCII or CR/LF/TAB. */
static bool is_text(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((b[i] < 0x20 && b[i] != '\r' && b[i] != '\n' && b[i] != '\t') || b[i] >= 0x7f)
			return false;
	return n > 0;
}

static void write_frame(FILE *out, const struct wire_frame *f)
{
	fprintf(out, _("wire %s %zu bytes "), wire_dir_arrow(f->dir), f->len);
	if (is_text(f->bytes, f->len)) {
		fputc('"', out);
		for (size_t i = 0; i < f->len; i++) {
			uint8_t c = f->bytes[i];
			if (c == '\r')
				fputs("\\r", out);
			else if (c == '\n')
				fputs("\\n", out);
			else if (c == '\t')
				fputs("\\t", out);
			else if (c == '"' || c == '\\')
				fprintf(out, "\\%c", c);
			else
				fputc(c, out);
		}
		fputs("\"\n", out);
	} else {
		fputs(_("hex "), out);
		for (size_t i = 0; i < f->len; i++)
			fprintf(out, "%02x", f->bytes[i]);
		fputc('\n', out);
	}
}

static const char *kind_mark(enum fact_kind k)
{
	switch (k) {
	case FACT_CHECK_OK: return _("[ok] ");
	case FACT_CHECK_FAIL: return _("[failed] ");
	case FACT_SECRET: return _("(secret) ");
	case FACT_ALERT: return "[!] ";
	case FACT_CREDENTIAL: return _("CREDENTIAL ");
	case FACT_META: return _("(metadata) ");
	default: return "";
	}
}

/* "client: [ok] label: value", the value rendered in the current language. */
static void write_fact(FILE *out, enum party p, const struct fact *f)
{
	char *value = fact_value_render(&f->v, i18n_translate);
	if (f->kind == FACT_CLEAR && !f->v.msg) {	/* a line as the sniffer read it */
		/* TRANSLATORS: a line the sniffer read on the wire, verbatim. */
		char *q = xprintf(C_("wire text", "%s"), value);
		free(value);
		value = q;
	}
	char *what = f->label[0] && f->kind != FACT_CREDENTIAL
		? xprintf(_("%s: %s"), tr(f->label), value) : xstrdup(value);
	char *line = xprintf("%s%s%s%s", kind_mark(f->kind),
			     f->kind == FACT_CLEAR || f->kind == FACT_CIPHER ? wire_dir_arrow(f->dir) : "",
			     f->kind == FACT_CLEAR || f->kind == FACT_CIPHER ? " " : "", what);
	fprintf(out, p == PARTY_CLIENT ? _("client: %s\n")
		: p == PARTY_SERVER ? _("server: %s\n") : _("sniffer: %s\n"), line);
	free(line);
	free(what);
	free(value);
}

void transcript_event(FILE *out, const struct timeline *tl, size_t ev)
{
	const struct event *e = &tl->events[ev];
	if (e->step > 0)
		fprintf(out, _("== Step %d/8: %s\n"), e->step, tr(e->title));
	else if (strcmp(i18n_lang(), "en") == 0)
		fprintf(out, "-- %s: %s\n", e->name, e->title);
	else	/* the event's name is an id for lesson files, in English */
		fprintf(out, "-- %s\n", tr(e->title));
	for (size_t i = 0; i < e->frame_count; i++)
		write_frame(out, &tl->frames[e->frame_first + i]);
	for (int p = 0; p < PARTY_COUNT; p++) {
		size_t first, count;
		timeline_new_facts(tl, ev, (enum party)p, &first, &count);
		for (size_t i = 0; i < count; i++)
			write_fact(out, (enum party)p, &tl->facts[p][first + i]);
	}
}

/* "client.example.test 192.0.2.10:49731 -> mail.example.test 192.0.2.25:587 TCP" */
static char *link_ends(const struct wire_link *k)
{
	return xprintf("%s %u.%u.%u.%u:%u -> %s %u.%u.%u.%u:%u %s", k->client_name,
		       k->client_ip >> 24, (k->client_ip >> 16) & 255, (k->client_ip >> 8) & 255,
		       k->client_ip & 255, k->client_port, k->server_name, k->server_ip >> 24,
		       (k->server_ip >> 16) & 255, (k->server_ip >> 8) & 255, k->server_ip & 255,
		       k->server_port, k->proto == WIRE_UDP ? "UDP" : "TCP");
}

void transcript_header(FILE *out, const struct timeline *tl)
{
	const struct scenario *sc = &tl->sc;
	fprintf(out, _("tlssim %s: scenario %s (%s %u %s)\n"), TLSSIM_VERSION, sc->name,
		scenario_proto_label(sc), scenario_port(sc), tr(scenario_mode_label(sc)));
	if (sc->seeded && !sc->seed_kept)
		fprintf(out, _("seeded: teaching only (seed %llu): keys repeat on every run\n"),
			(unsigned long long)sc->seed);
	for (size_t i = 0; i < tl->n_links; i++) {
		char *ends = link_ends(&tl->links[i]);
		fprintf(out, _("link %s: %s\n"), tr(tl->links[i].name), ends);
		free(ends);
	}
}

void transcript_footer(FILE *out, const struct timeline *tl)
{
	fprintf(out, _("capture: %zu packets (--pcap)\n"), pcap_packets(tl));
	fprintf(out, _("== End: %s\n"), tl->outcome == 0 ? _("the session completed")
						       : _("a side stopped the session"));
}

void transcript_write(FILE *out, const struct timeline *tl)
{
	transcript_header(out, tl);
	for (size_t ev = 0; ev < tl->n_events; ev++)
		transcript_event(out, tl, ev);
	transcript_footer(out, tl);
}
