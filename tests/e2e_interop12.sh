#!/bin/sh
# e2e_interop12: the TLS 1.2 engine against OpenSSL on the loopback, both
# ways (tests/interop.sh), bounded in time.
timeout 60 sh tests/interop.sh 1.2
