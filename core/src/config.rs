//! Engine configuration: limits and tunables that core enforces so both runtimes get them,
//! and the registry of Redis's configuration parameters (CONFIG GET / SET, redis.conf).
//!
//! Names follow redis.conf. The runtime (native server, wasm) builds a `Config`, possibly from
//! a file or flags ([`Config::set_param`]), and hands it to [`crate::Server::new`]; CONFIG
//! SET changes it at run time ([`Config::config_set`]).
//!
//! Every parameter Redis 7.0 has is known (the generated table in `config_params.rs`: name,
//! alias, default, type, mutability). A few are *implemented*: they live in typed fields the
//! engine reads ([`IMPLEMENTED`]). The others are validated like Redis and kept as text in
//! `extra`, so CONFIG GET reports what was set; the engine does not act on them
//! ([`ParamStatus::Known`]: the native server warns when a file sets one).

use std::collections::BTreeMap;

use crate::config_params::PARAMS;
use crate::glob;

/// Tunables of the engine. `Default` gives Redis 7.0's defaults.
#[derive(Debug, Clone)]
pub struct Config {
    /// `databases`: number of logical databases (SELECT 0..n-1).
    pub databases: usize,
    /// `proto-max-bulk-len`: largest bulk string accepted in a request.
    pub proto_max_bulk_len: usize,
    /// `client-query-buffer-limit`: unparsed input above this closes the client.
    pub client_query_buffer_limit: usize,
    /// `maxclients`: connections above this are refused with an error.
    pub maxclients: usize,
    /// Seed of the deterministic RNG (RANDOMKEY, SPOP, SRANDMEMBER, active expiry sampling).
    pub seed: u64,
    /// `hz`: active expiry cycles per second.
    pub hz: u32,
    /// `list-max-listpack-size` (negative: size class in bytes, positive: entries).
    pub list_max_listpack_size: i64,
    /// `stream-node-max-entries`.
    pub stream_node_max_entries: i64,
    /// `stream-node-max-bytes`.
    pub stream_node_max_bytes: i64,
    /// Value `INFO server` reports as `redis_version` (the Redis version we are compatible with).
    pub redis_version: String,
    /// Runtime-provided facts reported by INFO (process id, TCP port, mode, executable...).
    pub process_id: u32,
    /// TCP port the runtime listens on (0 in the browser).
    pub tcp_port: u16,
    /// Other known parameters set away from their default (canonical name → value): accepted
    /// and reported by CONFIG GET, not acted upon by the engine.
    pub extra: BTreeMap<&'static str, String>,
    /// Absolute path of the configuration file the runtime loaded, if any (CONFIG REWRITE
    /// rewrites it; without one it answers Redis's "running without a config file").
    pub config_file: Option<String>,
    /// The `save` schedule parsed from its text (which `extra` keeps for CONFIG GET); set
    /// with it by [`Config::set_param`] / [`Config::config_set`]. Parsed once here because
    /// the runtime asks for the next save point after every batch of commands.
    pub save_points: Vec<SavePoint>,
}

/// One `save <seconds> <changes>` point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavePoint {
    /// Seconds since the last successful save.
    pub seconds: u64,
    /// Changes since the last successful save.
    pub changes: u64,
}

/// Parses a `save` value (`""` = no save points): pairs of integers, seconds then changes.
pub fn parse_save_points(text: &str) -> Vec<SavePoint> {
    let words: Vec<u64> = text
        .split_whitespace()
        .filter_map(|w| w.parse::<i64>().ok())
        .map(|n| n.max(0) as u64)
        .collect();
    words
        .chunks_exact(2)
        .map(|c| SavePoint {
            seconds: c[0],
            changes: c[1],
        })
        .collect()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            databases: 16,
            proto_max_bulk_len: 512 * 1024 * 1024,
            client_query_buffer_limit: 1024 * 1024 * 1024,
            maxclients: 10000,
            seed: 0x05ee_d1e7,
            hz: 10,
            list_max_listpack_size: -2,
            stream_node_max_entries: 100,
            stream_node_max_bytes: 4096,
            redis_version: "7.0.15".to_string(),
            process_id: 0,
            tcp_port: 6379,
            extra: BTreeMap::new(),
            config_file: None,
            save_points: parse_save_points(find_param("save").map_or("", |p| p.default)),
        }
    }
}

/// How CONFIG SET validates a parameter's value.
#[derive(Debug, Clone, Copy)]
pub enum ParamType {
    /// `yes` / `no`.
    Bool,
    /// A decimal integer within `[min, max]` (inclusive; a reference keeps each [`Param`]
    /// of the table small).
    Int(&'static [i64; 2]),
    /// A byte count with optional unit (`1gb`, `100mb`, `5k`), within `[min, max]`.
    Memory(&'static [i64; 2]),
    /// One of these words, case-insensitively (stored lower-case).
    Enum(&'static [&'static str]),
    /// Free text.
    Str,
    /// Structured text redlet does not parse (`save`, `client-output-buffer-limit`, ...):
    /// accepted as given, except that the empty value is refused with this message where it
    /// is invalid in Redis.
    Special(&'static str),
}

/// Whether CONFIG SET may change a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutability {
    /// Yes.
    Mutable,
    /// Only at startup: "can't set immutable config".
    Immutable,
    /// Only at startup unless `enable-protected-configs`: "can't set protected config".
    Protected,
}

/// One Redis configuration parameter.
#[derive(Debug)]
pub struct Param {
    /// Canonical name.
    pub name: &'static str,
    /// Old name Redis still accepts (`hash-max-ziplist-entries`).
    pub alias: Option<&'static str>,
    /// Redis 7.0's default, as CONFIG GET prints it.
    pub default: &'static str,
    /// Value type.
    pub ty: ParamType,
    /// Whether CONFIG SET may change it.
    pub mutability: Mutability,
}

/// Parameters the engine acts on (typed fields of [`Config`]); the runtime-owned `port` too.
pub const IMPLEMENTED: &[&str] = &[
    "client-query-buffer-limit",
    "databases",
    "dbfilename",
    "hash-max-listpack-entries",
    "hash-max-listpack-value",
    "hll-sparse-max-bytes",
    "hz",
    "lazyfree-lazy-expire",
    "list-max-listpack-size",
    "maxclients",
    "port",
    "proto-max-bulk-len",
    "rdbchecksum",
    "rdbcompression",
    "save",
    "set-max-intset-entries",
    "stream-node-max-bytes",
    "stream-node-max-entries",
    "zset-max-listpack-entries",
    "zset-max-listpack-value",
];

/// What redlet makes of a parameter name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStatus {
    /// A Redis parameter the engine acts on.
    Implemented,
    /// A Redis parameter redlet accepts and reports but does not act on (warn the user).
    Known,
    /// Not a Redis 7.0 parameter.
    Unknown,
}

/// The parameter called `name` (canonical or alias, case-insensitive).
pub fn find_param(name: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| {
        p.name.eq_ignore_ascii_case(name) || p.alias.is_some_and(|a| a.eq_ignore_ascii_case(name))
    })
}

/// Parses a memory value as Redis's `memtoull`: digits with an optional unit b, k, kb, m,
/// mb, g, gb (k = 1000, kb = 1024), case-insensitive.
pub fn parse_memory(s: &str) -> Option<i64> {
    let lower = s.to_ascii_lowercase();
    let digits_end = lower
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(lower.len());
    let (num, unit) = lower.split_at(digits_end);
    let mul: i64 = match unit {
        "" | "b" => 1,
        "k" => 1000,
        "kb" => 1024,
        "m" => 1000 * 1000,
        "mb" => 1024 * 1024,
        "g" => 1000 * 1000 * 1000,
        "gb" => 1024 * 1024 * 1024,
        _ => return None,
    };
    if num.is_empty() {
        return None;
    }
    num.parse::<i64>().ok()?.checked_mul(mul)
}

/// CONFIG SET's error for a parameter it refuses.
fn set_failed(name: &[u8], why: &str) -> String {
    [
        "ERR CONFIG SET failed (possibly related to argument '",
        &String::from_utf8_lossy(name),
        "') - ",
        why,
    ]
    .concat()
}

/// Validates `value` for `p`, returning the value as CONFIG GET will print it, or Redis's
/// message (the part after "... - ").
fn normalize(p: &Param, value: &str) -> Result<String, String> {
    let range = |n: i64, min: i64, max: i64| {
        if n < min || n > max {
            Err(format!(
                "argument must be between {min} and {max} inclusive"
            ))
        } else {
            Ok(n.to_string())
        }
    };
    match p.ty {
        ParamType::Bool => match value.to_ascii_lowercase().as_str() {
            "yes" => Ok("yes".into()),
            "no" => Ok("no".into()),
            _ => Err("argument must be 'yes' or 'no'".into()),
        },
        ParamType::Int(&[min, max]) => {
            let n = crate::resp::string2ll(value.as_bytes())
                .ok_or("argument couldn't be parsed into an integer")?;
            range(n, min, max)
        }
        ParamType::Memory(&[min, max]) => {
            let n = parse_memory(value).ok_or("argument must be a memory value")?;
            range(n, min, max)
        }
        ParamType::Enum(words) => {
            let lower = value.to_ascii_lowercase();
            if words.contains(&lower.as_str()) {
                Ok(lower)
            } else {
                Err(format!(
                    "argument(s) must be one of the following: {}",
                    words.join(", ")
                ))
            }
        }
        ParamType::Str => Ok(value.to_string()),
        ParamType::Special(msg) => {
            // `save ""` and `notify-keyspace-events ""` are valid; the multi-word
            // parameters are not empty.
            if p.name == "save" {
                // Pairs of integers: seconds and changes.
                let words: Vec<&str> = value.split_whitespace().collect();
                let ints = words
                    .iter()
                    .all(|w| crate::resp::string2ll(w.as_bytes()).is_some());
                if words.len() % 2 != 0 || !ints {
                    return Err(msg.to_string());
                }
            }
            let empty_ok = matches!(p.name, "save" | "notify-keyspace-events");
            if value.is_empty() && !empty_ok {
                Err(msg.to_string())
            } else {
                Ok(value.to_string())
            }
        }
    }
}

impl Config {
    /// A size parameter kept in `extra` (the encoding thresholds), or `default` when unset.
    pub fn extra_usize(&self, name: &str, default: usize) -> usize {
        self.extra
            .get(name)
            .and_then(|v| v.parse::<i64>().ok())
            .map_or(default, |n| n.max(0) as usize)
    }

    /// What redlet makes of parameter `name` (canonical or alias).
    pub fn param_status(name: &str) -> ParamStatus {
        match find_param(name) {
            Some(p) if IMPLEMENTED.contains(&p.name) => ParamStatus::Implemented,
            Some(_) => ParamStatus::Known,
            None => ParamStatus::Unknown,
        }
    }

    /// The current value of a known parameter, as CONFIG GET prints it.
    pub fn get_param(&self, p: &Param) -> String {
        // One integer formatting per signedness instead of one per field type.
        let n: u64 = match p.name {
            "client-query-buffer-limit" => self.client_query_buffer_limit as u64,
            "databases" => self.databases as u64,
            "hz" => u64::from(self.hz),
            "maxclients" => self.maxclients as u64,
            "port" => u64::from(self.tcp_port),
            "proto-max-bulk-len" => self.proto_max_bulk_len as u64,
            _ => {
                let signed = match p.name {
                    "list-max-listpack-size" => self.list_max_listpack_size,
                    "stream-node-max-bytes" => self.stream_node_max_bytes,
                    "stream-node-max-entries" => self.stream_node_max_entries,
                    _ => {
                        return self
                            .extra
                            .get(p.name)
                            .cloned()
                            .unwrap_or_else(|| p.default.to_string())
                    }
                };
                return signed.to_string();
            }
        };
        n.to_string()
    }

    /// Parameters matching any of the glob `patterns` (case-insensitive), names and aliases
    /// alike, with their values, sorted by name and without duplicates. A pattern without
    /// glob characters names one parameter and is reported as given, as Redis 7.0 does.
    pub fn get_params(&self, patterns: &[&[u8]]) -> Vec<(String, String)> {
        // Sorted and deduplicated at the end (a name always has the same value), rather than
        // a BTreeMap: one B-tree instantiation less in the playground's wasm.
        let mut found: Vec<(String, String)> = Vec::new();
        for pat in patterns {
            let is_glob = pat.iter().any(|b| matches!(b, b'*' | b'?' | b'['));
            if !is_glob {
                let name = String::from_utf8_lossy(pat).into_owned();
                if let Some(p) = find_param(&name) {
                    found.push((name, self.get_param(p)));
                }
                continue;
            }
            for p in PARAMS {
                for n in std::iter::once(p.name).chain(p.alias) {
                    if glob::matches(pat, n.as_bytes(), true) {
                        found.push((n.to_string(), self.get_param(p)));
                    }
                }
            }
        }
        crate::sort::sort_by(&mut found, |a, b| a.0.cmp(&b.0));
        found.dedup_by(|later, kept| later.0 == kept.0);
        found
    }

    /// CONFIG REWRITE's new file text from the `old` one, as Redis's `rewriteConfig`: every
    /// parameter line keeps its place and gets the current value (its later duplicates are
    /// dropped); comments, blank lines and other directives stay as they are; parameters that
    /// differ from Redis's default and were not in the file are appended after a
    /// `# Generated by CONFIG REWRITE` line.
    pub fn rewrite_file(&self, old: &str) -> String {
        // A few dozen names at most: a Vec (a BTreeSet would be one more instantiation of
        // the B-tree code in the playground's wasm, for a command it never runs).
        let mut done: Vec<&'static str> = Vec::new();
        let mut out: Vec<String> = Vec::new();
        let signature = "# Generated by CONFIG REWRITE";
        for line in old.lines() {
            if line.trim() == signature {
                continue;
            }
            let first = crate::resp::split_args(line.trim().as_bytes())
                .and_then(|a| a.into_iter().next())
                .filter(|_| !line.trim_start().starts_with('#'));
            let param =
                first.and_then(|n| find_param(&String::from_utf8_lossy(&n).to_ascii_lowercase()));
            match param {
                Some(p) if done.contains(&p.name) => {}
                Some(p) => {
                    done.push(p.name);
                    out.extend(self.param_lines(p));
                }
                None => out.push(line.to_string()),
            }
        }
        while out.last().is_some_and(|l| l.trim().is_empty()) {
            out.pop();
        }
        let mut added = false;
        for p in PARAMS {
            if done.contains(&p.name) || self.get_param(p) == p.default {
                continue;
            }
            if !added {
                out.push(String::new());
                out.push(signature.to_string());
                added = true;
            }
            out.extend(self.param_lines(p));
        }
        let mut text = out.join("\n");
        text.push('\n');
        text
    }

    /// The redis.conf lines that set `p` to its current value.
    fn param_lines(&self, p: &Param) -> Vec<String> {
        let mut value = self.get_param(p);
        if let (ParamType::Memory(_), Ok(n)) = (&p.ty, value.parse::<i64>()) {
            // Redis's rewriteConfigBytesOption: the largest exact binary unit.
            const G: i64 = 1 << 30;
            const M: i64 = 1 << 20;
            const K: i64 = 1 << 10;
            value = match n {
                0 => "0".to_string(),
                n if n % G == 0 => format!("{}gb", n / G),
                n if n % M == 0 => format!("{}mb", n / M),
                n if n % K == 0 => format!("{}kb", n / K),
                n => n.to_string(),
            };
        }
        if p.name == "save" {
            // One line per save point, as Redis writes them; `save ""` when there are none.
            let nums: Vec<&str> = value.split_whitespace().collect();
            if nums.is_empty() {
                return vec!["save \"\"".to_string()];
            }
            return nums
                .chunks(2)
                .map(|c| format!("save {}", c.join(" ")))
                .collect();
        }
        let needs_quotes = value.is_empty()
            || value.bytes().any(|b| {
                b == b'"' || b == b'\'' || b == b'\\' || !(b == b' ' || b.is_ascii_graphic())
            });
        if needs_quotes {
            vec![format!(
                "{} {}",
                p.name,
                crate::frame::quote(value.as_bytes())
            )]
        } else {
            vec![format!("{} {}", p.name, value)]
        }
    }

    /// Sets parameter `name` (canonical or alias) at startup (redis.conf line, `--name value`
    /// flag): immutable parameters are allowed. `value` is the directive's arguments joined by
    /// spaces. The error is Redis's reason (unknown name, invalid value).
    pub fn set_param(&mut self, name: &str, value: &str) -> Result<(), String> {
        let p = find_param(name)
            .ok_or_else(|| format!("Bad directive or wrong number of arguments - '{name}'"))?;
        let v = normalize(p, value)?;
        self.store(p, v);
        Ok(())
    }

    /// Writes a validated value.
    fn store(&mut self, p: &Param, v: String) {
        // `normalize` has checked the type and range, so these conversions succeed; a
        // failure leaves the field unchanged rather than panicking.
        // Parsed once here rather than in each arm (the text parameters just read as 0).
        let n = v.parse::<i64>().unwrap_or(0);
        match p.name {
            "client-query-buffer-limit" => self.client_query_buffer_limit = n as usize,
            "databases" => self.databases = n as usize,
            "hz" => self.hz = n.clamp(1, 500) as u32,
            "list-max-listpack-size" => self.list_max_listpack_size = n,
            "maxclients" => self.maxclients = n as usize,
            "port" => self.tcp_port = n as u16,
            "proto-max-bulk-len" => self.proto_max_bulk_len = n as usize,
            "stream-node-max-bytes" => self.stream_node_max_bytes = n,
            "stream-node-max-entries" => self.stream_node_max_entries = n,
            _ => {
                if p.name == "save" {
                    self.save_points = parse_save_points(&v);
                }
                if v == p.default {
                    self.extra.remove(p.name);
                } else {
                    self.extra.insert(p.name, v);
                }
            }
        }
    }

    /// CONFIG SET: sets every `(name, value)` pair or none. Errors are the full Redis
    /// error lines.
    pub fn config_set(&mut self, pairs: &[(&[u8], &[u8])]) -> Result<(), String> {
        let mut staged: Vec<(&'static Param, String)> = Vec::new();
        // Redis checks names (unknown, duplicate, immutable) before any value.
        for (name, _) in pairs {
            let failed = |why: &str| set_failed(name, why);
            let name = String::from_utf8_lossy(name);
            let p = find_param(&name).ok_or_else(|| {
                format!("ERR Unknown option or number of arguments for CONFIG SET - '{name}'")
            })?;
            match p.mutability {
                Mutability::Immutable => return Err(failed("can't set immutable config")),
                Mutability::Protected => return Err(failed("can't set protected config")),
                Mutability::Mutable => {}
            }
            if staged.iter().any(|(q, _)| std::ptr::eq(*q, p)) {
                return Err(failed("duplicate parameter"));
            }
            staged.push((p, String::new()));
        }
        for ((name, value), slot) in pairs.iter().zip(staged.iter_mut()) {
            slot.1 = normalize(slot.0, &String::from_utf8_lossy(value))
                .map_err(|why| set_failed(name, &why))?;
        }
        for (p, v) in staged {
            self.store(p, v);
        }
        Ok(())
    }
}
