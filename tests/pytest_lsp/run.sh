#!/usr/bin/env bash
# Runs the pytest-lsp suite (tests/pytest_lsp/) against a built revlint:
#   bash tests/pytest_lsp/run.sh [PYTEST ARGS...]
# REVLINT_BIN picks the binary (default: target/release/revlint, else target/debug/revlint).
# The Python packages (requirements.txt, all pinned) go in a venv, REVLINT_PYTEST_VENV
# (default target/pytest-lsp-venv), made again whenever requirements.txt changes.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${REVLINT_PYTEST_VENV:-$repo/target/pytest-lsp-venv}"
python="${PYTHON:-python3}"
requirements="$here/requirements.txt"
installed="$venv/installed-requirements.txt"

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    echo "pytest-lsp needs Python 3.10 or newer as '$python' (set PYTHON)" >&2
    exit 1
fi

if ! cmp -s "$requirements" "$installed"; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
        --only-binary=:all: -r "$requirements"
    cp "$requirements" "$installed"
fi

cd "$here"
# Keep the source tree free of __pycache__ folders.
export PYTHONDONTWRITEBYTECODE=1
exec "$venv/bin/python" -m pytest "$@"
