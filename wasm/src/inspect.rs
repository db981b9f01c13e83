//! Keyspace snapshot for the playground's inspector: key, type, TTL, size and a short value
//! preview. Read-only: it never expires or touches keys (an expired-but-present key is just
//! left out), so inspecting cannot change what the clients observe.

use redlet_core::frame::quote;
use redlet_core::keyspace::stream::StreamId;
use redlet_core::keyspace::{Db, Value};
use redlet_core::rdb::{to_rdb_value, RdbFields, RdbStream, RdbValue};
use redlet_core::resp::format_g17;
use redlet_core::sort::{sort, sort_by};
use redlet_core::Millis;

/// What the inspector shows of one key.
#[derive(Debug)]
pub struct KeyInfo {
    /// The key, lossily decoded.
    pub key: String,
    /// TYPE's name for the value.
    pub kind: &'static str,
    /// Milliseconds to live, -1 when persistent.
    pub ttl: i64,
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
        .filter(|(_, e)| e.expire().is_none_or(|t| t > now))
        .collect();
    sort_by(&mut keys, |a, b| a.0.cmp(b.0));
    keys.into_iter()
        .take(limit)
        .map(|(k, e)| {
            let (size, preview) = describe(&e.value);
            KeyInfo {
                key: String::from_utf8_lossy(k).into_owned(),
                kind: e.value.kind().name(),
                ttl: e.expire().map_or(-1, |t| t.saturating_sub(now) as i64),
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

/// A score as ZADD reads it back (`%.17g`, `inf` / `-inf`), as Redis replies with it.
fn score(d: f64) -> String {
    if d.is_infinite() {
        if d > 0.0 { "inf" } else { "-inf" }.to_string()
    } else {
        format_g17(d)
    }
}

/// Size and preview of a value, through the types' public API only (nothing is copied
/// beyond the few elements shown: the inspector runs several times a second).
fn describe(v: &Value) -> (usize, String) {
    match v {
        Value::String(s) => (s.len(), quote(s)),
        Value::List(l) => (l.len(), join(l.iter())),
        Value::Hash(h) => {
            let pairs: Vec<String> = h
                .iter()
                .take(4)
                .map(|(f, v)| [quote(f), quote(v)].join(" "))
                .collect();
            (h.len(), pairs.join(", "))
        }
        Value::Set(s) => {
            let members: Vec<String> = s.iter().take(8).map(|m| m.with(quote)).collect();
            (s.len(), members.join(" "))
        }
        Value::ZSet(z) => {
            let items: Vec<String> = z
                .iter()
                .take(6)
                .map(|(m, sc)| format!("{} ({})", quote(m), score(sc)))
                .collect();
            (z.len(), items.join(" "))
        }
        Value::Stream(s) => {
            let all = s.range(StreamId::MIN, StreamId::MAX, true, 3);
            let mut preview = all
                .iter()
                .map(|(id, fields)| {
                    let f: Vec<String> = fields
                        .iter()
                        .flat_map(|(k, v)| [quote(k), quote(v)])
                        .collect();
                    format!("{}-{} {}", id.ms, id.seq, f.join(" "))
                })
                .collect::<Vec<_>>()
                .join(" | ");
            let groups = s.groups();
            if !groups.is_empty() {
                preview = format!("groups: {} · {preview}", groups.len());
            }
            (s.len() as usize, preview)
        }
    }
}

/// Commands that rebuild every database (`SELECT n`, then the writes of each key and its
/// expiry as PEXPIREAT), one per line, quoted as redis-cli quotes so each line splits back
/// to the same arguments. Values go through their RDB representation, so every type the
/// dump covers is exported, streams with their consumer groups and pending entries
/// (XSETID restores the last ID and the entries-added / max-deleted-id counters, then
/// XGROUP CREATE ... ENTRIESREAD, then XCLAIM ... FORCE for each pending entry).
pub fn export(dbs: &[Db], now: Millis) -> String {
    let mut out = String::new();
    for (n, db) in dbs.iter().enumerate() {
        let mut keys: Vec<_> = db
            .iter()
            .filter(|(_, e)| e.expire().is_none_or(|t| t > now))
            .collect();
        if keys.is_empty() {
            continue;
        }
        sort_by(&mut keys, |a, b| a.0.cmp(b.0));
        out.push_str(&format!("SELECT {n}\n"));
        for (k, e) in keys {
            let key = quote(k);
            for line in rebuild(&key, to_rdb_value(&e.value)) {
                out.push_str(&line);
                out.push('\n');
            }
            if let Some(t) = e.expire() {
                out.push_str(&format!("PEXPIREAT {key} {t}\n"));
            }
        }
    }
    out
}

fn quoted_all(items: &[Vec<u8>]) -> String {
    items.iter().map(|i| quote(i)).collect::<Vec<_>>().join(" ")
}

fn pairs(fields: &RdbFields) -> String {
    let q: Vec<String> = fields
        .iter()
        .flat_map(|(k, v)| [quote(k), quote(v)])
        .collect();
    q.join(" ")
}

/// The commands that rebuild one value under `key` (already quoted).
fn rebuild(key: &str, v: RdbValue) -> Vec<String> {
    match v {
        RdbValue::String(s) => vec![format!("SET {key} {}", quote(&s))],
        RdbValue::List(l) => vec![format!("RPUSH {key} {}", quoted_all(&l))],
        RdbValue::Set(mut m) => {
            sort(&mut m);
            vec![format!("SADD {key} {}", quoted_all(&m))]
        }
        RdbValue::ZSet(mut items) => {
            sort_by(&mut items, |a, b| {
                a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0))
            });
            let args: Vec<String> = items
                .iter()
                .map(|(m, s)| format!("{} {}", score(*s), quote(m)))
                .collect();
            vec![format!("ZADD {key} {}", args.join(" "))]
        }
        RdbValue::Hash(mut fields) => {
            sort(&mut fields);
            vec![format!("HSET {key} {}", pairs(&fields))]
        }
        RdbValue::Stream(s) => rebuild_stream(key, &s),
    }
}

fn rebuild_stream(key: &str, s: &RdbStream) -> Vec<String> {
    let mut lines: Vec<String> = s
        .entries
        .iter()
        .map(|(id, f)| format!("XADD {key} {id} {}", pairs(f)))
        .collect();
    if s.entries.is_empty() {
        // No entry to add: create the stream empty (as XADD ... MAXLEN 0 would, but that
        // needs an ID above 0-0) through a group created and destroyed again.
        lines.push(format!("XGROUP CREATE {key} export-tmp 0 MKSTREAM"));
        lines.push(format!("XGROUP DESTROY {key} export-tmp"));
    }
    // As Redis's AOF rewrite: the counters the XADDs cannot restore (trimmed or deleted
    // entries, a last ID beyond the last entry).
    lines.push(format!(
        "XSETID {key} {} ENTRIESADDED {} MAXDELETEDID {}",
        s.last_id, s.entries_added, s.max_deleted_id
    ));
    for g in &s.groups {
        let name = quote(&g.name);
        lines.push(format!(
            "XGROUP CREATE {key} {name} {} ENTRIESREAD {}",
            g.last_id, g.entries_read
        ));
        for c in &g.consumers {
            let consumer = quote(&c.name);
            if c.pel.is_empty() {
                lines.push(format!("XGROUP CREATECONSUMER {key} {name} {consumer}"));
            }
            for id in &c.pel {
                // FORCE creates the pending entry, TIME and RETRYCOUNT restore its delivery
                // time and count, JUSTID leaves the count alone.
                if let Some(p) = g.pel.iter().find(|p| p.id == *id) {
                    lines.push(format!(
                        "XCLAIM {key} {name} {consumer} 0 {id} TIME {} RETRYCOUNT {} FORCE JUSTID",
                        p.delivery_time, p.delivery_count
                    ));
                }
            }
        }
    }
    lines
}
