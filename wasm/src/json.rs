//! JSON text for the structured values the API returns, turned into JS values by one
//! `JSON.parse`.
//!
//! Hand-written instead of serde + serde-wasm-bindgen: those generate serialization code
//! per type and per field, and a call into JS per value; here every value is one string
//! built in Rust and one call. Invariant: the writer inserts the commas itself (a value
//! after `{`, `[` or `:` needs none), so callers only open, name and close.

use std::fmt::Write;

use wasm_bindgen::JsValue;

/// A JSON document being written.
#[derive(Default)]
pub struct Json {
    out: String,
}

impl Json {
    /// An empty document (write exactly one value into it).
    pub fn new() -> Json {
        Json::default()
    }

    /// The comma a new value or key needs after the previous one.
    fn sep(&mut self) {
        if !matches!(self.out.as_bytes().last(), None | Some(b'{' | b'[' | b':')) {
            self.out.push(',');
        }
    }

    /// Opens an object: `{`.
    pub fn obj(&mut self) -> &mut Self {
        self.sep();
        self.out.push('{');
        self
    }

    /// Opens an array: `[`.
    pub fn arr(&mut self) -> &mut Self {
        self.sep();
        self.out.push('[');
        self
    }

    /// Closes the innermost object.
    pub fn end_obj(&mut self) -> &mut Self {
        self.out.push('}');
        self
    }

    /// Closes the innermost array.
    pub fn end_arr(&mut self) -> &mut Self {
        self.out.push(']');
        self
    }

    /// The name of the next member of an object.
    pub fn key(&mut self, k: &str) -> &mut Self {
        self.str(k);
        self.out.push(':');
        self
    }

    /// A string value, escaped.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.sep();
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                c if u32::from(c) < 0x20 => {
                    let _ = write!(self.out, "\\u{:04x}", u32::from(c));
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
        self
    }

    /// An integer value (exact in a JS number below 2^53, as every count and time here is).
    pub fn int(&mut self, n: i64) -> &mut Self {
        self.sep();
        let _ = write!(self.out, "{n}");
        self
    }

    /// `null`.
    pub fn null(&mut self) -> &mut Self {
        self.sep();
        self.out.push_str("null");
        self
    }

    /// `key: "s"`.
    pub fn field_str(&mut self, k: &str, s: &str) -> &mut Self {
        self.key(k).str(s)
    }

    /// `key: n`.
    pub fn field_int(&mut self, k: &str, n: i64) -> &mut Self {
        self.key(k).int(n)
    }

    /// The document as a JS value (`JSON.parse` of the text).
    pub fn to_js(&self) -> JsValue {
        crate::js::json_parse(&self.out)
    }
}
