#!/bin/bash
set -e

file_env() {
	local var="$1"
	local fileVar="${var}_FILE"
	if [ "${!fileVar:-}" ]; then
		export "$var"="$(< "${!fileVar}")"
	fi
}

case "$1" in
	-*) set -- ./server "$@" ;;
esac

for f in /docker-entrypoint.d/*.sh; do
	[ -e "$f" ] && . "$f"
done

psql --quiet <<<"SELECT 1" || true
cat <<-'EOM'
	ready
EOM

"$@"
