//! redlet-wasm: the core engine exported to JavaScript (filled in by the playground work).

use wasm_bindgen::prelude::*;

/// The engine's version string.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    redlet_core::Config::default().redis_version
}
