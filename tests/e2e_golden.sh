#!/bin/sh
# The golden transcripts and captures match (tests/golden.sh).
exec sh tests/golden.sh
