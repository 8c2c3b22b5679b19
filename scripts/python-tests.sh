#!/usr/bin/env bash
# The Python package: builds the wheel with maturin (abi3, one wheel for Python 3.9+), installs
# it into a fresh virtual environment, checks the import, then runs the pytest suite
# (crates/python/tests) against the command-line binary.
# usage: scripts/python-tests.sh [STATECRAFT_BINARY]   (default: target/release/statecraft)
# Needs python3 with venv, and PyPI for maturin, pyarrow, pytest and pandas. The wheel is built
# into ./target beside the binary, so the dependencies compiled for it are reused.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=$(realpath "${1:-target/release/statecraft}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The build tool lives in a cached environment of its own; the wheel is tested in a fresh one.
tools=${STATECRAFT_MATURIN_VENV:-$HOME/.cache/statecraft-maturin-venv}
if ! "$tools/bin/maturin" --version > /dev/null 2>&1; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet 'maturin>=1.5,<2' \
    || { echo "python: could not install maturin from PyPI; the Python package was not built or tested"; exit 1; }
fi

started=$(date +%s)
(cd crates/python && CARGO_TARGET_DIR="$root/target" "$tools/bin/maturin" build --release --quiet -i python3 -o "$work/wheels") 
wheel=$(ls "$work"/wheels/statecraft-*.whl)
echo "python: built $(basename "$wheel") in $(( $(date +%s) - started )) s"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$wheel" pytest pandas \
  || { echo "python: could not install the wheel with pyarrow, pytest and pandas from PyPI"; exit 1; }
# From another folder, so that the installed package is imported, not the source tree.
rows=$(cd "$work" && venv/bin/python -c "import statecraft; print(statecraft.code(['Russia attacked Ukraine.']).num_rows)")
echo "python: statecraft.code(['Russia attacked Ukraine.']).num_rows = $rows"
[ "$rows" -ge 1 ] || { echo "python: the smoke check coded no event"; exit 1; }

cd "$work" && STATECRAFT_BIN="$bin" venv/bin/python -m pytest -q -p no:cacheprovider "$root/crates/python/tests"
