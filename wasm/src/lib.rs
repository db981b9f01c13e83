//! redlet-wasm: the core engine exported to JavaScript for the browser playground.
//!
//! *API boundary*: one exported struct, [`Playground`], wrapping a [`Server`] and the
//! simulated clients the page shows. It holds no command semantics (DESIGN.md invariant 2):
//! bytes go into `Server::feed`, bytes come out of `Server::poll_output`.
//!
//! How replies reach JavaScript:
//! - `send(client, bytes)` returns a `Promise<Uint8Array>` of everything that client receives
//!   in answer. It settles at once unless the client is left blocked (BLPOP on an empty list,
//!   XREAD BLOCK): then it stays pending until another client's write serves it (inside that
//!   client's `send`) or its deadline passes (inside `tick`).
//! - Output that answers no pending request (a pub/sub message, a push) goes to the callback
//!   given to `onPush` as `(clientId, Uint8Array)`; a close goes to it as `(clientId, null)`.
//!
//! Time: the page calls `tick(Date.now())`, and schedules the next tick at `pollTimeout()`.
//! Commands run at the time of the last tick, so tests drive virtual time deterministically.
//!
//! Exported items carry `skip_jsdoc`, so wasm-bindgen generates no `@param` / `@returns`
//! lines; the doc comments it still copies into the JS glue are stripped by
//! `cargo xtask build-wasm` (~1.6 KB gzipped of the page's download).

mod inspect;
mod js;
mod json;
pub mod workload;

pub use js::{Function, Promise};
use json::Json;
use redlet_core::commands::docs_model;
use redlet_core::keyspace::Db;
use redlet_core::{frame, rdb, resp, ClientId, Config, Millis, Output, Server};
use wasm_bindgen::prelude::*;

/// The engine's version string (the Redis version it is compatible with).
#[wasm_bindgen(skip_jsdoc, js_name = version)]
pub fn version() -> String {
    Config::default().redis_version
}

/// One simulated client as the playground tracks it.
struct Slot {
    /// The playground's number for the client (what the API calls `client`).
    n: u32,
    id: ClientId,
    /// The promise resolver of the request being answered, with the bytes gathered so far.
    pending: Option<(Function, Vec<u8>)>,
    closed: bool,
}

/// The engine plus its simulated clients.
#[wasm_bindgen]
pub struct Playground {
    server: Server,
    now: Millis,
    /// In increasing `n` (numbers are handed out in order).
    clients: Vec<Slot>,
    next_client: u32,
    on_push: Option<Function>,
}

/// Turns any displayable error into a JS `Error`.
fn js_error(e: impl std::fmt::Display) -> JsValue {
    js::JsError::new(&e.to_string()).into()
}

/// COMMAND-table entry `c` as `{name, summary, syntax, arity, group, since, flags,
/// subcommands}`.
fn command_json(j: &mut Json, c: &redlet_core::commands::CommandSpec) {
    j.obj()
        .field_str("name", c.name)
        .field_str("summary", c.summary)
        .field_str("syntax", c.syntax)
        .field_int("arity", i64::from(c.arity))
        .field_str("group", c.group.name())
        .field_str("since", c.since);
    j.key("flags").arr();
    for (bit, name) in redlet_core::commands::flags::NAMES {
        if c.has(*bit) {
            j.str(name);
        }
    }
    j.end_arr().key("subcommands").arr();
    for s in c.subcommands {
        command_json(j, s);
    }
    j.end_arr().end_obj();
}

#[wasm_bindgen]
impl Playground {
    /// A fresh engine (16 empty databases, no clients) at time `nowMs` (Unix ms).
    #[wasm_bindgen(skip_jsdoc, constructor)]
    pub fn new(now_ms: f64) -> Playground {
        let now = now_ms.max(0.0) as Millis;
        let config = Config {
            tcp_port: 0,
            ..Config::default()
        };
        let mut server = Server::new(config);
        server.set_start_time(now);
        Playground {
            server,
            now,
            clients: Vec::new(),
            next_client: 1,
            on_push: None,
        }
    }

    /// Sets the callback receiving `(clientId, bytes)` for output that answers no pending
    /// request (pub/sub messages), and `(clientId, null)` when a client is closed.
    #[wasm_bindgen(skip_jsdoc, js_name = onPush)]
    pub fn on_push(&mut self, callback: Function) {
        self.on_push = Some(callback);
    }

    /// Connects a new client (RESP2, database 0) and returns its playground id.
    #[wasm_bindgen(skip_jsdoc, js_name = addClient)]
    pub fn add_client(&mut self) -> u32 {
        let id = self.server.connect_from(self.now, "127.0.0.1:0", "browser");
        let n = self.next_client;
        self.next_client += 1;
        self.clients.push(Slot {
            n,
            id,
            pending: None,
            closed: false,
        });
        self.drain();
        n
    }

    /// Disconnects client `client` (a pending request stays unsettled and is dropped).
    #[wasm_bindgen(skip_jsdoc, js_name = removeClient)]
    pub fn remove_client(&mut self, client: u32) {
        if let Some(i) = self.clients.iter().position(|s| s.n == client) {
            let slot = self.clients.remove(i);
            self.server.disconnect(slot.id, self.now);
            self.drain();
        }
    }

    /// Whether `client` exists and has not been closed by the server (QUIT, protocol error).
    #[wasm_bindgen(skip_jsdoc, js_name = isOpen)]
    pub fn is_open(&self, client: u32) -> bool {
        self.slot(client).is_some_and(|s| !s.closed)
    }

    /// Sends raw bytes (RESP or inline) from `client`. Resolves with the bytes the client
    /// receives in answer; stays pending while the client is blocked. Rejects if the client
    /// is unknown, closed, or still waiting for a blocked reply (like redis-cli, one request
    /// at a time).
    #[wasm_bindgen(skip_jsdoc)]
    pub fn send(&mut self, client: u32, bytes: &[u8]) -> Result<Promise, JsValue> {
        let slot = self
            .slot(client)
            .ok_or_else(|| js_error(format!("no client {client}")))?;
        if slot.closed {
            return Err(js_error(format!("client {client} is closed")));
        }
        if slot.pending.is_some() {
            return Err(js_error(format!("client {client} is blocked")));
        }
        let id = slot.id;
        let mut resolver = None;
        let promise = Promise::new(&mut |resolve, _reject| resolver = Some(resolve));
        let resolve = resolver.ok_or_else(|| js_error("Promise executor did not run"))?;
        if let Some(slot) = self.clients.iter_mut().find(|s| s.n == client) {
            slot.pending = Some((resolve, Vec::new()));
        }
        self.server.feed(id, bytes, self.now);
        self.drain();
        Ok(promise)
    }

    /// Sets the clock to `nowMs` and runs what is due: key expiry, blocked clients' timeouts
    /// (their promises resolve with the null reply).
    #[wasm_bindgen(skip_jsdoc)]
    pub fn tick(&mut self, now_ms: f64) {
        self.now = self.now.max(now_ms.max(0.0) as Millis);
        self.server.handle_timeout(self.now);
        self.drain();
    }

    /// When `tick` must run next (Unix ms), or `undefined` when nothing is scheduled.
    #[wasm_bindgen(skip_jsdoc, js_name = pollTimeout)]
    pub fn poll_timeout(&self) -> Option<f64> {
        self.server.poll_timeout().map(|t| t as f64)
    }

    /// The time of the last tick (Unix ms).
    #[wasm_bindgen(skip_jsdoc)]
    pub fn now(&self) -> f64 {
        self.now as f64
    }

    /// If `client` is blocked: `{command, keys, since, deadline}` (deadline `null` = forever).
    #[wasm_bindgen(skip_jsdoc, js_name = blockedInfo)]
    pub fn blocked_info(&self, client: u32) -> JsValue {
        let Some(slot) = self.slot(client) else {
            return JsValue::NULL;
        };
        let Some(p) = self.server.state().waiters.get(slot.id) else {
            return JsValue::NULL;
        };
        let words: Vec<String> = p
            .args
            .iter()
            .map(|a| {
                let s = String::from_utf8_lossy(a);
                if s.is_empty() || s.contains([' ', '"', '\'']) {
                    frame::quote(a)
                } else {
                    s.into_owned()
                }
            })
            .collect();
        let mut j = Json::new();
        j.obj().field_str("command", &words.join(" "));
        j.key("keys").arr();
        for k in &p.keys {
            j.str(&String::from_utf8_lossy(k));
        }
        j.end_arr()
            .field_int("since", p.since as i64)
            .key("deadline");
        match p.deadline {
            Some(d) => j.int(d as i64),
            None => j.null(),
        };
        j.end_obj().to_js()
    }

    /// The keys of database `db` for the inspector: `[{key, type, ttl, size, preview}]`
    /// sorted by key, at most `limit` of them (`ttl` in ms, -1 = persistent).
    #[wasm_bindgen(skip_jsdoc)]
    pub fn keyspace(&self, db: usize, limit: usize) -> JsValue {
        let Some(d) = self.server.state().dbs.get(db) else {
            return js::json_parse("[]");
        };
        let mut j = Json::new();
        j.arr();
        for k in inspect::snapshot(d, self.now, limit) {
            j.obj()
                .field_str("key", &k.key)
                .field_str("type", k.kind)
                .field_int("ttl", k.ttl)
                .field_int("size", k.size as i64)
                .field_str("preview", &k.preview)
                .end_obj();
        }
        j.end_arr().to_js()
    }

    /// Commands that rebuild the whole dataset, one per line (redis-cli quoting).
    #[wasm_bindgen(skip_jsdoc, js_name = exportDataset)]
    pub fn export_dataset(&self) -> String {
        inspect::export(&self.server.state().dbs, self.now)
    }

    /// The whole dataset as a Redis 7.0 `dump.rdb` (RDB version 10, header `REDIS0010`):
    /// what SAVE would write at the time of the last tick; redis-server 7.0 loads it.
    #[wasm_bindgen(skip_jsdoc, js_name = dumpRdb)]
    pub fn dump_rdb(&self) -> Vec<u8> {
        let dbs = &self.server.state().dbs;
        let used = redlet_core::commands::server::used_memory(dbs);
        let aux = rdb::default_aux(self.now / 1000, used);
        rdb::encode(&rdb::snapshot_of(dbs, self.now, aux))
    }

    /// Replaces the dataset with the contents of an RDB file (Redis 7.0 or 7.2, or one from
    /// [`dumpRdb`]): `{loaded, expired}` key counts. On a corrupt or unsupported file it
    /// throws the reason and the current data stays as it was. WATCHed keys of the replaced
    /// databases count as modified, as after FLUSHALL.
    #[wasm_bindgen(skip_jsdoc, js_name = loadRdb)]
    pub fn load_rdb(&mut self, bytes: &[u8]) -> Result<JsValue, JsValue> {
        let snapshot = rdb::decode(bytes).map_err(js_error)?;
        let state = self.server.state_mut();
        let mut fresh: Vec<Db> = (0..state.dbs.len()).map(|_| Db::new()).collect();
        let (loaded, expired) =
            rdb::load_into(snapshot, &mut fresh, self.now, &state.config).map_err(js_error)?;
        for db in 0..fresh.len() {
            state.touch_all_watched_in_db(db, None, self.now);
        }
        state.dbs = fresh;
        state.dirty += loaded as u64;
        self.drain();
        Ok(Json::new()
            .obj()
            .field_int("loaded", loaded as i64)
            .field_int("expired", expired as i64)
            .end_obj()
            .to_js())
    }

    /// Redis 7.0's documentation of a command (`get`, `client setname`): `{name, summary,
    /// syntax, since, group, complexity}`, or `null` when the engine does not implement it.
    #[wasm_bindgen(skip_jsdoc)]
    pub fn help(&self, name: &str) -> JsValue {
        let Some(h) = docs_model::help(name) else {
            return JsValue::NULL;
        };
        Json::new()
            .obj()
            .field_str("name", &h.name)
            .field_str("summary", h.summary)
            .field_str("syntax", &h.syntax)
            .field_str("since", h.since)
            .field_str("group", h.group)
            .field_str("complexity", h.complexity)
            .end_obj()
            .to_js()
    }

    /// The commands the engine knows: `[{name, summary, syntax, arity, group, since, flags,
    /// subcommands}]`, for help and autocomplete.
    #[wasm_bindgen(skip_jsdoc)]
    pub fn commands(&self) -> JsValue {
        let mut j = Json::new();
        j.arr();
        for c in redlet_core::commands::table() {
            command_json(&mut j, c);
        }
        j.end_arr().to_js()
    }
}

/// Runs the engine throughput workload ([`workload::run`], the loop the native
/// `throughput` example runs) inside wasm: `[single, batched]` commands per second (whole
/// numbers, in a plain array). `clock` returns milliseconds (`() => performance.now()`).
#[wasm_bindgen(skip_jsdoc, js_name = benchCore)]
pub fn bench_core(commands: u32, clock: &Function) -> JsValue {
    let mut seconds = || clock.call_f64(&JsValue::UNDEFINED).unwrap_or(0.0) / 1000.0;
    let r = workload::run(commands as usize, &mut seconds);
    // Integers through the JSON writer: a `Vec<f64>` return needs glue of its own.
    Json::new()
        .arr()
        .int(r.single.round() as i64)
        .int(r.batched.round() as i64)
        .end_arr()
        .to_js()
}

/// Encodes a command line as redis-cli would send it: split like `sdssplitargs`, then a RESP
/// array of bulk strings. Throws on unbalanced quotes.
#[wasm_bindgen(skip_jsdoc, js_name = encodeCommand)]
pub fn encode_command(line: &str) -> Result<Vec<u8>, JsValue> {
    let args = resp::split_args(line.as_bytes()).ok_or_else(|| js_error("Invalid argument(s)"))?;
    if args.is_empty() {
        return Ok(Vec::new());
    }
    Ok(frame::encode_command(&args))
}

/// Renders reply bytes as redis-cli does: `{replies, used, error}`.
#[wasm_bindgen(skip_jsdoc, js_name = renderReplies)]
pub fn render_replies(bytes: &[u8]) -> JsValue {
    let mut j = Json::new();
    j.obj().key("replies").arr();
    let mut used = 0;
    let mut error = None;
    while used < bytes.len() {
        match frame::decode(&bytes[used..]) {
            Ok(Some((f, n))) => {
                j.str(&frame::render(&f));
                used += n;
            }
            Ok(None) => break,
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    j.end_arr().field_int("used", used as i64).key("error");
    match &error {
        Some(e) => j.str(e),
        None => j.null(),
    };
    j.end_obj().to_js()
}

/// Annotates RESP bytes (a request or a reply): `[{start, end, kind, resp, depth, note}]`
/// covering every byte in order. `kind` is type | length | payload | crlf | inline |
/// incomplete | invalid.
#[wasm_bindgen(skip_jsdoc, js_name = explain)]
pub fn explain(bytes: &[u8]) -> JsValue {
    let mut j = Json::new();
    j.arr();
    for p in redlet_core::explain::explain(bytes) {
        j.obj()
            .field_int("start", p.range.start as i64)
            .field_int("end", p.range.end as i64)
            .field_str("kind", p.kind.name())
            .field_str("resp", p.resp)
            .field_int("depth", p.depth as i64)
            .field_str("note", &p.note)
            .end_obj();
    }
    j.end_arr().to_js()
}

/// Rust-only helpers.
impl Playground {
    /// The slot of playground client `n`.
    fn slot(&self, n: u32) -> Option<&Slot> {
        self.clients.iter().find(|s| s.n == n)
    }

    fn slot_of(&mut self, id: ClientId) -> Option<(u32, &mut Slot)> {
        self.clients
            .iter_mut()
            .find(|s| s.id == id)
            .map(|s| (s.n, s))
    }

    /// Routes all engine output, then settles every pending request whose client is no longer
    /// blocked (the sender, or a client a write just served).
    fn drain(&mut self) {
        let mut pushes: Vec<(u32, Option<Vec<u8>>)> = Vec::new();
        while let Some((id, out)) = self.server.poll_output() {
            let Some((n, slot)) = self.slot_of(id) else {
                continue;
            };
            match out {
                Output::Write(bytes) => match &mut slot.pending {
                    Some((_, buf)) => buf.extend_from_slice(&bytes),
                    None => pushes.push((n, Some(bytes))),
                },
                Output::Close => {
                    slot.closed = true;
                    pushes.push((n, None));
                }
            }
        }
        let mut settled = Vec::new();
        for slot in &mut self.clients {
            let parked = self.server.state().waiters.is_parked(slot.id);
            if slot.closed || !parked {
                if let Some(p) = slot.pending.take() {
                    settled.push(p);
                }
            }
        }
        for (resolve, bytes) in settled {
            let _ = resolve.call_bytes(&JsValue::UNDEFINED, bytes);
        }
        if let Some(cb) = &self.on_push {
            for (n, bytes) in pushes {
                let _ = match bytes {
                    Some(b) => cb.call_push(&JsValue::UNDEFINED, n, b),
                    None => cb.call_value(&JsValue::UNDEFINED, n, &JsValue::NULL),
                };
            }
        }
    }
}
