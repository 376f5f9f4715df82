#!/usr/bin/env bash
set -Eeo pipefail

_is_sourced() {
	[ "${#FUNCNAME[@]}" -ge 2 ] && [ "${FUNCNAME[1]}" = 'source' ]
}

_main() {
	if [ "${1:0:1}" = '-' ]; then
		set -- ./server "$@"
	fi
	./migrate
	exec "$@"
}

if ! _is_sourced; then
	_main "$@"
fi
