#!/usr/bin/env bash
# Publishes and checks the OpenAPI spec for other languages:
#
#   .ci/spec-tools.sh [STEP...]
#
# Steps, run in this order (default: all of them; `tools` and `publish` always run):
#   tools         pinned Python tools into .ci-tools/venv, npm tools into .ci-tools/node
#                 and .ci-tools/ts-smoke (reinstalled only when their pins change)
#   publish       `cargo xtask spec`: dist/spec/groupme-{v3,v2,image,file,video}.{json,yaml}
#   lint          openapi-spec-validator, redocly lint, spectral lint (zero findings)
#   docs          static HTML reference into dist/spec (works offline), checked
#   fake          builds the fake server (crates/groupme-fake)
#   python        openapi-python-client clients + tests/other-languages/smoke.py against the fake
#   typescript    openapi-typescript types + tsc --strict + smoke.ts against the fake
#   groupy        Groupy (a third-party client for the real API) against the fake
#   schemathesis  conformance run of both specs against the fake
#
# Needs Rust, Python 3.11+ with pip, Node 20+ with npm; reaches only PyPI, npm
# and crates.io. Exits non-zero on the first failure.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

TOOLS=.ci-tools
DIST=dist/spec
HOSTS=(v3 v2 v4)
# The media hosts (no envelope): linted and checked by Schemathesis like the
# others; the HTML reference and other-language clients cover v3, v2 and v4
# only for now.
MEDIA_HOSTS=(image file video)
PYTHON=${PYTHON:-python3}
VENV=$TOOLS/venv
TS_DIR=$TOOLS/ts-smoke
OTHER=tests/other-languages
ALL_STEPS=(tools publish lint docs fake python typescript groupy schemathesis)

export PATH="$ROOT/$VENV/bin:$ROOT/$TOOLS/node/node_modules/.bin:$PATH"
# No usage reports, update checks or install-time telemetry.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true SCARF_ANALYTICS=false
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1

TIMINGS=()
CURRENT_STEP=
FAKE_PID=

header() { printf '\n==> %s\n' "$*"; }
part() { printf -- '--- %s\n' "$*"; }

# Installs an npm project's pinned packages ($1: folder with package.json and
# package-lock.json) into $2, unless that exact lock file is already installed.
npm_install() {
    local source=$1 target=$2
    if cmp -s "$source/package-lock.json" "$target/.installed-lock.json" && [[ -d $target/node_modules ]]; then
        echo "up to date: $target"
        return
    fi
    mkdir -p "$target"
    cp "$source/package.json" "$source/package-lock.json" "$target/"
    # --ignore-scripts: no install script runs (one dependency would phone home).
    (cd "$target" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    cp "$source/package-lock.json" "$target/.installed-lock.json"
}

step_tools() {
    part "Python tools into $VENV"
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11) and f"Python 3.11+ needed, {sys.version.split()[0]} found")'
    if cmp -s .ci/requirements.txt "$VENV/.installed-requirements.txt"; then
        echo "up to date: $VENV"
    else
        rm -rf "$VENV"
        if "$PYTHON" -m venv "$VENV"; then
            pip install --quiet --require-virtualenv --no-deps -r .ci/requirements.txt
        else
            # Debian and Ubuntu ship venv's pip bootstrap separately (python3-venv):
            # make the venv without pip and let the system pip fill it, pip included.
            echo "making $VENV without ensurepip"
            rm -rf "$VENV"
            "$PYTHON" -m venv --without-pip "$VENV"
            "$PYTHON" -m pip --python "$VENV/bin/python" install --quiet --no-deps -r .ci/requirements.txt
        fi
        pip check
        cp .ci/requirements.txt "$VENV/.installed-requirements.txt"
    fi
    part "npm tools into $TOOLS/node"
    node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
        if (major < 20 || (major === 20 && minor < 19)) { console.error(`Node 20.19+ needed, ${process.version} found`); process.exit(1); }'
    npm_install .ci/node "$TOOLS/node"
    part "npm packages of the TypeScript smoke test into $TS_DIR"
    npm_install "$OTHER" "$TS_DIR"
}

step_publish() {
    cargo xtask spec --out "$DIST"
}

step_lint() {
    local host specs=()
    for host in "${HOSTS[@]}" "${MEDIA_HOSTS[@]}"; do specs+=("spec/groupme-$host.yaml"); done
    part "openapi-spec-validator (sources and published JSON)"
    openapi-spec-validator "${specs[@]}" "$DIST"/groupme-*.json
    part "redocly lint (spec/.redocly.yaml)"
    redocly lint --config spec/.redocly.yaml "${specs[@]}"
    part "spectral lint (spec/.spectral.yaml)"
    spectral lint --ruleset spec/.spectral.yaml --fail-severity=hint "${specs[@]}"
}

step_docs() {
    local host specs=()
    for host in "${HOSTS[@]}"; do
        specs+=("$DIST/groupme-$host.json")
        part "redocly build-docs: $DIST/groupme-$host.html"
        redocly build-docs --config spec/.redocly.yaml --inlineBundle \
            "$DIST/groupme-$host.yaml" --output "$DIST/groupme-$host.html"
        python .ci/spec_docs.py check "$DIST/groupme-$host.html" "$DIST/groupme-$host.json"
    done
    python .ci/spec_docs.py index "$DIST" "${specs[@]}"
}

step_fake() {
    cargo build --quiet -p groupme-fake
}

# Starts the fake server and exports GROUPME_V3_URL / _V2_URL / _V4_URL from the
# first line it prints. `cargo run` replaces itself with the server, so
# FAKE_PID is the server's own process.
start_fake() {
    local out=$TOOLS/fake.stdout err=$TOOLS/fake.stderr line="" tries
    local announce='^groupme-fake listening v3=(http://127\.0\.0\.1:[0-9]+/v3) v2=(http://127\.0\.0\.1:[0-9]+/v2) v4=(http://127\.0\.0\.1:[0-9]+/v4)( |$)'
    : >"$out"
    cargo run --quiet -p groupme-fake -- --port 0 --results-delay-ms 300 >"$out" 2>"$err" &
    FAKE_PID=$!
    for ((tries = 0; tries < 600; tries++)); do
        line=$(head -n 1 "$out")
        if [[ $line =~ $announce ]]; then
            export GROUPME_V3_URL=${BASH_REMATCH[1]} GROUPME_V2_URL=${BASH_REMATCH[2]} GROUPME_V4_URL=${BASH_REMATCH[3]}
            echo "fake server (pid $FAKE_PID): $GROUPME_V3_URL $GROUPME_V2_URL"
            return
        fi
        if ! kill -0 "$FAKE_PID" 2>/dev/null; then
            FAKE_PID=
            echo "the fake server exited before announcing its URLs; its stderr:" >&2
            cat "$err" >&2
            return 1
        fi
        sleep 0.1
    done
    echo "the fake server did not announce its URLs within 60 s; first line: '$line'" >&2
    return 1
}

stop_fake() {
    if [[ -n $FAKE_PID ]]; then
        kill "$FAKE_PID" 2>/dev/null || true
        wait "$FAKE_PID" 2>/dev/null || true
        FAKE_PID=
    fi
}

step_python() {
    local host clients=$TOOLS/python-clients
    for host in "${HOSTS[@]}"; do
        part "openapi-python-client: $DIST/groupme-$host.json -> groupme_$host"
        openapi-python-client generate --path "$DIST/groupme-$host.json" --meta setup \
            --config "$OTHER/python-client-$host.yaml" --output-path "$clients/groupme-$host" \
            --overwrite --fail-on-warning
        pip install --quiet --require-virtualenv --no-deps --no-build-isolation --force-reinstall \
            "$clients/groupme-$host"
    done
    pip check
    part "smoke.py against the fake server"
    start_fake
    python "$OTHER/smoke.py"
    stop_fake
}

step_typescript() {
    local host
    cp "$OTHER/smoke.ts" "$OTHER/tsconfig.json" "$TS_DIR/"
    rm -rf "$TS_DIR/generated" "$TS_DIR/build"
    for host in "${HOSTS[@]}"; do
        part "openapi-typescript: $DIST/groupme-$host.yaml -> generated/groupme-$host.ts"
        "$TS_DIR/node_modules/.bin/openapi-typescript" "$DIST/groupme-$host.yaml" \
            --output "$TS_DIR/generated/groupme-$host.ts"
    done
    part "tsc --strict"
    (cd "$TS_DIR" && node_modules/.bin/tsc --project tsconfig.json --strict)
    part "smoke.ts against the fake server"
    start_fake
    node "$TS_DIR/build/smoke.js"
    stop_fake
}

step_groupy() {
    local venv=$TOOLS/groupy-venv
    if ! cmp -s .ci/groupy-requirements.txt "$venv/.installed-requirements.txt"; then
        rm -rf "$venv"
        "$PYTHON" -m venv --without-pip "$venv"
        "$PYTHON" -m pip --python "$venv/bin/python" install --quiet --no-deps \
            -r .ci/groupy-requirements.txt
        cp .ci/groupy-requirements.txt "$venv/.installed-requirements.txt"
    fi
    part "groupy_smoke.py against the fake server"
    start_fake
    "$venv/bin/python" "$OTHER/groupy_smoke.py"
    stop_fake
}

step_schemathesis() {
    local host url
    start_fake
    for host in "${HOSTS[@]}"; do
        url=GROUPME_${host^^}_URL
        part "schemathesis: $DIST/groupme-$host.json against ${!url}"
        schemathesis --config-file .ci/schemathesis.toml run "$DIST/groupme-$host.json" --url "${!url}"
    done
    # The fake serves the media hosts on the same port, under /image, /file
    # and /video.
    for host in "${MEDIA_HOSTS[@]}"; do
        url=${GROUPME_V3_URL%/v3}/$host
        part "schemathesis: $DIST/groupme-$host.json against $url"
        schemathesis --config-file .ci/schemathesis.toml run "$DIST/groupme-$host.json" --url "$url"
    done
    stop_fake
}

finish() {
    local status=$?
    stop_fake
    if ((${#TIMINGS[@]})); then
        header "timings"
        printf '%s\n' "${TIMINGS[@]}"
    fi
    if ((status != 0)); then
        echo "FAILED in step '${CURRENT_STEP:-setup}' (exit status $status)" >&2
    fi
    exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

run_step() {
    local step=$1 started
    CURRENT_STEP=$step
    header "$step"
    started=$(date +%s%N)
    "step_$step"
    TIMINGS+=("$(printf '%-13s %6.1f s' "$step" "$(( ($(date +%s%N) - started) / 1000000 ))e-3")")
}

main() {
    local wanted=("$@") step
    if ((${#wanted[@]} == 0)); then
        wanted=("${ALL_STEPS[@]}")
    fi
    for step in "${wanted[@]}"; do
        if ! declare -F "step_$step" >/dev/null; then
            echo "unknown step '$step'; steps: ${ALL_STEPS[*]}" >&2
            exit 2
        fi
    done
    for step in "${ALL_STEPS[@]}"; do
        if [[ $step == tools || $step == publish || " ${wanted[*]} " == *" $step "* ]]; then
            run_step "$step"
        fi
    done
    header "all done"
}

main "$@"
