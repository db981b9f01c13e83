//! The AOF rewrite: a keyspace snapshot written as the commands that rebuild it (Redis's
//! `rewriteAppendOnlyFileRio` with `aof-use-rdb-preamble no`).
//!
//! Sans-IO: [`rewrite`] reads databases (typically a clone the runtime took between client
//! batches, so it can run on another thread while clients keep writing) and hands RESP bytes
//! to a sink in chunks. Replaying the output on an empty server rebuilds the same data, every
//! database, expiries and stream consumer groups included. Keys already expired at `now` are
//! left out. The runtime's AOF base writer calls only this function, so switching the base to
//! an RDB preamble later changes one call.

use crate::keyspace::stream::Stream;
use crate::keyspace::{Db, Value};
use crate::propagate::write_command;
use crate::Millis;

/// Elements per RPUSH / XADD... command, as Redis's `AOF_REWRITE_ITEMS_PER_CMD`.
const ITEMS_PER_CMD: usize = 64;

/// Bytes buffered before handing a chunk to the sink.
const CHUNK: usize = 64 * 1024;

/// Writes the commands that rebuild `dbs` (as of `now`) to `sink`, in chunks.
pub fn rewrite(dbs: &[Db], now: Millis, sink: &mut dyn FnMut(&[u8])) {
    let mut buf = Vec::with_capacity(CHUNK);
    for (i, db) in dbs.iter().enumerate() {
        if db.is_empty() {
            continue;
        }
        let n = i.to_string();
        write_command(&mut buf, &[b"SELECT", n.as_bytes()]);
        for (key, entry) in db.iter() {
            if entry.expire().is_some_and(|t| t <= now) {
                continue;
            }
            rewrite_value(&mut buf, key, &entry.value);
            if let Some(t) = entry.expire() {
                write_command(&mut buf, &[b"PEXPIREAT", key, t.to_string().as_bytes()]);
            }
            if buf.len() >= CHUNK {
                sink(&buf);
                buf.clear();
            }
        }
    }
    if !buf.is_empty() {
        sink(&buf);
    }
}

/// Appends the commands that create `key` holding `value`.
fn rewrite_value(buf: &mut Vec<u8>, key: &[u8], value: &Value) {
    match value {
        Value::String(s) => write_command(buf, &[b"SET", key, s]),
        Value::List(l) => {
            let items: Vec<&[u8]> = l.iter().collect();
            for chunk in items.chunks(ITEMS_PER_CMD) {
                let mut argv: Vec<&[u8]> = vec![b"RPUSH", key];
                argv.extend_from_slice(chunk);
                write_command(buf, &argv);
            }
        }
        Value::Stream(s) => rewrite_stream(buf, key, s),
        Value::Hash(h) => {
            let pairs: Vec<(&[u8], &[u8])> = h.iter().collect();
            for chunk in pairs.chunks(ITEMS_PER_CMD) {
                let mut argv: Vec<&[u8]> = vec![b"HSET", key];
                for (f, v) in chunk {
                    argv.push(f);
                    argv.push(v);
                }
                write_command(buf, &argv);
            }
        }
        Value::Set(set) => {
            let members: Vec<Vec<u8>> = set.iter().map(|m| m.to_vec()).collect();
            for chunk in members.chunks(ITEMS_PER_CMD) {
                let mut argv: Vec<&[u8]> = vec![b"SADD", key];
                argv.extend(chunk.iter().map(Vec::as_slice));
                write_command(buf, &argv);
            }
        }
        Value::ZSet(z) => {
            // `%.17g` round-trips every double, as Redis's rewrite relies on too.
            let pairs: Vec<(String, &[u8])> = z
                .iter()
                .map(|(m, score)| (crate::resp::format_g17(score), m))
                .collect();
            for chunk in pairs.chunks(ITEMS_PER_CMD) {
                let mut argv: Vec<&[u8]> = vec![b"ZADD", key];
                for (score, m) in chunk {
                    argv.push(score.as_bytes());
                    argv.push(m);
                }
                write_command(buf, &argv);
            }
        }
    }
}

/// Redis's `rewriteStreamObject`: the entries as XADDs, the stream's last ID, then every
/// group, its consumers and its pending entries (XCLAIM ... FORCE JUSTID keeps owner,
/// delivery time and count).
fn rewrite_stream(buf: &mut Vec<u8>, key: &[u8], s: &Stream) {
    use crate::keyspace::stream::StreamId;
    let entries = s.entries(StreamId::MIN, StreamId::MAX, false, 0);
    let last = s.last_id().to_string();
    if entries.is_empty() {
        // An empty stream keeps its last ID: add one entry and trim it away at once.
        write_command(
            buf,
            &[b"XADD", key, b"MAXLEN", b"0", last.as_bytes(), b"x", b"y"],
        );
    }
    for (id, entry) in &entries {
        let id = id.to_string();
        // The pairs decode into values that own integers' digits: keep them while `argv`
        // borrows them.
        let pairs: Vec<_> = entry.iter().collect();
        let mut argv: Vec<&[u8]> = vec![b"XADD", key, id.as_bytes()];
        for (f, v) in &pairs {
            argv.push(f);
            argv.push(v);
        }
        write_command(buf, &argv);
    }
    // As Redis's rewriteStreamObject: XSETID restores the last ID and the counters that the
    // XADDs above cannot (deleted entries, trimmed history).
    let added = s.entries_added().to_string();
    let maxdel = s.max_deleted_entry_id().to_string();
    write_command(
        buf,
        &[
            b"XSETID",
            key,
            last.as_bytes(),
            b"ENTRIESADDED",
            added.as_bytes(),
            b"MAXDELETEDID",
            maxdel.as_bytes(),
        ],
    );
    for (name, g) in s.groups() {
        let gid = g.last_id().to_string();
        let read = g.entries_read().to_string();
        write_command(
            buf,
            &[
                b"XGROUP",
                b"CREATE",
                key,
                name,
                gid.as_bytes(),
                b"ENTRIESREAD",
                read.as_bytes(),
            ],
        );
        for (id, p) in g.pel() {
            let id = id.to_string();
            let time = p.delivery_time.to_string();
            let count = p.delivery_count.to_string();
            write_command(
                buf,
                &[
                    b"XCLAIM",
                    key,
                    name,
                    &p.consumer,
                    b"0",
                    id.as_bytes(),
                    b"TIME",
                    time.as_bytes(),
                    b"RETRYCOUNT",
                    count.as_bytes(),
                    b"JUSTID",
                    b"FORCE",
                ],
            );
        }
        for (cname, c) in g.consumers() {
            if c.pel().is_empty() {
                write_command(buf, &[b"XGROUP", b"CREATECONSUMER", key, name, cname]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Server};

    /// Rewriting a keyspace and replaying the result on an empty server gives the same
    /// keyspace (compared through a second rewrite, which is deterministic for one map).
    #[test]
    fn rewrite_replays_to_the_same_data() {
        let now = 1_700_000_000_000;
        let mut a = Server::new(Config::default());
        let id = a.connect(now);
        let cmds = "SET s v\r\nRPUSH l a b c\r\nSET t x PX 100000\r\nSELECT 3\r\n\
                    XADD st 1-1 f v\r\nXADD st 2-1 g w\r\nXGROUP CREATE st grp 0\r\n\
                    XREADGROUP GROUP grp alice COUNT 1 STREAMS st >\r\n\
                    XGROUP CREATECONSUMER st grp bob\r\nSET gone x PX 5\r\n";
        a.feed(id, cmds.as_bytes(), now);
        let mut out = Vec::new();
        rewrite(&a.state().dbs, now + 10, &mut |b| out.extend_from_slice(b));
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("gone"), "expired keys are left out");
        let mut b = Server::new(Config::default());
        let r = b.replay(&out, now + 10).expect("a rewrite replays");
        assert!(!r.truncated);
        let mut again = Vec::new();
        rewrite(&b.state().dbs, now + 10, &mut |b| {
            again.extend_from_slice(b)
        });
        let sorted = |v: &[u8]| {
            let mut lines: Vec<String> = String::from_utf8_lossy(v)
                .split("*")
                .map(str::to_string)
                .collect();
            lines.sort();
            lines
        };
        assert_eq!(sorted(&out), sorted(&again));
        assert!(text.contains("PEXPIREAT"));
        assert!(text.contains("XCLAIM"));
        assert!(text.contains("CREATECONSUMER"));
    }
}
