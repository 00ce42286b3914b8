#!/bin/sh
# Function and file lengths of sim/ and ui/ (tests/funclen.sh).
exec sh tests/funclen.sh
