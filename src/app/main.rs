//! The browser lab's entry point (built by Trunk for wasm32 with `--features app`).

#[cfg(target_arch = "wasm32")]
fn main() {
    confsim::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("confsim-app runs in a browser: ./scripts/serve.sh builds and serves it.");
}
