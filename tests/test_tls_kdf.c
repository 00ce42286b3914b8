/*
 * test_tls_kdf: the key derivations against published known answers.
 *
 *   RFC 5869 A.1   HKDF-Extract and HKDF-Expand.
 *   RFC 8448 3     the TLS 1.3 key schedule of the "Simple 1-RTT
 *                  Handshake" trace, every secret that does not depend
 *                  on the cipher, plus its handshake and application
 *                  key/IV expansions at AES-128's 16-byte key length.
 *   TLS 1.2 PRF    the P_SHA256 vector published on the IETF TLS list,
 *                  and the Finished verify_data of a real OpenSSL
 *                  session (tests/data/tls-kat/tls12-*) recomputed from
 *                  its key log and the handshake messages in its capture.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "tls_hex.h"
#include "tls_kdf.h"
#include "tls_msg.h"

static void assert_hex(const uint8_t *got, size_t n, const char *want_hex)
{
	uint8_t want[512];
	size_t wn = unhex(want_hex, want, sizeof want);
	assert_int_equal(n, wn);
	assert_memory_equal(got, want, n);
}

static void test_hkdf_rfc5869(void **state)
{
	(void)state;
	uint8_t ikm[22], salt[13], info[10], prk[32], okm[42];
	memset(ikm, 0x0b, sizeof ikm);
	for (int i = 0; i < 13; i++)
		salt[i] = (uint8_t)i;
	for (int i = 0; i < 10; i++)
		info[i] = (uint8_t)(0xf0 + i);
	tls_hkdf_extract(prk, salt, sizeof salt, ikm, sizeof ikm);
	assert_hex(prk, 32, "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
	assert_int_equal(tls_hkdf_expand(okm, sizeof okm, prk, info, sizeof info), 0);
	assert_hex(okm, 42, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
			    "34007208d5b887185865");
	uint8_t big[255 * 32 + 1];
	assert_int_equal(tls_hkdf_expand(big, sizeof big, prk, info, sizeof info), -1);
}

/* RFC 8448 section 3, the values the server and client both derive. */
#define RFC8448_ECDHE "8b d4 05 4f b5 5b 9d 63 fd fb ac f9 f0 4b 9f 0d 35 e6 d6 3f 53 75 63 ef d4 62 72 90 0f 89 49 2d"
#define RFC8448_HASH_CH_SH "86 0c 06 ed c0 78 58 ee 8e 78 f0 e7 42 8c 58 ed d6 b4 3f 2c a3 e6 e9 5f 02 ed 06 3c f0 e1 ca d8"
#define RFC8448_HASH_CH_SF "96 08 10 2a 0f 1c cc 6d b6 25 0b 7b 7e 41 7b 1a 00 0e aa da 3d aa e4 77 7a 76 86 c9 ff 83 df 13"

static void test_rfc8448_key_schedule(void **state)
{
	(void)state;
	uint8_t early[32], derived[32], hs[32], chs[32], shs[32], master[32], cap[32], sap[32];
	uint8_t ecdhe[32], h_sh[32], h_sf[32], zeros[32] = { 0 }, k[16], iv[12], fk[32];

	unhex(RFC8448_ECDHE, ecdhe, 32);
	unhex(RFC8448_HASH_CH_SH, h_sh, 32);
	unhex(RFC8448_HASH_CH_SF, h_sf, 32);

	tls_hkdf_extract(early, NULL, 0, zeros, sizeof zeros);
	assert_hex(early, 32, "33 ad 0a 1c 60 7e c0 3b 09 e6 cd 98 93 68 0c e2 10 ad f3 00 aa 1f 26 60 e1 b2 2e 10 f1 70 f9 2a");
	tls13_derive_secret(derived, early, "derived", NULL);
	assert_hex(derived, 32, "6f 26 15 a1 08 c7 02 c5 67 8f 54 fc 9d ba b6 97 16 c0 76 18 9c 48 25 0c eb ea c3 57 6c 36 11 ba");
	tls_hkdf_extract(hs, derived, 32, ecdhe, 32);
	assert_hex(hs, 32, "1d c8 26 e9 36 06 aa 6f dc 0a ad c1 2f 74 1b 01 04 6a a6 b9 9f 69 1e d2 21 a9 f0 ca 04 3f be ac");
	tls13_derive_secret(chs, hs, "c hs traffic", h_sh);
	assert_hex(chs, 32, "b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21");
	tls13_derive_secret(shs, hs, "s hs traffic", h_sh);
	assert_hex(shs, 32, "b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38");
	tls13_derive_secret(derived, hs, "derived", NULL);
	assert_hex(derived, 32, "43 de 77 e0 c7 77 13 85 9a 94 4d b9 db 25 90 b5 31 90 a6 5b 3e e2 e4 f1 2d d7 a0 bb 7c e2 54 b4");
	tls_hkdf_extract(master, derived, 32, zeros, 32);
	assert_hex(master, 32, "18 df 06 84 3d 13 a0 8b f2 a4 49 84 4c 5f 8a 47 80 01 bc 4d 4c 62 79 84 d5 a4 1d a8 d0 40 29 19");
	tls13_derive_secret(cap, master, "c ap traffic", h_sf);
	assert_hex(cap, 32, "9e 40 64 6c e7 9a 7f 9d c0 5a f8 88 9b ce 65 52 87 5a fa 0b 06 df 00 87 f7 92 eb b7 c1 75 04 a5");
	tls13_derive_secret(sap, master, "s ap traffic", h_sf);
	assert_hex(sap, 32, "a1 1a f9 f0 55 31 f8 56 ad 47 11 6b 45 a9 50 32 82 04 b4 f4 4b fb 6b 3a 4b 4f 1f 3f cb 63 16 43");
	tls13_derive_secret(fk, master, "exp master", h_sf);
	assert_hex(fk, 32, "fe 22 f8 81 17 6e da 18 eb 8f 44 52 9e 67 92 c5 0c 9a 3f 89 45 2f 68 d8 ae 31 1b 43 09 d3 cf 50");

	/* Key and IV expansion (the trace's suite is AES-128: 16-byte keys). */
	assert_int_equal(tls13_expand_label(k, 16, shs, "key", NULL, 0), 0);
	assert_hex(k, 16, "3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e e4 03 bc");
	assert_int_equal(tls13_expand_label(iv, 12, shs, "iv", NULL, 0), 0);
	assert_hex(iv, 12, "5d 31 3e b2 67 12 76 ee 13 00 0b 30");
	assert_int_equal(tls13_expand_label(k, 16, cap, "key", NULL, 0), 0);
	assert_hex(k, 16, "17 42 2d da 59 6e d5 d9 ac d8 90 e3 c6 3f 50 51");
	assert_int_equal(tls13_expand_label(iv, 12, cap, "iv", NULL, 0), 0);
	assert_hex(iv, 12, "5b 78 92 3d ee 08 57 90 33 e5 23 d9");
	assert_int_equal(tls13_expand_label(k, 16, sap, "key", NULL, 0), 0);
	assert_hex(k, 16, "9f 02 28 3b 6c 9c 07 ef c2 6b b9 f2 ac 92 e3 56");
	assert_int_equal(tls13_expand_label(iv, 12, sap, "iv", NULL, 0), 0);
	assert_hex(iv, 12, "cf 78 2b 88 dd 83 54 9a ad f1 e9 84");
	/* The server's finished_key. */
	assert_int_equal(tls13_expand_label(fk, 32, shs, "finished", NULL, 0), 0);
	assert_hex(fk, 32, "00 8d 3b 66 f8 16 ea 55 9f 96 b5 37 e8 85 c3 1f c0 68 bf 49 2c 65 2f 01 f2 88 a1 d8 cd c1 9f c8");

	/* A label that cannot fit its one-byte length is refused. */
	char longl[260];
	memset(longl, 'a', sizeof longl - 1);
	longl[sizeof longl - 1] = '\0';
	assert_int_equal(tls13_expand_label(k, 16, shs, longl, NULL, 0), -1);
}

static void test_transcript_peek(void **state)
{
	(void)state;
	struct tls_transcript t;
	uint8_t a[32], b[32], want[32];
	tls_transcript_init(&t);
	tls_transcript_add(&t, (const uint8_t *)"abc", 3);
	tls_transcript_hash(&t, a);
	tls_transcript_hash(&t, b);	/* peeking twice gives the same */
	assert_memory_equal(a, b, 32);
	crypto_hash_sha256(want, (const uint8_t *)"abc", 3);
	assert_memory_equal(a, want, 32);
	tls_transcript_add(&t, (const uint8_t *)"def", 3);	/* and the hash goes on */
	tls_transcript_hash(&t, a);
	crypto_hash_sha256(want, (const uint8_t *)"abcdef", 6);
	assert_memory_equal(a, want, 32);
}

static void test_tls12_prf_vector(void **state)
{
	(void)state;
	uint8_t secret[16], seed[16], out[100];
	unhex("9bbe436ba940f017b17652849a71db35", secret, 16);
	unhex("a0ba9f936cda311827a6f796ffd5198c", seed, 16);
	tls12_prf(out, sizeof out, secret, 16, "test label", seed, 16);
	assert_hex(out, 100, "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
			     "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
			     "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
			     "87347b66");
}

/*
 * The OpenSSL TLS 1.2 session: its handshake messages in order, as the
 * capture has them (the Certificate message is rebuilt from the DER files).
 */
static const char *const kat12_ch =
	"010000910303b700be041efb20227c014fee1ee716633e9c119781fe2bcd47864e30e3efe3fe000004cca900ff"
	"010000640000001600140000116d61696c2e6578616d706c652e74657374000b000403000102000a0004000200"
	"1d002300000016000000170000000d002a0028040305030603080708080809080a080b08040805080604010501"
	"0601030303010302040205020602";
static const char *const kat12_sh =
	"0200003d030375b4a5378707bbad515f6b2aab238dd2ee330330a13fd625d1841243a7b647eb00cca9000015ff"
	"01000100000b0004030001020023000000170000";
static const char *const kat12_ske =
	"0c00006803001d20fc33540a8770f81e8f11ec56f3b706a8d0a5c1bbdb8e434959d8cba1a3bfdb1008070040d4"
	"c999887c0306e990fa3b97102e66be476584da169e66fcc619962477a2cc0ad9775d69ef3f740110c8d272e049"
	"00cec24dea3ce62ca611b1b9e1f9f852dd04";
static const char *const kat12_shd = "0e000000";
static const char *const kat12_cke =
	"1000002120dacef89509b089e0643af686e4b202f11a7a6057fae7ee01763f72c92363c03b";
static const char *const kat12_nst =
	"040000b600001c2000b09362279b50ed01af7cab07b94a585db0a2d29370d27e7824122bbb23c82fe2cdc37e0f"
	"dd089dcc34248eeefd4885caca65088e8da286f49b4b06fd998244d9c7dbb1a56a4ea3ddf75a7119f3d9ed1b51"
	"587dab64d436d86ca3ddeeeab5c7ea2bdc543b30cf9a0e27a7f8d52d8b1fde9e92afd5bc6c4da31ed6f1aaf123"
	"f3eb4bc9a04efb117f01a25f41dcd988172e8c860a8437e9ce546f1068f9125ad77b522ecc4fc5666e855f67ee"
	"36ffe20de6c3";
#define KAT12_MASTER "833e36115013e556fb7efff92b48d14651b33c65f4d429198be31254f3f465c29f18a704b21d86987eb0f514fc71ca5f"

static void add_hex(struct tls_transcript *t, const char *hex)
{
	uint8_t m[1024];
	size_t n = unhex(hex, m, sizeof m);
	tls_transcript_add(t, m, n);
}

/* Certificate message of a chain read from DER files (both versions' 1.2 shape). */
static void add_cert12(struct tls_transcript *t)
{
	size_t ln = 0, cn = 0;
	uint8_t *leaf = read_file("tests/data/tls-kat/server.der", &ln);
	uint8_t *ca = read_file("tests/data/tls-kat/ca.der", &cn);
	assert_non_null(leaf);
	assert_non_null(ca);
	struct buf b = { 0 };
	size_t at = tls_msg_begin(&b, TLS_HS_CERTIFICATE);
	size_t list = tls_wr_begin(&b, 3);
	buf_put24(&b, (uint32_t)ln);
	buf_put(&b, leaf, ln);
	buf_put24(&b, (uint32_t)cn);
	buf_put(&b, ca, cn);
	assert_int_equal(tls_wr_end(&b, list, 3), 0);
	assert_int_equal(tls_msg_end(&b, at), 0);
	tls_transcript_add(t, b.p, b.len);
	buf_free(&b);
	free(leaf);
	free(ca);
}

static void test_tls12_finished_kat(void **state)
{
	(void)state;
	struct tls_transcript t;
	uint8_t ms[48], h[32], vd[12], fin[16];

	unhex(KAT12_MASTER, ms, sizeof ms);
	tls_transcript_init(&t);
	add_hex(&t, kat12_ch);
	add_hex(&t, kat12_sh);
	add_cert12(&t);
	add_hex(&t, kat12_ske);
	add_hex(&t, kat12_shd);
	add_hex(&t, kat12_cke);
	tls_transcript_hash(&t, h);
	tls12_verify_data(vd, ms, "client finished", h);
	/* The client's Finished as the capture's key log decrypts it. */
	assert_hex(vd, 12, "b4 50 cf 8a 48 40 1b 87 f9 86 3b 3b");

	fin[0] = TLS_HS_FINISHED;
	put24(fin + 1, 12);
	memcpy(fin + 4, vd, 12);
	tls_transcript_add(&t, fin, sizeof fin);
	add_hex(&t, kat12_nst);
	tls_transcript_hash(&t, h);
	tls12_verify_data(vd, ms, "server finished", h);
	assert_hex(vd, 12, "5f 3d 2c 18 f9 4b 44 ec aa c0 45 14");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hkdf_rfc5869),
		cmocka_unit_test(test_rfc8448_key_schedule),
		cmocka_unit_test(test_transcript_peek),
		cmocka_unit_test(test_tls12_prf_vector),
		cmocka_unit_test(test_tls12_finished_kat),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
