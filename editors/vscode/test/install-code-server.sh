#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3) and puppeteer-core from package-lock.json without
# letting any install script reach the internet: code-server's own postinstall downloads ripgrep,
# so its steps are done here by hand with Debian's /usr/bin/rg (see shared docs/real-clients.md).
# Idempotent: a finished install leaves a stamp and is skipped next time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
stamp="node_modules/.revlint-code-server-ready"
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$lock_sum" ]]; then
    echo "code-server: already installed ($(node_modules/.bin/code-server --version 2>/dev/null | head -1))"
    exit 0
fi

for tool in rg node npm; do
    command -v "$tool" >/dev/null || { echo "install-code-server: '$tool' is missing" >&2; exit 1; }
done

export PUPPETEER_SKIP_DOWNLOAD=1 npm_config_yes=true npm_config_audit=false npm_config_fund=false
npm ci --ignore-scripts

vscode_dir="node_modules/code-server/lib/vscode"
(
    cd "$vscode_dir"
    npm install --omit=dev --ignore-scripts
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
    npm rebuild
    ln -sfn node_modules node_modules.asar
    ln -sfn code-linux.sh bin/remote-cli/code-server
    ln -sfn browser-linux.sh bin/helpers/browser.sh
    (cd extensions && npm install --omit=dev)
)
npm rebuild argon2

echo "$lock_sum" >"$stamp"
echo "code-server: installed ($(node_modules/.bin/code-server --version | head -1))"
