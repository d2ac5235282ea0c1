#!/usr/bin/env bash
# Creates (once) the Python virtual environment that runs Airflow for reckon's tests, from the committed,
# fully pinned requirements.lock, and prints its directory on stdout.
#
# The environment is cached under ${RECKON_AIRFLOW_VENV_CACHE:-$HOME/.cache/reckon}/airflow-venv-<key>, where
# <key> hashes the lock and the Python version: a changed lock or Python makes a new one, an unchanged one is
# reused (CI pays the install once per machine). A half-built environment (no .complete marker) is rebuilt.
# Concurrent callers serialise on a lock file.
#
# Environment: RECKON_AIRFLOW_PYTHON (default python3), RECKON_AIRFLOW_VENV_CACHE.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOCK_FILE="$HERE/requirements.lock"
PYTHON="${RECKON_AIRFLOW_PYTHON:-python3}"
CACHE="${RECKON_AIRFLOW_VENV_CACHE:-${HOME:-/tmp}/.cache/reckon}"

command -v "$PYTHON" >/dev/null 2>&1 || { echo "ensure-venv: '$PYTHON' not found (set RECKON_AIRFLOW_PYTHON)" >&2; exit 1; }
PYVER="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
case "$PYVER" in
  3.10|3.11|3.12|3.13) ;;
  *) echo "ensure-venv: Airflow 3.3 needs Python 3.10-3.13, '$PYTHON' is $PYVER (set RECKON_AIRFLOW_PYTHON)" >&2; exit 1 ;;
esac
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || {
  echo "ensure-venv: '$PYTHON' lacks the venv/ensurepip modules (Debian: apt-get install python3-venv)" >&2; exit 1; }

KEY="$( (cat "$LOCK_FILE"; echo "python $PYVER") | sha256sum | cut -c1-16)"
VENV="$CACHE/airflow-venv-$KEY"
mkdir -p "$CACHE"

install() {
  [ -f "$VENV/.complete" ] && return 0
  rm -rf "$VENV"
  echo "ensure-venv: installing Airflow from $(basename "$LOCK_FILE") into $VENV (Python $PYVER) ..." >&2
  local start=$SECONDS
  "$PYTHON" -m venv "$VENV"
  # --no-deps: the lock is complete, so pip must not resolve (or fetch) anything beyond it.
  if ! "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$LOCK_FILE" >&2; then
    echo "ensure-venv: pip install from the lock failed; $VENV is left incomplete and will be rebuilt" >&2
    exit 1
  fi
  "$VENV/bin/pip" check >&2 || { echo "ensure-venv: pip check failed: the lock is inconsistent" >&2; exit 1; }
  "$VENV/bin/python" -c 'import airflow.sdk, airflow.providers.standard, pytest' >&2
  echo "$((SECONDS - start))" > "$VENV/.install-seconds"
  touch "$VENV/.complete"
  echo "ensure-venv: installed in $((SECONDS - start)) s" >&2
}

if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/airflow-venv.lock"
  flock 9
fi
install
echo "$VENV"
