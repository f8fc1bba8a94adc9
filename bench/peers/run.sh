#!/usr/bin/env bash
# Builds the C++ and SystemC peers of Helen's kernel benchmarks and hands over
# to run.mjs, which runs them beside Helen, checks that all of them compute
# the same thing, and prints (or, with --write-doc, records) the ratios.
#   usage: bench/peers/run.sh [--write-doc]      env: RUNS (default 5)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="$HERE/build"

# Probe by compiling an include rather than looking for a path, so any
# SystemC install that g++ can actually see is accepted.
if ! command -v g++ >/dev/null 2>&1 ||
   ! printf '#include <systemc>\n' | g++ -std=c++17 -fsyntax-only -x c++ - >/dev/null 2>&1; then
  echo "run.sh: g++ or the SystemC headers are missing: apt-get install libsystemc-dev g++" >&2
  exit 2
fi
if ! command -v node >/dev/null 2>&1; then
  echo "run.sh: node is missing (Helen needs Node 20)" >&2
  exit 2
fi

mkdir -p "$BUILD"
CXXFLAGS=(-O2 -std=c++17 -Wall)

# Rebuild only what is stale, so repeated runs start timing straight away.
build() {
  local out="$BUILD/$1" src="$HERE/$2"
  shift 2
  if [[ ! -x "$out" || "$src" -nt "$out" || "$HERE/common.hpp" -nt "$out" ]]; then
    echo "building $out" >&2
    g++ "${CXXFLAGS[@]}" -o "$out" "$src" "$@"
  fi
}
build phold_heap phold_heap.cpp
build phold_systemc phold_systemc.cpp -lsystemc
build pipeline_systemc pipeline_systemc.cpp -lsystemc

exec node "$HERE/run.mjs" "$@"
