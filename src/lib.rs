//! confsim: a conference state-machine lab for UCMA / Lync conferencing.
//!
//! [`core`] is the deterministic simulation (native and wasm); the `confsim` binary runs
//! scenarios from the command line.

pub mod core;

#[cfg(all(feature = "app", target_arch = "wasm32"))]
pub mod app;
