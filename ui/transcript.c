/* transcript: the plain-text view of a timeline. */
#include <stdbool.h>
#include <string.h>

#include "pcap.h"
#include "transcript.h"

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
	fprintf(out, "wire %s %zu bytes ", wire_dir_arrow(f->dir), f->len);
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
		fputs("hex ", out);
		for (size_t i = 0; i < f->len; i++)
			fprintf(out, "%02x", f->bytes[i]);
		fputc('\n', out);
	}
}

static const char *kind_mark(enum fact_kind k)
{
	switch (k) {
	case FACT_CHECK_OK: return "[ok] ";
	case FACT_CHECK_FAIL: return "[failed] ";
	case FACT_SECRET: return "(secret) ";
	case FACT_ALERT: return "[!] ";
	case FACT_CREDENTIAL: return "CREDENTIAL ";
	case FACT_META: return "(metadata) ";
	default: return "";
	}
}

static void write_fact(FILE *out, enum party p, const struct fact *f)
{
	fprintf(out, "%s: %s", party_name(p), kind_mark(f->kind));
	if (f->kind == FACT_CLEAR || f->kind == FACT_CIPHER)
		fprintf(out, "%s ", wire_dir_arrow(f->dir));
	if (f->label[0] && f->kind != FACT_CREDENTIAL)
		fprintf(out, "%s: ", f->label);
	fprintf(out, "%s\n", f->value);
}

void transcript_event(FILE *out, const struct timeline *tl, size_t ev)
{
	const struct event *e = &tl->events[ev];
	if (e->step > 0)
		fprintf(out, "== Step %d/8: %s\n", e->step, e->title);
	else
		fprintf(out, "-- %s: %s\n", e->name, e->title);
	for (size_t i = 0; i < e->frame_count; i++)
		write_frame(out, &tl->frames[e->frame_first + i]);
	for (int p = 0; p < PARTY_COUNT; p++) {
		size_t first, count;
		timeline_new_facts(tl, ev, (enum party)p, &first, &count);
		for (size_t i = 0; i < count; i++)
			write_fact(out, (enum party)p, &tl->facts[p][first + i]);
	}
}

void transcript_header(FILE *out, const struct timeline *tl)
{
	const struct scenario *sc = &tl->sc;
	fprintf(out, "tlssim %s: scenario %s (%s %u %s)\n", TLSSIM_VERSION, sc->name,
		scenario_proto_label(sc), scenario_port(sc), scenario_mode_label(sc));
	if (sc->seeded)
		fprintf(out, "seeded: teaching only (seed %llu): keys repeat on every run\n",
			(unsigned long long)sc->seed);
	for (size_t i = 0; i < tl->n_links; i++) {
		const struct wire_link *k = &tl->links[i];
		fprintf(out, "link %s: %s %u.%u.%u.%u:%u -> %s %u.%u.%u.%u:%u %s\n", k->name,
			k->client_name, k->client_ip >> 24, (k->client_ip >> 16) & 255,
			(k->client_ip >> 8) & 255, k->client_ip & 255, k->client_port,
			k->server_name, k->server_ip >> 24, (k->server_ip >> 16) & 255,
			(k->server_ip >> 8) & 255, k->server_ip & 255, k->server_port,
			k->proto == WIRE_UDP ? "UDP" : "TCP");
	}
}

void transcript_footer(FILE *out, const struct timeline *tl)
{
	fprintf(out, "capture: %zu packets (--pcap)\n", pcap_packets(tl));
	fprintf(out, "== End: %s\n", tl->outcome == 0 ? "the session completed"
						    : "a side stopped the session");
}

void transcript_write(FILE *out, const struct timeline *tl)
{
	transcript_header(out, tl);
	for (size_t ev = 0; ev < tl->n_events; ev++)
		transcript_event(out, tl, ev);
	transcript_footer(out, tl);
}
