/*
 * test_tls_record: ChaCha20-Poly1305 record protection against records
 * captured from real OpenSSL sessions (tests/data/tls-kat/).
 *
 * TLS 1.3: keys and IVs come from the key log's traffic secrets through
 * HKDF-Expand-Label; each captured record must open to the bytes
 * Wireshark decrypted (the *.decrypted.txt), with the right inner type.
 * The opened handshake messages, hashed with the clear hellos, must also
 * give the Finished values OpenSSL sent.  TLS 1.2: the key block comes
 * from the CLIENT_RANDOM master secret and the two hello randoms.
 * Finally: sealing and opening agree, and any changed byte fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "arena.h"
#include "tls_hex.h"
#include "tls_kdf.h"
#include "tls_msg.h"
#include "tls_record.h"

/* From tests/data/tls-kat/tls13-chacha-ed25519.keylog. */
#define K13_CHS "cba3981b1bf4656a4a63de7f758546ddc6542d6cd3ae57f08f49de7a1c79a3f8"
#define K13_SHS "e710bfa8dd8fa03f5670afbe59fd4699f4aa3355c67aa1e1548c598ec972460a"
#define K13_CAP "0c44080e640b0a49a8d3152db0c7a961d03346cd90d0a6368e21c2188d55ee2f"
#define K13_SAP "dbd7db16025532607d1afc79ac592d764dd7928a087ff962c4f13f3269f7a938"

/* Captured records (frame numbers of the pcap). */
static const char *const r13_ee =	/* frame 6, server handshake seq 0 */
	"17030300177a1b31341835261ed732a3013c3ade82f159b3dc2430a4";
static const char *const r13_cv =	/* frame 6, seq 2 */
	"17030300590ff881bbb34baf273077523366b5d862c5d55336a8525be1c3407401ba0547c83782db3e33fd483a"
	"a2e837d9c09330aacb08bb8a2ad1b8c48569bf1cdb9d3451f7e8302f4a57d9644a1c6ed695b4a78b1817ac3350"
	"dc0f1939";
static const char *const r13_sfin =	/* frame 6, seq 3 */
	"170303003595008e3c8502a180e02f038094230b3353e0f474452334faecb01834c8ac9e949818dffabe0fa719"
	"a0474246b9c46a1d05dc21730a";
static const char *const r13_cfin =	/* frame 8, client handshake seq 0 */
	"1703030035f31ae4c44cd91641181e9601f74be820ab9a3bf6af138b33e3d8e702f5d20477b9e54a66449323b5"
	"b10178c5c5fde106b39f0644ef";
static const char *const r13_capp =	/* frame 12, client application seq 0 */
	"170303002b967bce8418355a48a6b917dc787420c011994db7af4bde5fc76790f8be31546b4983e46bbe3c4c45"
	"01b5fc";
static const char *const r13_calert =	/* frame 16, seq 1 */
	"1703030013f25001b11884492cb48966e17d07a25c355a0f";
static const char *const r13_sapp =	/* frame 14, server application seq 2 (after two tickets) */
	"170303002cacccdc0742403985a1dc3f433d3bd8dbbbf61d5338fc8df9a23b2434654d4d5b62edaa06e7240472"
	"e885a1bc";
static const char *const r13_salert =	/* frame 18, seq 3 */
	"1703030013c37303cd1771fd5e86ad3d4bd5e4808a5caba3";
/* The clear hellos' handshake messages (frames 4 and 6). */
static const char *const m13_ch =
	"010000dc030323ec1f6b02c05d14417c952bd4695b76f891cb858a9b8e7a41132e07d430fd6e207f6922368668"
	"1458e5bf290160c2d719a835787d3a7374cd308895d6531c89b70004130300ff0100008f000000160014000011"
	"6d61696c2e6578616d706c652e74657374000b000403000102000a00040002001d00230000001600000017000000"
	"0d001e001c040305030603080708080809080a080b080408050806040105010601002b0003020304002d000201"
	"01003300260024001d0020a0c410c4ae941eb5f57b0e681630c1b5183c2bb86d156c315fd156af167e0612";
static const char *const m13_sh =
	"0200007603034299d81e352f5af3f7ed1b4b05001008d93c96b68bb019a636d832cddf04f803207f6922368668"
	"1458e5bf290160c2d719a835787d3a7374cd308895d6531c89b7130300002e002b0002030400330024001d0020"
	"b2d4db2cb1a0660f0ac34d779414d43a71977df9e5c73bbf4b544d384bc08a23";

/* What the decrypted.txt shows for them. */
static const char *const p13_cv =
	"0f00004408070040 5d50f325c65873dfe9114b723d71886b8d2a173f0005bcab393df662f003c8abfc31c743"
	"3417649293386217 0b8e62d1f9fec14c70d62a060c98cca20076ab0d";
static const char *const p13_sfin =
	"14000020ab67a6759c532995e72ef931862d80122ae01ca68c96e7466f6e8132ae715575";
static const char *const p13_cfin =
	"140000203ef48a888259f97f05a22f8bfdc699caf0ef9a66febac6dd7cc3cc70c396e394";

struct fixture {
	struct arena arena;
};

static int setup(void **state)
{
	static struct fixture f;
	if (arena_init(&f.arena, 4096) < 0)
		return -1;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(&f->arena);
	return 0;
}

/* Opens a captured TLS 1.3 record under a key log secret at seq; checks type and bytes. */
static void open13(const char *secret_hex, uint64_t seq, const char *rec_hex,
		   uint8_t want_type, const char *want_hex)
{
	uint8_t secret[32], key[32], iv[12], rec[512], out[512], want[512];
	uint8_t type = 0;
	size_t rn, on = 0, wn;

	unhex(secret_hex, secret, 32);
	tls13_traffic_keys(secret, key, iv);
	rn = unhex(rec_hex, rec, sizeof rec);
	wn = unhex(want_hex, want, sizeof want);
	assert_int_equal(tls_rec_open_raw(TLS_REC_13, key, iv, seq, rec, rn, &type, out, &on), 0);
	assert_int_equal(type, want_type);
	assert_int_equal(on, wn);
	assert_memory_equal(out, want, wn);
	/* The same record at another sequence number does not open. */
	assert_int_equal(tls_rec_open_raw(TLS_REC_13, key, iv, seq + 1, rec, rn, &type, out, &on), -1);
}

static void test_tls13_captured_records(void **state)
{
	(void)state;
	open13(K13_SHS, 0, r13_ee, TLS_CT_HANDSHAKE, "080000020000");
	open13(K13_SHS, 2, r13_cv, TLS_CT_HANDSHAKE, p13_cv);
	open13(K13_SHS, 3, r13_sfin, TLS_CT_HANDSHAKE, p13_sfin);
	open13(K13_CHS, 0, r13_cfin, TLS_CT_HANDSHAKE, p13_cfin);
	open13(K13_CAP, 0, r13_capp, TLS_CT_APPLICATION_DATA,
	       "45484c4f20636c69656e742e6578616d706c652e746573740d0a");	/* EHLO ... */
	open13(K13_CAP, 1, r13_calert, TLS_CT_ALERT, "0100");	/* close_notify */
	open13(K13_SAP, 2, r13_sapp, TLS_CT_APPLICATION_DATA,
	       "3235302068656c6c6f2066726f6d20746865207365727665720d0a");	/* 250 hello ... */
	open13(K13_SAP, 3, r13_salert, TLS_CT_ALERT, "0100");
}

static void add_hex(struct tls_transcript *t, const char *hex)
{
	uint8_t m[1024];
	size_t n = unhex(hex, m, sizeof m);
	tls_transcript_add(t, m, n);
}

/* TLS 1.3's Certificate message for the chain in the DER files (empty extensions). */
static void add_cert13(struct tls_transcript *t)
{
	size_t ln = 0, cn = 0;
	uint8_t *leaf = read_file("tests/data/tls-kat/server.der", &ln);
	uint8_t *ca = read_file("tests/data/tls-kat/ca.der", &cn);
	assert_non_null(leaf);
	assert_non_null(ca);
	struct buf b = { 0 };
	size_t at = tls_msg_begin(&b, TLS_HS_CERTIFICATE);
	buf_put8(&b, 0);	/* certificate_request_context */
	size_t list = tls_wr_begin(&b, 3);
	buf_put24(&b, (uint32_t)ln);
	buf_put(&b, leaf, ln);
	buf_put16(&b, 0);
	buf_put24(&b, (uint32_t)cn);
	buf_put(&b, ca, cn);
	buf_put16(&b, 0);
	assert_int_equal(tls_wr_end(&b, list, 3), 0);
	assert_int_equal(tls_msg_end(&b, at), 0);
	assert_int_equal(b.len, 875);	/* as the decrypted record shows */
	tls_transcript_add(t, b.p, b.len);
	buf_free(&b);
	free(leaf);
	free(ca);
}

/* The transcript of the real session gives both Finished values OpenSSL sent. */
static void test_tls13_transcript_finished(void **state)
{
	(void)state;
	struct tls_transcript t;
	uint8_t h[32], vd[32], shs[32], chs[32], want[64];

	unhex(K13_SHS, shs, 32);
	unhex(K13_CHS, chs, 32);
	tls_transcript_init(&t);
	add_hex(&t, m13_ch);
	add_hex(&t, m13_sh);
	add_hex(&t, "080000020000");
	add_cert13(&t);
	add_hex(&t, p13_cv);
	tls_transcript_hash(&t, h);
	tls13_finished(vd, shs, h);
	unhex(p13_sfin, want, sizeof want);
	assert_memory_equal(vd, want + 4, 32);
	add_hex(&t, p13_sfin);
	tls_transcript_hash(&t, h);
	tls13_finished(vd, chs, h);
	unhex(p13_cfin, want, sizeof want);
	assert_memory_equal(vd, want + 4, 32);
}

/* From tests/data/tls-kat/tls12-ecdhe-ed25519-chacha.keylog and its hellos. */
#define K12_MASTER "833e36115013e556fb7efff92b48d14651b33c65f4d429198be31254f3f465c29f18a704b21d86987eb0f514fc71ca5f"
#define K12_CRANDOM "b700be041efb20227c014fee1ee716633e9c119781fe2bcd47864e30e3efe3fe"
#define K12_SRANDOM "75b4a5378707bbad515f6b2aab238dd2ee330330a13fd625d1841243a7b647eb"

static void open12(const uint8_t key[32], const uint8_t iv[12], uint64_t seq, const char *rec_hex,
		   uint8_t want_type, const char *want_hex)
{
	uint8_t rec[256], out[256], want[256], type = 0;
	size_t rn = unhex(rec_hex, rec, sizeof rec), wn = unhex(want_hex, want, sizeof want), on = 0;
	assert_int_equal(tls_rec_open_raw(TLS_REC_12, key, iv, seq, rec, rn, &type, out, &on), 0);
	assert_int_equal(type, want_type);
	assert_int_equal(on, wn);
	assert_memory_equal(out, want, wn);
	assert_int_equal(tls_rec_open_raw(TLS_REC_12, key, iv, seq + 1, rec, rn, &type, out, &on), -1);
}

static void test_tls12_captured_records(void **state)
{
	(void)state;
	uint8_t ms[48], cr[32], sr[32];
	struct tls12_key_block kb;

	unhex(K12_MASTER, ms, 48);
	unhex(K12_CRANDOM, cr, 32);
	unhex(K12_SRANDOM, sr, 32);
	tls12_key_block(&kb, ms, cr, sr);
	/* Finished records (frames 8 and 9), then application data and close_notify. */
	open12(kb.client_key, kb.client_iv, 0,
	       "16030300202eba74eb76a8f8492afc1a35d1b512e288277bd1c8642dde47aadb4b2dcb10c3",
	       TLS_CT_HANDSHAKE, "1400000cb450cf8a48401b87f9863b3b");
	open12(kb.server_key, kb.server_iv, 0,
	       "160303002040d8cc0adc6dca49dc874f8ea48e0ca392817c71e1b8ba3edda825f96089508d",
	       TLS_CT_HANDSHAKE, "1400000c5f3d2c18f94b44ecaac04514");
	open12(kb.client_key, kb.client_iv, 1,
	       "170303002a1deb18ec069553f2ef17e9563ffeb079122f4a959a570b742193df3e3e1524a0dfb2ef186f3ce1"
	       "0064b4", TLS_CT_APPLICATION_DATA, "45484c4f20636c69656e742e6578616d706c652e746573740d0a");
	open12(kb.server_key, kb.server_iv, 1,
	       "170303002b897e5f8c3c05f57843810b3095b6faf5b0ab5afa50c63c85bd381229771d43f96d8dd0909c7d2a"
	       "df967e16", TLS_CT_APPLICATION_DATA, "3235302068656c6c6f2066726f6d20746865207365727665720d0a");
	open12(kb.client_key, kb.client_iv, 2, "1503030012e9d9755ad9e0962bb91fc3432adb5949075f",
	       TLS_CT_ALERT, "0100");
	open12(kb.server_key, kb.server_iv, 2, "1503030012cb472c1eab51b556c8a9a9bd17dab64f0065",
	       TLS_CT_ALERT, "0100");
}

/* Seal then open through the stateful API; every changed byte, and a replay, fails. */
static void roundtrip_and_tamper(struct fixture *f, enum tls_rec_version ver)
{
	struct tls_rec tx, rx;
	uint8_t key[32], iv[12], out[128], type;
	size_t on;
	const char msg[] = "MAIL FROM:<alice@example.test>";
	struct buf b = { 0 };

	randombytes_buf(key, sizeof key);
	randombytes_buf(iv, sizeof iv);
	tls_rec_init(&tx, &f->arena, ver);
	tls_rec_init(&rx, &f->arena, ver);
	assert_int_equal(tls_rec_seal(&tx, TLS_CT_APPLICATION_DATA, (const uint8_t *)msg, 4, &b), -1);
	tls_rec_set_key(&tx, key, iv);
	tls_rec_set_key(&rx, key, iv);
	assert_int_equal(tls_rec_seal(&tx, TLS_CT_HANDSHAKE, (const uint8_t *)msg, 4, &b), 0);
	size_t first = b.len;
	assert_int_equal(tls_rec_seal(&tx, TLS_CT_APPLICATION_DATA, (const uint8_t *)msg,
				      sizeof msg - 1, &b), 0);
	assert_int_equal(tls_rec_frame(b.p, b.len), (long)first);
	assert_int_equal(tls_rec_frame(b.p, first - 1), 0);
	assert_int_equal(b.p[0], ver == TLS_REC_13 ? TLS_CT_APPLICATION_DATA : TLS_CT_HANDSHAKE);

	assert_int_equal(tls_rec_open(&rx, b.p, first, &type, out, &on), 0);
	assert_int_equal(type, TLS_CT_HANDSHAKE);
	assert_int_equal(on, 4);
	/* Replaying the first record fails: the sequence moved on. */
	assert_int_equal(tls_rec_open(&rx, b.p, first, &type, out, &on), -1);

	uint8_t *rec = b.p + first;
	size_t rl = b.len - first;
	for (size_t i = 0; i < rl; i++) {
		for (int bit = 0; bit < 8; bit += 7) {
			rec[i] ^= (uint8_t)(1 << bit);
			assert_int_equal(tls_rec_open(&rx, rec, rl, &type, out, &on), -1);
			rec[i] ^= (uint8_t)(1 << bit);
		}
	}
	/* Truncated by one byte, or with one more: refused. */
	assert_int_equal(tls_rec_open(&rx, rec, rl - 1, &type, out, &on), -1);
	assert_int_equal(rx.seq, 1);
	assert_int_equal(tls_rec_open(&rx, rec, rl, &type, out, &on), 0);
	assert_int_equal(type, TLS_CT_APPLICATION_DATA);
	assert_int_equal(on, sizeof msg - 1);
	assert_memory_equal(out, msg, on);
	buf_free(&b);
}

static void test_roundtrip_tamper_13(void **state)
{
	roundtrip_and_tamper(*state, TLS_REC_13);
}

static void test_roundtrip_tamper_12(void **state)
{
	roundtrip_and_tamper(*state, TLS_REC_12);
}

/* Every byte of a captured TLS 1.3 and TLS 1.2 record matters. */
static void test_captured_tamper(void **state)
{
	(void)state;
	uint8_t secret[32], key[32], iv[12], rec[128], out[128], type;
	size_t rn, on;

	unhex(K13_CAP, secret, 32);
	tls13_traffic_keys(secret, key, iv);
	rn = unhex(r13_capp, rec, sizeof rec);
	for (size_t i = 0; i < rn; i++) {
		rec[i] ^= 0x01;
		assert_int_equal(tls_rec_open_raw(TLS_REC_13, key, iv, 0, rec, rn, &type, out, &on), -1);
		rec[i] ^= 0x01;
	}
	assert_int_equal(tls_rec_open_raw(TLS_REC_13, key, iv, 0, rec, rn, &type, out, &on), 0);
}

/* TLS 1.3 inner plaintext: padding zeros are stripped, all-zero has no type. */
static void test_tls13_padding(void **state)
{
	(void)state;
	uint8_t key[32] = { 1 }, iv[12] = { 2 }, nonce[12], inner[8] = { 'h', 'i', 23, 0, 0, 0, 0, 0 };
	uint8_t rec[5 + 8 + 16], out[64], type;
	size_t on;
	unsigned long long cl;

	memcpy(nonce, iv, 12);	/* seq 0 */
	rec[0] = 23;
	rec[1] = 3;
	rec[2] = 3;
	put16(rec + 3, 8 + 16);
	crypto_aead_chacha20poly1305_ietf_encrypt(rec + 5, &cl, inner, 8, rec, 5, NULL, nonce, key);
	assert_int_equal(tls_rec_open_raw(TLS_REC_13, key, iv, 0, rec, sizeof rec, &type, out, &on), 0);
	assert_int_equal(type, 23);
	assert_int_equal(on, 2);
	memset(inner, 0, sizeof inner);
	crypto_aead_chacha20poly1305_ietf_encrypt(rec + 5, &cl, inner, 8, rec, 5, NULL, nonce, key);
	assert_int_equal(tls_rec_open_raw(TLS_REC_13, key, iv, 0, rec, sizeof rec, &type, out, &on), -1);
}

static void test_frame(void **state)
{
	(void)state;
	const uint8_t ok[] = { 22, 3, 1, 0, 2, 1, 2 };
	const uint8_t bad_type[] = { 99, 3, 3, 0, 0 };
	const uint8_t bad_ver[] = { 22, 2, 3, 0, 0 };
	const uint8_t too_long[] = { 23, 3, 3, 0x48, 0x01 };
	assert_int_equal(tls_rec_frame(ok, sizeof ok), 7);
	assert_int_equal(tls_rec_frame(ok, 4), 0);
	assert_int_equal(tls_rec_frame(ok, 0), 0);
	assert_int_equal(tls_rec_frame(bad_type, sizeof bad_type), -1);
	assert_int_equal(tls_rec_frame(bad_ver, sizeof bad_ver), -1);
	assert_int_equal(tls_rec_frame(too_long, sizeof too_long), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tls13_captured_records),
		cmocka_unit_test(test_tls13_transcript_finished),
		cmocka_unit_test(test_tls12_captured_records),
		cmocka_unit_test(test_roundtrip_tamper_13),
		cmocka_unit_test(test_roundtrip_tamper_12),
		cmocka_unit_test(test_captured_tamper),
		cmocka_unit_test(test_tls13_padding),
		cmocka_unit_test(test_frame),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
