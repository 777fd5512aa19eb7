# Sourced by compare.sh and instructions.sh: builds the release binary and the two bench
# programs, and sets `afterword`, `corpus` and `floor` to their paths, from cargo's own
# report.
build_json=$(cargo build --release --quiet --bin afterword --bench corpus --bench floor \
    --message-format=json)
executable() {
    jq -r --arg name "$1" 'select(.reason == "compiler-artifact" and .target.name == $name)
        | .executable // empty' <<<"$build_json" | tail -1
}
afterword=$(executable afterword)
corpus=$(executable corpus)
floor=$(executable floor)
