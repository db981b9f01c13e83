//! The few JavaScript built-ins the API uses, imported directly instead of through js-sys:
//! js-sys exports a descriptor for every binding it has, and the closure shims those
//! descriptors reference stay in the module's function table after wasm-bindgen has read
//! them, dead weight in the download. Bytes go to JS as `Vec<u8>` arguments, which the glue
//! copies into a fresh `Uint8Array`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A JavaScript function (the callbacks the page passes in).
    #[wasm_bindgen(typescript_type = "Function")]
    pub type Function;

    /// `f.call(ctx)`, as a number (the benchmark's clock).
    #[wasm_bindgen(method, catch, js_name = call)]
    pub(crate) fn call_f64(this: &Function, ctx: &JsValue) -> Result<f64, JsValue>;

    /// `f.call(ctx, new Uint8Array(bytes))`.
    #[wasm_bindgen(method, catch, js_name = call)]
    pub(crate) fn call_bytes(
        this: &Function,
        ctx: &JsValue,
        bytes: Vec<u8>,
    ) -> Result<JsValue, JsValue>;

    /// `f.call(ctx, client, new Uint8Array(bytes))`.
    #[wasm_bindgen(method, catch, js_name = call)]
    pub(crate) fn call_push(
        this: &Function,
        ctx: &JsValue,
        client: u32,
        bytes: Vec<u8>,
    ) -> Result<JsValue, JsValue>;

    /// `f.call(ctx, client, value)`.
    #[wasm_bindgen(method, catch, js_name = call)]
    pub(crate) fn call_value(
        this: &Function,
        ctx: &JsValue,
        client: u32,
        value: &JsValue,
    ) -> Result<JsValue, JsValue>;

    /// A JavaScript `Promise` (here always of a `Uint8Array`).
    #[wasm_bindgen(typescript_type = "Promise<Uint8Array>")]
    pub type Promise;

    /// `new Promise(executor)`: runs `executor(resolve, reject)` before returning.
    #[wasm_bindgen(constructor, js_class = "Promise")]
    pub(crate) fn new(executor: &mut dyn FnMut(Function, JsValue)) -> Promise;

    /// `JSON.parse(text)`; only ever given the [`crate::json::Json`] writer's output, which
    /// is valid JSON, so it does not throw (and needs no `catch` glue).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    pub(crate) fn json_parse(text: &str) -> JsValue;

    /// A JavaScript `Error`.
    #[wasm_bindgen(js_name = Error)]
    pub(crate) type JsError;

    /// `new Error(message)`.
    #[wasm_bindgen(constructor, js_class = "Error")]
    pub(crate) fn new(message: &str) -> JsError;
}
