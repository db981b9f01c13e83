//! The shape of the generated command metadata (`docs.rs`) and its serialization.
//!
//! Redis 7.0 describes each command twice: COMMAND INFO (arity, flags, key positions, ACL
//! categories, tips, key specs) and COMMAND DOCS (summary, since, group, complexity, history,
//! argument tree). `scripts/gen_command_docs.py` records both from a real redis-server as
//! static value trees ([`Val`]), so serializing a tree yields Redis's exact bytes in either
//! protocol. Invariants: a [`CommandDoc`]'s `info` holds COMMAND INFO's elements 2 to 9
//! (arity .. key specs; the name and subcommands are added when serializing), `docs` holds
//! the DOCS map without `subcommands`.

use crate::resp::Reply;

/// A RESP3 value as Redis wrote it (maps and sets become arrays in RESP2).
#[derive(Debug, Clone, Copy)]
pub enum Val {
    /// A bulk string.
    Bulk(&'static str),
    /// A simple string (flags, ACL categories).
    Simple(&'static str),
    /// An integer.
    Int(i64),
    /// An array.
    Arr(&'static [Val]),
    /// A set (`~`).
    Set(&'static [Val]),
    /// A map (`%`) with bulk-string keys.
    Map(&'static [(&'static str, Val)]),
}

impl Val {
    /// Writes the value in the reply's protocol.
    pub fn write(&self, out: &mut Reply<'_>) {
        match *self {
            Val::Bulk(s) => out.bulk(s.as_bytes()),
            Val::Simple(s) => out.simple(s),
            Val::Int(n) => out.int(n),
            Val::Arr(items) => {
                out.array(items.len());
                items.iter().for_each(|v| v.write(out));
            }
            Val::Set(items) => {
                out.set(items.len());
                items.iter().for_each(|v| v.write(out));
            }
            Val::Map(pairs) => write_map(out, pairs),
        }
    }

    /// The string inside a bulk or simple string.
    pub fn as_str(&self) -> Option<&'static str> {
        match *self {
            Val::Bulk(s) | Val::Simple(s) => Some(s),
            _ => None,
        }
    }

    /// The integer inside an integer.
    pub fn as_int(&self) -> Option<i64> {
        match *self {
            Val::Int(n) => Some(n),
            _ => None,
        }
    }

    /// The elements of an array or set.
    pub fn items(&self) -> &'static [Val] {
        match *self {
            Val::Arr(v) | Val::Set(v) => v,
            _ => &[],
        }
    }

    /// The value under `key` of a map.
    pub fn get(&self, key: &str) -> Option<&'static Val> {
        match *self {
            Val::Map(pairs) => lookup(pairs, key),
            _ => None,
        }
    }
}

fn lookup(pairs: &'static [(&'static str, Val)], key: &str) -> Option<&'static Val> {
    pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
}

fn write_map(out: &mut Reply<'_>, pairs: &[(&'static str, Val)]) {
    out.map(pairs.len());
    for (k, v) in pairs {
        out.bulk(k.as_bytes());
        v.write(out);
    }
}

/// One command's (or subcommand's) recorded metadata.
#[derive(Debug)]
pub struct CommandDoc {
    /// Full lower-case name (`get`, `client|id`).
    pub name: &'static str,
    /// COMMAND INFO elements after the name: arity, flags, first key, last key, step, ACL
    /// categories, tips, key specs.
    pub info: &'static [Val],
    /// COMMAND DOCS fields, in Redis's order, without `subcommands`.
    pub docs: &'static [(&'static str, Val)],
    /// Subcommands, sorted by name.
    pub subcommands: &'static [CommandDoc],
}

impl CommandDoc {
    /// COMMAND INFO's integer element `i` (0 = arity, 2..=4 = first, last, step).
    fn info_int(&self, i: usize) -> i64 {
        self.info.get(i).and_then(Val::as_int).unwrap_or(0)
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
        let cats = self.info.get(5).map_or(&[][..], Val::items);
        cats.iter()
            .filter_map(Val::as_str)
            .map(|c| c.trim_start_matches('@'))
    }

    /// A COMMAND DOCS field (`summary`, `since`, `group`, `complexity`, `arguments`, ...).
    pub fn doc(&self, key: &str) -> Option<&'static Val> {
        lookup(self.docs, key)
    }

    /// The one-line summary.
    pub fn summary(&self) -> &'static str {
        self.doc("summary").and_then(Val::as_str).unwrap_or("")
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
        self.info.iter().for_each(|v| v.write(out));
        let subs: Vec<&CommandDoc> = self.subcommands.iter().filter(|s| keep(s)).collect();
        out.array(subs.len());
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
        out.map(self.docs.len() + usize::from(has_subs));
        for (k, v) in self.docs {
            out.bulk(k.as_bytes());
            v.write(out);
        }
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
        let args = self.doc("arguments").map_or(&[][..], Val::items);
        let parts: Vec<String> = args.iter().map(arg_syntax).collect();
        parts.join(" ")
    }
}

/// One argument of the DOCS argument tree, rendered like the Redis docs' syntax line.
fn arg_syntax(arg: &Val) -> String {
    let field = |k: &str| arg.get(k).and_then(Val::as_str);
    let flags: Vec<&str> = arg
        .get("flags")
        .map_or(&[][..], Val::items)
        .iter()
        .filter_map(Val::as_str)
        .collect();
    let name = field("display_text").or(field("name")).unwrap_or("");
    let kind = field("type").unwrap_or("");
    let children = || -> Vec<String> {
        arg.get("arguments")
            .map_or(&[][..], Val::items)
            .iter()
            .map(arg_syntax)
            .collect()
    };
    let mut s = match kind {
        "pure-token" => field("token").unwrap_or(name).to_string(),
        "oneof" => {
            let inner = children().join(" | ");
            match field("token") {
                Some(t) => format!("{t} {inner}"),
                None => inner,
            }
        }
        "block" => {
            let inner = children().join(" ");
            match field("token") {
                Some(t) => format!("{t} {inner}"),
                None => inner,
            }
        }
        _ => match field("token") {
            Some(t) => format!("{t} {name}"),
            None => name.to_string(),
        },
    };
    let optional = flags.contains(&"optional");
    if flags.contains(&"multiple") {
        s = if flags.contains(&"multiple_token") {
            format!("{s} [{s} ...]")
        } else {
            format!("{s} [{} ...]", strip_token(&s, field("token")))
        };
    }
    if optional {
        format!("[{s}]")
    } else if kind == "oneof" && !optional {
        format!("<{s}>")
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
    let docs = super::docs::DOCS;
    match name.split_once('|') {
        None => {
            let i = docs.binary_search_by(|d| d.name.cmp(name)).ok()?;
            docs.get(i)
        }
        Some((parent, _)) => find(parent)?.subcommand(name),
    }
}

/// Help for the playground: one command's summary, syntax and argument tree.
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
    /// The DOCS argument tree (maps with name, type, token, flags, arguments, ...).
    pub arguments: &'static [Val],
}

/// Help for `name` (`get`, `client setname`, `CLIENT|SETNAME`), if Redis 7.0 documents it.
pub fn help(name: &str) -> Option<CommandHelp> {
    let lower = name.trim().to_ascii_lowercase();
    let full = lower.split_whitespace().collect::<Vec<_>>().join("|");
    let d = find(&full)?;
    let s = |k: &str| d.doc(k).and_then(Val::as_str).unwrap_or("");
    Some(CommandHelp {
        name: full.replace('|', " ").to_ascii_uppercase(),
        summary: d.summary(),
        syntax: d.syntax(),
        since: s("since"),
        group: s("group"),
        complexity: s("complexity"),
        arguments: d.doc("arguments").map_or(&[][..], Val::items),
    })
}
