//! Keyspace snapshot for the playground's inspector: key, type, TTL, size and a short value
//! preview. Read-only: it never expires or touches keys (an expired-but-present key is just
//! left out), so inspecting cannot change what the clients observe.

use redlet_core::frame::quote;
use redlet_core::keyspace::stream::StreamId;
use redlet_core::keyspace::{Db, Value};
use redlet_core::Millis;
use serde::Serialize;

/// What the inspector shows of one key.
#[derive(Debug, Serialize)]
pub struct KeyInfo {
    /// The key, lossily decoded.
    pub key: String,
    /// TYPE's name for the value.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Milliseconds to live, -1 when persistent.
    pub ttl: f64,
    /// Elements (bytes for a string).
    pub size: usize,
    /// A short rendering of the value.
    pub preview: String,
}

/// Longest preview, in characters.
const PREVIEW: usize = 80;

/// Up to `limit` live keys of `db` at `now`, sorted by key.
pub fn snapshot(db: &Db, now: Millis, limit: usize) -> Vec<KeyInfo> {
    let mut keys: Vec<_> = db
        .iter()
        .filter(|(_, e)| e.expire.is_none_or(|t| t > now))
        .collect();
    keys.sort_by(|a, b| a.0.cmp(b.0));
    keys.into_iter()
        .take(limit)
        .map(|(k, e)| {
            let (size, preview) = describe(&e.value);
            KeyInfo {
                key: String::from_utf8_lossy(k).into_owned(),
                kind: e.value.kind().name(),
                ttl: e.expire.map_or(-1.0, |t| (t - now) as f64),
                size,
                preview: clip(preview),
            }
        })
        .collect()
}

fn clip(mut s: String) -> String {
    if s.chars().count() > PREVIEW {
        s = s.chars().take(PREVIEW - 1).collect();
        s.push('…');
    }
    s
}

fn join<'a>(items: impl Iterator<Item = &'a [u8]>) -> String {
    items.take(8).map(quote).collect::<Vec<_>>().join(" ")
}

/// Size and preview of a value, through the types' public API only. Types without an arm here
/// (those still to come) show no size or preview yet.
fn describe(v: &Value) -> (usize, String) {
    #[allow(unreachable_patterns)]
    match v {
        Value::String(s) => (s.len(), quote(s)),
        Value::List(l) => (l.len(), join(l.iter())),
        Value::Stream(s) => {
            let all = s.range(
                StreamId::default(),
                StreamId {
                    ms: u64::MAX,
                    seq: u64::MAX,
                },
                true,
                3,
            );
            let preview = all
                .iter()
                .map(|(id, fields)| {
                    let f = fields
                        .iter()
                        .flat_map(|(k, v)| [&k[..], &v[..]])
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                        .collect::<Vec<_>>()
                        .join(" ");
                    format!("{}-{} {f}", id.ms, id.seq)
                })
                .collect::<Vec<_>>()
                .join(" | ");
            (s.len() as usize, preview)
        }
        _ => (0, String::new()),
    }
}

/// Commands that rebuild every database (`SELECT n`, then one write per key and its expiry),
/// one per line, quoted as redis-cli quotes so each line splits back to the same arguments.
/// Types without an exporter yet are listed as `#` comments.
pub fn export(dbs: &[Db], now: Millis) -> String {
    let mut out = String::new();
    for (n, db) in dbs.iter().enumerate() {
        let mut keys: Vec<_> = db
            .iter()
            .filter(|(_, e)| e.expire.is_none_or(|t| t > now))
            .collect();
        if keys.is_empty() {
            continue;
        }
        keys.sort_by(|a, b| a.0.cmp(b.0));
        out.push_str(&format!("SELECT {n}\n"));
        for (k, e) in keys {
            let key = quote(k);
            let line = rebuild(&key, &e.value);
            out.push_str(&line);
            out.push('\n');
            if let (Some(t), false) = (e.expire, line.starts_with('#')) {
                out.push_str(&format!("PEXPIREAT {key} {t}\n"));
            }
        }
    }
    out
}

fn rebuild(key: &str, v: &Value) -> String {
    #[allow(unreachable_patterns)]
    match v {
        Value::String(s) => format!("SET {key} {}", quote(s)),
        Value::List(l) => {
            let items: Vec<String> = l.iter().map(quote).collect();
            format!("RPUSH {key} {}", items.join(" "))
        }
        Value::Stream(s) => {
            let all = s.range(
                StreamId::default(),
                StreamId {
                    ms: u64::MAX,
                    seq: u64::MAX,
                },
                false,
                0,
            );
            let lines: Vec<String> = all
                .iter()
                .map(|(id, fields)| {
                    let f: Vec<String> = fields
                        .iter()
                        .flat_map(|(k, v)| [quote(k), quote(v)])
                        .collect();
                    format!("XADD {key} {}-{} {}", id.ms, id.seq, f.join(" "))
                })
                .collect();
            lines.join("\n")
        }
        other => format!("# {key}: type {} not exported yet", other.kind().name()),
    }
}
