#!/bin/sh
set -e
# Wait for the database, then start whatever CMD says.
until nc -z "${DB_HOST:-db}" 5432; do sleep 1; done
"$@"
