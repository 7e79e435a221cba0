#!/usr/bin/env bash
# Regenerates libs/contracts/src from proto/ into OUT (default: the real tree).
# `make proto-check` runs it into a temp dir and diffs, so stale code fails CI.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/libs/contracts/src}
py=${PYTHON:-$root/.venv/bin/python}; [[ $py = /* ]] || py=$root/$py
mkdir -p "$out"
rm -rf "$out/salesos"
cd "$root/proto"
mapfile -t files < <(find salesos -name '*.proto' | sort)
"$py" -m grpc_tools.protoc -I. --python_out="$out" --pyi_out="$out" --grpc_python_out="$out" "${files[@]}"
# Namespace-free packages: every generated folder gets an __init__.py.
find "$out/salesos" -type d -exec sh -c 'touch "$1/__init__.py"' _ {} \;
