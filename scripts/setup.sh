#!/usr/bin/env bash
# Installs everything the hub needs on a fresh machine: npm packages (with the node@24 runtime),
# FerretDB v1.24.2 (built with Go when no binary is found), redis-server (apt), the steward console
# (web/: its npm packages and its build in web/dist) and Chromium for the console's e2e test (apt).
# Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

FERRETDB_VERSION=v1.24.2
log() { printf '[setup] %s\n' "$*"; }

# 1. npm packages. The node@24 package puts a Node 24 binary in node_modules/.bin for every npm script.
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  # `npm install`, not `npm ci`: npm omits other platforms' optional packages from the lock file
  # (npm/cli#4828), which `npm ci` then rejects. The lock file still pins every version installed.
  npm install --no-audit --no-fund
fi
if ! node_modules/.bin/node --version | grep -q '^v24\.'; then
  log "node@24 binary missing; running its installer"
  npm rebuild node
fi
log "node $(node_modules/.bin/node --version) (from node_modules/.bin)"

# 2. FerretDB. `go install …@v1.24.2` cannot be used as is: the module proxy refuses the version list
# that `go install` asks for, and a module build panics without build/version/version.txt. So: download
# the module at the exact version, add version.txt, and build its own cmd with its own go.sum.
gobin="$(go env GOBIN 2>/dev/null || true)"
[ -n "$gobin" ] || gobin="$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin"
if command -v ferretdb >/dev/null 2>&1 || [ -x "$gobin/ferretdb" ]; then
  log "ferretdb present: $(command -v ferretdb || echo "$gobin/ferretdb")"
else
  command -v go >/dev/null 2>&1 || { echo "[setup] Go is required to build FerretDB (apt-get install golang-go)" >&2; exit 1; }
  log "building FerretDB $FERRETDB_VERSION with $(go version)"
  moddir="$(GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  build="$(mktemp -d)"
  cp -r "$moddir/." "$build/"
  chmod -R u+w "$build"
  echo "$FERRETDB_VERSION" > "$build/build/version/version.txt"
  mkdir -p "$gobin"
  (cd "$build" && go build -o "$gobin/ferretdb" ./cmd/ferretdb)
  rm -rf "$build"
  log "ferretdb installed at $gobin/ferretdb"
fi

# 3. redis-server.
if command -v redis-server >/dev/null 2>&1; then
  log "redis-server present: $(command -v redis-server)"
else
  log "installing redis-server with apt"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi

# 4. The steward console (web/), served by the hub at /. Built again only when a source is newer than the build.
export PATH="$PWD/node_modules/.bin:$PATH"
if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  log "installing the console's npm packages"
  (cd web && npm install --no-audit --no-fund)
fi
if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/vite.config.ts web/package-lock.json -newer web/dist/index.html -print -quit)" ]; then
  log "building the console (web/dist)"
  npm --prefix web run build
else
  log "console build is current: web/dist"
fi

# 5. Chromium, which the console's end-to-end test drives headless (playwright-core never downloads a browser).
if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then
  log "chromium present: $(command -v chromium || echo /usr/bin/chromium)"
else
  log "installing chromium with apt"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# A CJK font, or the e2e screenshots of a Chinese console show empty boxes.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  log "installing a CJK font (fonts-wqy-microhei) with apt"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-wqy-microhei >/dev/null
fi
log "done"
