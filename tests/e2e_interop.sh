#!/bin/sh
# e2e_interop: the TLS 1.3 engine against OpenSSL on the loopback, both
# ways (tests/interop.sh), bounded in time.
timeout 60 sh tests/interop.sh 1.3
