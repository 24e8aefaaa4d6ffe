# Sourced by the other scripts: installs what they need, once, on a fresh machine.
# The pinned versions live here (and in package.json / Cargo.lock) and nowhere else.

TRUNK_VERSION=0.21.14
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The pinned tools (trunk, wasm-bindgen) are installed into ~/.cargo/bin even when CARGO_HOME
# points elsewhere (CI runs with an empty, temporary CARGO_HOME to catch missing fetch steps).
TOOLS_ROOT="$HOME/.cargo"
export PATH="$ROOT/node_modules/.bin:$TOOLS_ROOT/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_rust() {
  command -v rustup >/dev/null || { echo "rustup is required (https://rustup.rs)" >&2; return 1; }
  # rust-toolchain.toml pins the toolchain and the wasm32 target; make sure both are installed.
  (cd "$ROOT" && { rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install; })
  (cd "$ROOT" && rustup target list --installed | grep -q wasm32-unknown-unknown) \
    || (cd "$ROOT" && rustup target add wasm32-unknown-unknown)
}

# `cargo test` downloads only what the host build needs, and Trunk builds offline: fetch every
# crate in Cargo.lock for every target (wasm32's yew, web-sys, gloo... included) beforehand.
ensure_crates() {
  say "fetching the crates in Cargo.lock for every target (downloads only what is missing)"
  (cd "$ROOT" && cargo fetch --locked)
}

# wasm-opt (npm binaryen) and Playwright, exactly as package-lock.json pins them.
ensure_node_tools() {
  command -v npm >/dev/null || { echo "node and npm are required" >&2; return 1; }
  if ! cmp -s "$ROOT/package-lock.json" "$ROOT/node_modules/.package-lock.json.installed" 2>/dev/null; then
    say "installing pinned npm tools (binaryen, playwright-core)"
    (cd "$ROOT" && npm ci --no-audit --no-fund >&2) && cp "$ROOT/package-lock.json" "$ROOT/node_modules/.package-lock.json.installed"
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (several minutes, once)"
    cargo install --root "$TOOLS_ROOT" trunk --version "$TRUNK_VERSION" --locked
  fi
}

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock.
ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    say "installing wasm-bindgen-cli $want (a few minutes, once)"
    # Without --locked: its lockfile names a crate version the registry here lacks.
    cargo install --root "$TOOLS_ROOT" wasm-bindgen-cli --version "$want"
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Chromium and ChromeDriver from Debian"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -q && $sudo apt-get install -y -q chromium chromium-driver >&2
  fi
}

ensure_app_tools() {
  ensure_rust && ensure_crates && ensure_node_tools && ensure_trunk && ensure_wasm_bindgen
}

# The release build of the browser lab, in dist/.
build_app() {
  say "building the browser lab (release)"
  (cd "$ROOT" && trunk build --release)
}
