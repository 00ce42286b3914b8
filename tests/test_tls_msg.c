/*
 * test_tls_msg: the bounded reader, vector writers and hello extensions.
 * The ClientHellos OpenSSL sent in tests/data/tls-kat/ parse to what
 * Wireshark shows; every truncation and every single-byte change of them
 * either parses or is refused, never read out of bounds (run under ASan
 * by make check).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "tls_hex.h"
#include "tls_msg.h"

/* ClientHello bodies (after the 4-byte header) of the two captures. */
static const char *const ch13 =
	"030323ec1f6b02c05d14417c952bd4695b76f891cb858a9b8e7a41132e07d430fd6e207f6922368668"
	"1458e5bf290160c2d719a835787d3a7374cd308895d6531c89b70004130300ff0100008f000000160014000011"
	"6d61696c2e6578616d706c652e74657374000b000403000102000a00040002001d00230000001600000017000000"
	"0d001e001c040305030603080708080809080a080b080408050806040105010601002b0003020304002d000201"
	"01003300260024001d0020a0c410c4ae941eb5f57b0e681630c1b5183c2bb86d156c315fd156af167e0612";
static const char *const ch12 =
	"0303b700be041efb20227c014fee1ee716633e9c119781fe2bcd47864e30e3efe3fe000004cca900ff"
	"010000640000001600140000116d61696c2e6578616d706c652e74657374000b000403000102000a0004000200"
	"1d002300000016000000170000000d002a0028040305030603080708080809080a080b08040805080604010501"
	"0601030303010302040205020602";

static void test_reader(void **state)
{
	(void)state;
	const uint8_t b[] = { 1, 0, 2, 0, 0, 3, 2, 0xaa, 0xbb, 5 };
	struct tls_rd r, v;
	uint8_t u8;
	uint16_t u16;
	uint32_t u24;
	tls_rd_init(&r, b, sizeof b);
	assert_int_equal(tls_rd_u8(&r, &u8), 0);
	assert_int_equal(u8, 1);
	assert_int_equal(tls_rd_u16(&r, &u16), 0);
	assert_int_equal(u16, 2);
	assert_int_equal(tls_rd_u24(&r, &u24), 0);
	assert_int_equal(u24, 3);
	assert_int_equal(tls_rd_vec(&r, 1, &v), 0);
	assert_int_equal(v.n, 2);
	assert_int_equal(tls_rd_u16(&v, &u16), 0);
	assert_int_equal(u16, 0xaabb);
	assert_int_equal(tls_rd_done(&v), 0);
	assert_int_equal(tls_rd_vec(&r, 1, &v), -1);	/* length 5, 0 bytes left */
	assert_true(r.bad);
	assert_int_equal(tls_rd_u8(&r, &u8), -1);	/* stays failed */
	assert_int_equal(tls_rd_done(&r), -1);
}

static void test_writer(void **state)
{
	(void)state;
	struct buf b = { 0 };
	size_t at = tls_msg_begin(&b, TLS_HS_FINISHED);
	size_t v = tls_wr_begin(&b, 1);
	buf_put(&b, "abc", 3);
	assert_int_equal(tls_wr_end(&b, v, 1), 0);
	assert_int_equal(tls_msg_end(&b, at), 0);
	const uint8_t want[] = { 20, 0, 0, 4, 3, 'a', 'b', 'c' };
	assert_int_equal(b.len, sizeof want);
	assert_memory_equal(b.p, want, sizeof want);

	uint8_t type;
	const uint8_t *body;
	size_t len, total;
	assert_int_equal(tls_msg_next(b.p, b.len, 100, &type, &body, &len, &total), 1);
	assert_int_equal(type, 20);
	assert_int_equal(len, 4);
	assert_int_equal(total, 8);
	assert_int_equal(tls_msg_next(b.p, b.len - 1, 100, &type, &body, &len, &total), 0);
	assert_int_equal(tls_msg_next(b.p, b.len, 3, &type, &body, &len, &total), -1);

	/* A 1-byte vector cannot hold 256 bytes. */
	v = tls_wr_begin(&b, 1);
	for (int i = 0; i < 256; i++)
		buf_put8(&b, 0);
	assert_int_equal(tls_wr_end(&b, v, 1), -1);
	buf_free(&b);
}

static void test_parse_openssl_hellos(void **state)
{
	(void)state;
	uint8_t m[512];
	size_t n = unhex(ch13, m, sizeof m);
	struct tls_client_hello ch;
	struct tls_hello_exts e;

	assert_int_equal(tls_client_hello_parse(m, n, &ch), 0);
	assert_int_equal(ch.version, 0x0303);
	assert_int_equal(ch.session_id_len, 32);
	assert_true(tls_client_hello_has_suite(&ch, 0x1303));
	assert_false(tls_client_hello_has_suite(&ch, 0x1301));
	assert_true(ch.null_compression);
	assert_int_equal(tls_ext_parse(ch.exts, ch.exts_len, false, &e), 0);
	assert_string_equal(e.server_name, "mail.example.test");
	assert_true(e.x25519 && e.ed25519 && e.uncompressed && e.ems && e.tls13 && e.psk_dhe_ke);
	assert_true(e.x25519_share);
	assert_int_equal(e.key_share[0], 0xa0);
	assert_int_equal(e.key_share[31], 0x12);
	assert_false(e.has_reneg_info);

	n = unhex(ch12, m, sizeof m);
	assert_int_equal(tls_client_hello_parse(m, n, &ch), 0);
	assert_true(tls_client_hello_has_suite(&ch, 0xcca9));
	assert_true(tls_client_hello_has_suite(&ch, 0x00ff));	/* SCSV, not the extension */
	assert_int_equal(tls_ext_parse(ch.exts, ch.exts_len, false, &e), 0);
	assert_true(e.x25519 && e.ed25519 && e.ems && e.encrypt_then_mac && e.session_ticket);
	assert_false(e.tls13);
	assert_false(e.has_key_share);
}

static void test_our_extensions_parse(void **state)
{
	(void)state;
	struct buf b = { 0 };
	struct tls_hello_exts e;
	tls_ext_put_server_name(&b, "mail.example.test");
	tls_ext_put_supported_groups(&b);
	tls_ext_put_signature_algorithms(&b);
	tls_ext_put_ec_point_formats(&b);
	tls_ext_put_empty(&b, TLS_EXT_EXTENDED_MASTER_SECRET);
	tls_ext_put_renegotiation_info(&b);
	assert_int_equal(tls_ext_parse(b.p, b.len, false, &e), 0);
	assert_string_equal(e.server_name, "mail.example.test");
	assert_true(e.x25519 && e.ed25519 && e.uncompressed && e.ems);
	assert_true(e.has_reneg_info && e.reneg_info_empty);
	/* The same extension twice is refused. */
	tls_ext_put_empty(&b, TLS_EXT_EXTENDED_MASTER_SECRET);
	assert_int_equal(tls_ext_parse(b.p, b.len, false, &e), -1);
	buf_free(&b);
}

/* Every prefix and every single-byte change is handled without reading past the end. */
static void test_hostile_hellos(void **state)
{
	(void)state;
	uint8_t m[512];
	size_t n = unhex(ch13, m, sizeof m);
	struct tls_client_hello ch;
	struct tls_hello_exts e;
	unsigned refused = 0;

	for (size_t len = 0; len < n; len++) {
		uint8_t *copy = malloc(len ? len : 1);	/* exact size: ASan sees overreads */
		memcpy(copy, m, len);
		if (tls_client_hello_parse(copy, len, &ch) < 0 ||
		    tls_ext_parse(ch.exts, ch.exts_len, false, &e) < 0)
			refused++;
		free(copy);
	}
	assert_true(refused >= n - 2);
	for (size_t i = 0; i < n; i++) {
		for (int v = 0; v < 256; v += 51) {
			uint8_t *copy = malloc(n);
			memcpy(copy, m, n);
			copy[i] = (uint8_t)v;
			if (tls_client_hello_parse(copy, n, &ch) == 0)
				(void)!tls_ext_parse(ch.exts, ch.exts_len, false, &e);
			free(copy);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_parse_openssl_hellos),
		cmocka_unit_test(test_our_extensions_parse),
		cmocka_unit_test(test_hostile_hellos),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
