#!/usr/bin/env bash
# Replays the README's tour on docs/tour/inbox with a scratch SQLite database, printing each
# command and its output, so the README can show real output: bash docs/tour/run.sh
set -u
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cronica="${CRONICA:-$root/.venv/bin/cronica}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$here/inbox" "$work/inbox"
cd "$work" || exit 2
export COLUMNS=120
step() { echo "\$ cronica $*"; "$cronica" -q "$@"; echo "(exit $?)"; }
step ingest inbox/
step ingest inbox/
step process
step events
step tallies
