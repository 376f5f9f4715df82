#!/bin/sh
set -e
python -m jobs.migrate
exec python -m jobs.runner "$@"
