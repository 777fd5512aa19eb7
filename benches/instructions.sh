#!/usr/bin/env bash
# The build benchmark counted in instructions instead of seconds (benches/README.md): the
# floor, `afterword build` and `afterword check` on the 1k corpus, each on one thread under
# valgrind's callgrind, which counts every instruction executed. The count does not depend
# on the machine's load, so a change can be measured on a busy machine, and the same
# commit gives the same count within a fraction of a percent (hash seeds differ by run).
# Instructions are not time: SIMD code does more per instruction, and memory stalls are
# not counted, so compare with compare.sh's figures before drawing conclusions.
#
#   benches/instructions.sh [--size N] [--baseline BIN]
#
# `--baseline BIN` counts another afterword binary (an older commit's release build) too.
# Needs valgrind (`apt-get install valgrind`) and jq.
set -euo pipefail
cd "$(dirname "$0")/.."

size=1000
baseline=""
while (($#)); do
    case "$1" in
        --size) size=$2; shift 2 ;;
        --baseline) baseline=$2; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
for tool in valgrind jq; do
    command -v "$tool" >/dev/null || { echo "benches/instructions.sh needs $tool" >&2; exit 2; }
done

source benches/programs.sh

base=/dev/shm/afterword-bench
site="$base/corpus-$size"
[[ -d "$site" ]] || "$corpus" "$size" "$site"
out=$(mktemp -d "$base/instructions.XXXXXX")
trap 'rm -rf "$out"' EXIT

# Instructions of one command, run on one thread (rayon's pool of one).
count() {
    RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 \
        >/dev/null | sed -n 's/.*Collected : *//p'
}

names=(floor "afterword build" "afterword check")
commands=(
    "$floor $site/afterword/content $out/floor"
    "$afterword build --root $site/afterword --out $out/afterword"
    "$afterword check --root $site/afterword"
)
if [[ -n "$baseline" ]]; then
    names+=("baseline build" "baseline check")
    commands+=(
        "$baseline build --root $site/afterword --out $out/baseline"
        "$baseline check --root $site/afterword"
    )
fi
echo "== $size pages, one thread, instructions counted by callgrind"
printf '%-16s %15s %8s\n' tool instructions ratio
floor_count=""
for i in "${!names[@]}"; do
    # shellcheck disable=SC2086 # the command is split into its words on purpose
    n=$(count ${commands[i]})
    floor_count=${floor_count:-$n}
    printf '%-16s %15d %7.2fx\n' "${names[i]}" "$n" "$(jq -n "$n / $floor_count")"
done
