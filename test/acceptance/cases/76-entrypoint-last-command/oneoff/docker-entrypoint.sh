#!/bin/sh
set -e
./migrate "$@"
exit 0
