# Sourced by the other scripts: installs what they need, once, on a fresh machine.
# Versions are pinned here and nowhere else.

ensure_rust() {
  command -v rustup >/dev/null || { echo "rustup is required (https://rustup.rs)" >&2; return 1; }
  # rust-toolchain.toml pins the toolchain and the wasm32 target; make sure both are installed.
  rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
  rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
}
