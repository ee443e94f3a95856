#!/usr/bin/env bash
# Build the frozen app (PyInstaller onedir) on Linux and run its --version and selftest
# offscreen. Called from .ci/run after the tests; expects .venv with the project installed.
# Takes about a minute on a quiet 2-core machine (hard limit below: 9 minutes).
# Windows mirror: packaging/windows/build-windows.yml.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
export QT_QPA_PLATFORM=offscreen PIP_DISABLE_PIP_VERSION_CHECK=1

if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    echo "== frozen build: install PyInstaller (build extra) =="
    "$PY" -m pip install -q -e '.[build]'
fi

echo "== frozen build: dist/desa-layak/, then its --version and selftest =="
timeout 540 "$PY" packaging/build.py --check
