//! The shape of the generated command metadata (`docs.rs`, `docs.bin`, `docs.str`) and
//! its serialization.
//!
//! Redis 7.0 describes each command twice: COMMAND INFO (arity, flags, key positions, ACL
//! categories, tips, key specs) and COMMAND DOCS (summary, since, group, complexity, history,
//! argument tree). `scripts/gen_command_docs.py` records both from a real redis-server, so
//! serializing them yields Redis's exact bytes in either protocol (maps and sets become
//! arrays in RESP2). Keeping the data as bytes rather than static value trees makes it about
//! a third of the size in the browser download.
//!
//! The encoding (smaller than RESP3 both raw and gzipped): every number is a LEB128 varint.
//! A value is `2` then a zigzag integer; `3` (array), `4` (set) or `5` (map) then the count
//! of elements (of pairs for a map) and the elements (keys and values alternating); or, from
//! `6` on, the string of index `n - 6` in the string table (`docs::STRINGS`: per string,
//! `2 * length + 1` for a simple string or `2 * length` for a bulk string, then its bytes;
//! the 122 most used first, so most references take one byte).
//!
//! Invariants: a [`CommandDoc`]'s `info` is the offset of an array holding COMMAND INFO's
//! elements 2 to 9 (arity .. key specs; the name and subcommands are added when
//! serializing), followed by the DOCS map without `subcommands`. The blob is
//! generated and checked by tests, but reading it never panics: a malformed value reads as
//! empty.

use std::sync::OnceLock;

use super::docs::{BLOB, DOCS, STRINGS};
use crate::resp::Reply;

/// A recorded value inside the blob (maps and sets become arrays in RESP2).
#[derive(Debug, Clone, Copy)]
pub struct Val {
    /// The blob from the value's first byte on (it may run past the value's end).
    at: &'static [u8],
}

/// The header of a value: a scalar with its payload, or an aggregate with its element count
/// (a map counts its keys and values).
enum Head {
    Bulk(&'static [u8]),
    Simple(&'static [u8]),
    Int(i64),
    Array(usize),
    Set(usize),
    Map(usize),
}

/// The LEB128 varint at the start of `b` and the number of bytes it takes.
fn varint(b: &[u8]) -> Option<(u64, usize)> {
    let mut v = 0u64;
    for (i, &byte) in b.iter().enumerate().take(10) {
        v |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

/// Where each string of the table starts (computed on first use).
fn string_offsets() -> &'static [u32] {
    static OFFSETS: OnceLock<Vec<u32>> = OnceLock::new();
    OFFSETS.get_or_init(|| {
        let mut offsets = Vec::new();
        let mut at = 0;
        while let Some((head, n)) = STRINGS.get(at..).and_then(varint) {
            offsets.push(at as u32);
            at += n + (head / 2) as usize;
        }
        offsets
    })
}

/// String `i` of the table and whether it is a simple string.
fn string(i: u64) -> Option<(&'static [u8], bool)> {
    let at = *string_offsets().get(usize::try_from(i).ok()?)? as usize;
    let (head, n) = varint(STRINGS.get(at..)?)?;
    let start = at + n;
    let len = usize::try_from(head / 2).ok()?;
    Some((STRINGS.get(start..start.checked_add(len)?)?, head & 1 == 1))
}

impl Val {
    /// No value: reads as empty.
    const NONE: Val = Val { at: &[] };

    fn at(offset: u32) -> Val {
        Val {
            at: BLOB.get(offset as usize..).unwrap_or(&[]),
        }
    }

    /// The header and the number of bytes it takes (a scalar's whole encoding).
    #[inline(never)]
    fn head(&self) -> Option<(Head, usize)> {
        let (tag, n) = varint(self.at)?;
        let count = || {
            let (c, m) = varint(self.at.get(n..)?)?;
            Some((usize::try_from(c).ok()?, n + m))
        };
        Some(match tag {
            2 => {
                let (z, m) = varint(self.at.get(n..)?)?;
                let v = (z >> 1) as i64 ^ -((z & 1) as i64);
                (Head::Int(v), n + m)
            }
            3 => {
                let (c, len) = count()?;
                (Head::Array(c), len)
            }
            4 => {
                let (c, len) = count()?;
                (Head::Set(c), len)
            }
            5 => {
                let (c, len) = count()?;
                (Head::Map(c.checked_mul(2)?), len)
            }
            0 | 1 => return None,
            i => match string(i - 6)? {
                (s, true) => (Head::Simple(s), n),
                (s, false) => (Head::Bulk(s), n),
            },
        })
    }

    /// The elements of an aggregate, or `None` for a scalar.
    fn children(&self) -> Option<Items> {
        let (head, len) = self.head()?;
        let left = match head {
            Head::Array(n) | Head::Set(n) | Head::Map(n) => n,
            _ => return None,
        };
        Some(Items {
            rest: self.at.get(len..).unwrap_or(&[]),
            left,
        })
    }

    /// The length of the whole encoded value.
    #[inline(never)]
    fn len(&self) -> Option<usize> {
        let (_, head_len) = self.head()?;
        let Some(mut items) = self.children() else {
            return Some(head_len);
        };
        while items.left > 0 {
            items.next()?;
        }
        // Each element was measured once, by `next`: the rest starts after the last one.
        Some(self.at.len() - items.rest.len())
    }

    /// Writes the value in the reply's protocol.
    pub fn write(&self, out: &mut Reply<'_>) {
        let Some((head, _)) = self.head() else { return };
        match head {
            Head::Bulk(s) => out.bulk(s),
            Head::Simple(s) => out.simple(std::str::from_utf8(s).unwrap_or("")),
            Head::Int(n) => out.int(n),
            Head::Array(n) => out.array(n),
            Head::Set(n) => out.set(n),
            Head::Map(n) => out.map(n / 2),
        }
        for item in self.items() {
            item.write(out);
        }
    }

    /// The string inside a bulk or simple string.
    #[inline(never)]
    pub fn as_str(&self) -> Option<&'static str> {
        match self.head()?.0 {
            Head::Bulk(s) | Head::Simple(s) => std::str::from_utf8(s).ok(),
            _ => None,
        }
    }

    /// The integer inside an integer.
    pub fn as_int(&self) -> Option<i64> {
        match self.head()?.0 {
            Head::Int(n) => Some(n),
            _ => None,
        }
    }

    /// The elements of an array or set (keys and values alternating for a map); nothing for
    /// a scalar.
    pub fn items(&self) -> impl Iterator<Item = Val> {
        self.children().unwrap_or(Items { rest: &[], left: 0 })
    }

    /// The value under `key` of a map.
    #[inline(never)]
    pub fn get(&self, key: &str) -> Option<Val> {
        if !matches!(self.head()?.0, Head::Map(_)) {
            return None;
        }
        let mut items = self.items();
        while let Some(k) = items.next() {
            let v = items.next()?;
            if k.as_str() == Some(key) {
                return Some(v);
            }
        }
        None
    }

    /// The string under `key` of a map.
    pub fn get_str(&self, key: &str) -> Option<&'static str> {
        self.get(key)?.as_str()
    }

    /// The number of pairs of a map (elements of an array or set).
    fn count(&self) -> usize {
        match self.head() {
            Some((Head::Map(n), _)) => n / 2,
            Some((Head::Array(n) | Head::Set(n), _)) => n,
            _ => 0,
        }
    }
}

/// The elements of an aggregate, in order.
struct Items {
    rest: &'static [u8],
    left: usize,
}

impl Iterator for Items {
    type Item = Val;

    fn next(&mut self) -> Option<Val> {
        if self.left == 0 {
            return None;
        }
        let item = Val { at: self.rest };
        let len = item.len()?;
        self.rest = self.rest.get(len..)?;
        self.left -= 1;
        Some(item)
    }
}

/// One command's (or subcommand's) recorded metadata.
#[derive(Debug)]
pub struct CommandDoc {
    /// Full lower-case name (`get`, `client|id`).
    pub name: &'static str,
    /// Offset in the blob of the array of COMMAND INFO elements after the name: arity,
    /// flags, first key, last key, step, ACL categories, tips, key specs. The map of
    /// COMMAND DOCS fields (in Redis's order, without `subcommands`) follows it.
    pub info: u32,
    /// Subcommands, sorted by name.
    pub subcommands: &'static [CommandDoc],
}

impl CommandDoc {
    /// COMMAND INFO's element `i` after the name (0 = arity, 1 = flags, 2..=4 = first, last,
    /// step, 5 = ACL categories, 6 = tips, 7 = key specs).
    pub fn info_item(&self, i: usize) -> Option<Val> {
        Val::at(self.info).items().nth(i)
    }

    /// The elements of COMMAND INFO's element `i` (see [`CommandDoc::info_item`]).
    pub fn info_items(&self, i: usize) -> impl Iterator<Item = Val> {
        self.info_item(i).unwrap_or(Val::NONE).items()
    }

    fn info_int(&self, i: usize) -> i64 {
        self.info_item(i).and_then(|v| v.as_int()).unwrap_or(0)
    }

    /// Arity as COMMAND INFO reports it.
    pub fn arity(&self) -> i64 {
        self.info_int(0)
    }

    /// First key, last key and step as COMMAND INFO reports them.
    pub fn key_range(&self) -> (i64, i64, i64) {
        (self.info_int(2), self.info_int(3), self.info_int(4))
    }

    /// ACL categories without their `@` (`read`, `string`, ...).
    pub fn acl_categories(&self) -> impl Iterator<Item = &'static str> {
        self.info_items(5)
            .filter_map(|c| c.as_str())
            .map(|c| c.trim_start_matches('@'))
    }

    /// The map of COMMAND DOCS fields, right after the INFO array.
    fn docs(&self) -> Val {
        let info = Val::at(self.info);
        Val {
            at: info
                .at
                .get(info.len().unwrap_or(info.at.len())..)
                .unwrap_or(&[]),
        }
    }

    /// A COMMAND DOCS field (`summary`, `since`, `group`, `complexity`, `arguments`, ...).
    pub fn doc(&self, key: &str) -> Option<Val> {
        self.docs().get(key)
    }

    fn doc_str(&self, key: &str) -> &'static str {
        self.docs().get_str(key).unwrap_or("")
    }

    /// The one-line summary.
    pub fn summary(&self) -> &'static str {
        self.doc_str("summary")
    }

    /// The subcommand `full_name` (`client|id`).
    pub fn subcommand(&self, full_name: &str) -> Option<&'static CommandDoc> {
        let i = self
            .subcommands
            .binary_search_by(|d| d.name.cmp(full_name))
            .ok()?;
        self.subcommands.get(i)
    }

    /// Writes this command's COMMAND INFO entry, with the subcommands `keep` accepts.
    pub fn write_info(&'static self, out: &mut Reply<'_>, keep: &dyn Fn(&CommandDoc) -> bool) {
        out.array(10);
        out.bulk(self.name.as_bytes());
        Val::at(self.info).items().for_each(|v| v.write(out));
        let subs: Vec<&CommandDoc> = self.subcommands.iter().filter(|s| keep(s)).collect();
        // A set, as Redis's `addReplySetLen` (an array in RESP2).
        out.set(subs.len());
        for s in subs {
            s.write_info(out, keep);
        }
    }

    /// Writes this command's COMMAND DOCS map (the value, not the name), with the
    /// subcommands `keep` accepts.
    pub fn write_docs(&'static self, out: &mut Reply<'_>, keep: &dyn Fn(&CommandDoc) -> bool) {
        let subs: Vec<&CommandDoc> = self.subcommands.iter().filter(|s| keep(s)).collect();
        // Redis writes `subcommands` last, and only for containers.
        let has_subs = !self.subcommands.is_empty();
        let docs = self.docs();
        out.map(docs.count() + usize::from(has_subs));
        docs.items().for_each(|v| v.write(out));
        if has_subs {
            out.bulk(b"subcommands");
            out.map(subs.len());
            for s in subs {
                out.bulk(s.name.as_bytes());
                s.write_docs(out, keep);
            }
        }
    }

    /// The argument syntax as the Redis docs print it (`key value [NX | XX] ...`), built
    /// from the argument tree.
    pub fn syntax(&self) -> String {
        let mut s = String::new();
        for (i, arg) in self.arguments().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&arg_syntax(arg));
        }
        s
    }

    /// The DOCS argument tree: maps with name, type, token, flags, arguments, ...
    pub fn arguments(&self) -> impl Iterator<Item = Val> {
        self.doc("arguments").unwrap_or(Val::NONE).items()
    }
}

/// One argument of the DOCS argument tree, rendered like the Redis docs' syntax line.
fn arg_syntax(arg: Val) -> String {
    let field = |k: &str| arg.get_str(k);
    let has_flag = |f: &str| {
        arg.get("flags")
            .is_some_and(|fl| fl.items().any(|v| v.as_str() == Some(f)))
    };
    let name = field("display_text").or(field("name")).unwrap_or("");
    let kind = field("type").unwrap_or("");
    let children = |sep: &str| {
        let mut s = String::new();
        for (i, c) in arg
            .get("arguments")
            .unwrap_or(Val::NONE)
            .items()
            .enumerate()
        {
            if i > 0 {
                s.push_str(sep);
            }
            s.push_str(&arg_syntax(c));
        }
        s
    };
    let token = field("token");
    let body = match kind {
        "pure-token" => token.unwrap_or(name).to_string(),
        "oneof" => children(" | "),
        "block" => children(" "),
        _ => name.to_string(),
    };
    let mut s = match token {
        Some(t) if kind != "pure-token" => [t, " ", &body].concat(),
        _ => body,
    };
    if has_flag("multiple") {
        let again = if has_flag("multiple_token") {
            s.clone()
        } else {
            strip_token(&s, token).to_string()
        };
        s = [&s, " [", &again, " ...]"].concat();
    }
    if has_flag("optional") {
        ["[", &s, "]"].concat()
    } else if kind == "oneof" {
        ["<", &s, ">"].concat()
    } else {
        s
    }
}

/// The repeated part of a `multiple` argument without its token (`key [key ...]`).
fn strip_token<'s>(s: &'s str, token: Option<&str>) -> &'s str {
    match token {
        Some(t) => s
            .strip_prefix(t)
            .map(str::trim_start)
            .filter(|r| !r.is_empty())
            .unwrap_or(s),
        None => s,
    }
}

/// The recorded metadata of command `name` (lower-case; `parent|sub` for subcommands).
pub fn find(name: &str) -> Option<&'static CommandDoc> {
    match name.split_once('|') {
        None => {
            let i = DOCS.binary_search_by(|d| d.name.cmp(name)).ok()?;
            DOCS.get(i)
        }
        Some((parent, _)) => find(parent)?.subcommand(name),
    }
}

/// Help for the playground: one command's summary, syntax and documentation fields.
#[derive(Debug, Clone)]
pub struct CommandHelp {
    /// Name in upper case (`GET`, `CLIENT SETNAME`).
    pub name: String,
    /// One-line summary.
    pub summary: &'static str,
    /// Argument syntax after the name.
    pub syntax: String,
    /// Version that introduced it.
    pub since: &'static str,
    /// Group (`string`, `connection`, ...).
    pub group: &'static str,
    /// Time complexity.
    pub complexity: &'static str,
}

/// Redis 7.0's help for `name` (`get`, `client setname`, `CLIENT|SETNAME`), if redlet
/// implements it (only those are recorded).
pub fn help(name: &str) -> Option<CommandHelp> {
    let lower = name.trim().to_ascii_lowercase();
    let full = lower.split_whitespace().collect::<Vec<_>>().join("|");
    let d = find(&full)?;
    Some(CommandHelp {
        name: full.replace('|', " ").to_ascii_uppercase(),
        summary: d.summary(),
        syntax: d.syntax(),
        since: d.doc_str("since"),
        group: d.doc_str("group"),
        complexity: d.doc_str("complexity"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every recorded value parses to its end, and the entries tile the blob exactly, so no
    /// reader ever stops on malformed data.
    #[test]
    fn blob_is_well_formed_and_fully_indexed() {
        fn walk(d: &'static CommandDoc, next: &mut usize) {
            assert_eq!(d.info as usize, *next, "{}: info offset", d.name);
            let info = Val::at(d.info);
            assert_eq!(info.count(), 8, "{}: INFO elements", d.name);
            *next += info.len().expect("info parses");
            *next += d.docs().len().expect("docs parse");
            assert!(!d.summary().is_empty(), "{}: summary", d.name);
            d.subcommands.iter().for_each(|s| walk(s, next));
        }
        let mut next = 0;
        DOCS.iter().for_each(|d| walk(d, &mut next));
        assert_eq!(next, BLOB.len());
        // The string table parses to its end too.
        let offsets = string_offsets();
        let last = offsets.len() as u64 - 1;
        let (s, _) = string(last).expect("last string");
        assert_eq!(s.as_ptr_range().end, STRINGS.as_ptr_range().end);
        assert!(string(last + 1).is_none());
        assert!(DOCS.windows(2).all(|w| w[0].name < w[1].name), "sorted");
    }

    /// Integers round-trip through the zigzag encoding, negative arities included.
    #[test]
    fn integers_and_strings_decode() {
        assert_eq!(find("set").map(|d| d.arity()), Some(-3));
        assert_eq!(find("ping").map(|d| d.arity()), Some(-1));
        assert_eq!(find("mset").map(|d| d.key_range()), Some((1, -1, 2)));
        assert_eq!(
            find("get").map(|d| d.summary()),
            Some("Get the value of a key")
        );
        assert_eq!(varint(&[0x80, 0x01]), Some((128, 2)));
        assert_eq!(varint(&[0x80]), None);
    }

    /// COMMAND INFO of ECHO as redis-server 7.0.15 writes it in RESP3 (`redis-cli -3`, raw):
    /// flags, ACL categories, tips, key specs and subcommands are sets there.
    #[test]
    fn info_entry_bytes_in_resp3() {
        let mut buf = Vec::new();
        let mut out = Reply::new(&mut buf, crate::resp::Protocol::Resp3);
        find("echo")
            .expect("recorded")
            .write_info(&mut out, &|_| true);
        assert_eq!(
            String::from_utf8(buf).expect("ascii"),
            "*10\r\n$4\r\necho\r\n:2\r\n~3\r\n+loading\r\n+stale\r\n+fast\r\n:0\r\n:0\r\n:0\r\n\
             ~2\r\n+@fast\r\n+@connection\r\n~0\r\n~0\r\n~0\r\n"
        );
    }

    /// COMMAND DOCS of ECHO (the map after the name) as redis-server 7.0.15 writes it in
    /// RESP3.
    #[test]
    fn docs_entry_bytes_in_resp3() {
        let mut buf = Vec::new();
        let mut out = Reply::new(&mut buf, crate::resp::Protocol::Resp3);
        find("echo")
            .expect("recorded")
            .write_docs(&mut out, &|_| true);
        assert_eq!(
            String::from_utf8(buf).expect("ascii"),
            "%5\r\n$7\r\nsummary\r\n$21\r\nEcho the given string\r\n$5\r\nsince\r\n\
             $5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n\
             $4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n%2\r\n$4\r\nname\r\n$7\r\nmessage\r\n\
             $4\r\ntype\r\n$6\r\nstring\r\n"
        );
    }

    #[test]
    fn fields_and_lookup() {
        let get = find("get").expect("GET is recorded");
        assert_eq!(get.arity(), 2);
        assert_eq!(get.key_range(), (1, 1, 1));
        assert_eq!(
            get.acl_categories().collect::<Vec<_>>(),
            ["read", "string", "fast"]
        );
        assert_eq!(get.syntax(), "key");
        assert_eq!(get.doc("group").and_then(|v| v.as_str()), Some("string"));
        assert_eq!(find("client|id").map(|d| d.arity()), Some(2));
        assert!(find("client|nosuch").is_none() && find("nosuch").is_none());
        assert_eq!(
            find("zadd").map(|d| d.syntax()).as_deref(),
            Some("key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]")
        );
    }
}
