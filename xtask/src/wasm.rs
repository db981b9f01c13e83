//! `cargo xtask build-wasm` — provided by the playground work (placeholder until merged).

use std::path::Path;

use crate::Result;

/// Builds the wasm engine and its JS glue into `www/pkg/`.
pub fn build_wasm(_root: &Path, _release: bool) -> Result {
    Err("build-wasm is not available yet".into())
}
