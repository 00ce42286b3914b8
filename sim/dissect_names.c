/*
 * dissect_names: small tables; an unknown number is "unknown" (the
 * dissection prints the number beside every name).
 */
#include <stddef.h>

#include "dissect_names.h"

struct name { unsigned n; const char *name; };

#define LOOKUP(t, v)                                             \
	do {                                                     \
		for (size_t i_ = 0; i_ < sizeof t / sizeof t[0]; i_++) \
			if (t[i_].n == (v))                      \
				return t[i_].name;               \
		return "unknown";                                \
	} while (0)

const char *dn_content_type(uint8_t type)
{
	static const struct name t[] = {
		{ 20, "change_cipher_spec" }, { 21, "alert" }, { 22, "handshake" },
		{ 23, "application_data" },
	};
	LOOKUP(t, type);
}

const char *dn_handshake(uint8_t type)
{
	static const struct name t[] = {
		{ 1, "ClientHello" }, { 2, "ServerHello" }, { 4, "NewSessionTicket" },
		{ 8, "EncryptedExtensions" }, { 11, "Certificate" }, { 12, "ServerKeyExchange" },
		{ 13, "CertificateRequest" }, { 14, "ServerHelloDone" }, { 15, "CertificateVerify" },
		{ 16, "ClientKeyExchange" }, { 20, "Finished" }, { 24, "KeyUpdate" },
	};
	LOOKUP(t, type);
}

const char *dn_extension(uint16_t type)
{
	static const struct name t[] = {
		{ 0, "server_name" }, { 5, "status_request" }, { 10, "supported_groups" },
		{ 11, "ec_point_formats" }, { 13, "signature_algorithms" },
		{ 16, "application_layer_protocol_negotiation" }, { 18, "signed_certificate_timestamp" },
		{ 21, "padding" }, { 22, "encrypt_then_mac" }, { 23, "extended_master_secret" },
		{ 35, "session_ticket" }, { 41, "pre_shared_key" }, { 42, "early_data" },
		{ 43, "supported_versions" }, { 45, "psk_key_exchange_modes" },
		{ 49, "post_handshake_auth" }, { 51, "key_share" }, { 0xff01, "renegotiation_info" },
	};
	LOOKUP(t, type);
}

const char *dn_suite(uint16_t suite)
{
	static const struct name t[] = {
		{ 0x1301, "TLS_AES_128_GCM_SHA256" }, { 0x1302, "TLS_AES_256_GCM_SHA384" },
		{ 0x1303, "TLS_CHACHA20_POLY1305_SHA256" },
		{ 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" },
		{ 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" },
		{ 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" },
		{ 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" },
		{ 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" },
		{ 0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" },
		{ 0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256" }, { 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384" },
		{ 0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA" }, { 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA" },
		{ 0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV" },
		{ 0xffa1, "TLSSIM_CLASSIC_SEALED_BOX" },	/* the classic model's own */
	};
	LOOKUP(t, suite);
}

const char *dn_group(uint16_t group)
{
	static const struct name t[] = {
		{ 0x0017, "secp256r1" }, { 0x0018, "secp384r1" }, { 0x0019, "secp521r1" },
		{ 0x001d, "x25519" }, { 0x001e, "x448" }, { 0x0100, "ffdhe2048" },
		{ 0x0101, "ffdhe3072" },
	};
	LOOKUP(t, group);
}

const char *dn_sig_scheme(uint16_t scheme)
{
	static const struct name t[] = {
		{ 0x0403, "ecdsa_secp256r1_sha256" }, { 0x0503, "ecdsa_secp384r1_sha384" },
		{ 0x0603, "ecdsa_secp521r1_sha512" }, { 0x0807, "ed25519" }, { 0x0808, "ed448" },
		{ 0x0804, "rsa_pss_rsae_sha256" }, { 0x0805, "rsa_pss_rsae_sha384" },
		{ 0x0806, "rsa_pss_rsae_sha512" }, { 0x0809, "rsa_pss_pss_sha256" },
		{ 0x0401, "rsa_pkcs1_sha256" }, { 0x0501, "rsa_pkcs1_sha384" },
		{ 0x0601, "rsa_pkcs1_sha512" },
	};
	LOOKUP(t, scheme);
}

const char *dn_version(uint16_t v)
{
	static const struct name t[] = {
		{ 0x0300, "SSL 3.0" }, { 0x0301, "TLS 1.0" }, { 0x0302, "TLS 1.1" },
		{ 0x0303, "TLS 1.2" }, { 0x0304, "TLS 1.3" },
	};
	LOOKUP(t, v);
}

const char *dn_alert_level(uint8_t level)
{
	static const struct name t[] = { { 1, "warning" }, { 2, "fatal" } };
	LOOKUP(t, level);
}
