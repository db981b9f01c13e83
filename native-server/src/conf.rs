//! Configuration loading the way redis-server does it: a redis.conf-syntax file, then the
//! command-line options appended to it as extra lines, all read as `name arg arg` directives.
//!
//! This module only *parses* (into [`Directive`]s with their line for error messages) and
//! tells known Redis 7.0 directive names from unknown ones; what a directive does is decided
//! by [`crate::apply`]. Errors are reported exactly as redis-server 7.0 reports them (the
//! `*** FATAL CONFIG FILE ERROR ***` block, exit code 1), so scripts written for Redis behave
//! the same.

use std::path::Path;

use redlet_core::resp::split_args;

/// One directive: its lower-cased name, its arguments, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Lower-cased directive name (`port`, `bind`, ...).
    pub name: String,
    /// Arguments after the name, unquoted.
    pub args: Vec<Vec<u8>>,
    /// 1-based line number in the text it was read from (Redis counts the command-line
    /// options as lines after the file's).
    pub line_no: usize,
    /// The line as written (trimmed), shown by the fatal error block.
    pub line: String,
}

/// A fatal configuration error: printed as Redis prints it, then the process exits with 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfError {
    /// The offending line number and text, when the error is about a line.
    pub at: Option<(usize, String)>,
    /// The reason, e.g. `Bad directive or wrong number of arguments`.
    pub reason: String,
}

impl ConfError {
    /// An error about `d`'s line.
    pub fn at(d: &Directive, reason: impl Into<String>) -> Self {
        ConfError {
            at: Some((d.line_no, d.line.clone())),
            reason: reason.into(),
        }
    }

    /// The text redis-server writes to stderr for this error (`loadServerConfigFromString`).
    pub fn render(&self, redis_version: &str) -> String {
        let mut s = format!("\n*** FATAL CONFIG FILE ERROR (Redis {redis_version}) ***\n");
        if let Some((n, line)) = &self.at {
            s.push_str(&format!(
                "Reading the configuration file, at line {n}\n>>> '{line}'\n"
            ));
        }
        s.push_str(&self.reason);
        s.push('\n');
        s
    }
}

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Cli {
    /// `-v` / `--version`.
    Version,
    /// `-h` / `--help`.
    Help,
    /// Run with this config file (if any) and these extra option lines.
    Run {
        /// The config file given as first argument.
        file: Option<String>,
        /// Options as config text, one `name args` line per `--name` (Redis's `options` sds).
        options: String,
    },
}

/// Parses the command line like redis-server's `main`: an optional config file first, then
/// `--name value...` options turned into config lines. Values are quoted with `repr` so they
/// survive re-splitting (and so errors show them quoted, as Redis does).
pub fn parse_cli(argv: &[String]) -> Cli {
    let mut j = 1;
    if let Some(first) = argv.get(1) {
        match first.as_str() {
            "-v" | "--version" => return Cli::Version,
            "-h" | "--help" => return Cli::Help,
            _ => {}
        }
    }
    let mut file = None;
    if let Some(first) = argv.get(1) {
        if !first.starts_with('-') {
            file = Some(first.clone());
            j = 2;
        }
    }
    let mut options = String::new();
    // Whether the last option name already has its value (`--port 1` or "--port 1").
    let mut handled_last = true;
    while j < argv.len() {
        let a = &argv[j];
        if handled_last && a.starts_with("--") {
            if !options.is_empty() {
                options.push('\n');
            }
            options.push_str(&a[2..]);
            options.push(' ');
            let words = split_args(a.as_bytes()).map_or(0, |w| w.len());
            if words == 1 {
                handled_last = false;
                let next_is_option = argv.get(j + 1).is_some_and(|n| n.starts_with("--"));
                if a.eq_ignore_ascii_case("--save") && (next_is_option || j + 1 == argv.len()) {
                    // `--save` with no value means `save ""` (Redis keeps pre-7.0 behaviour).
                    options.push_str("\"\"");
                    handled_last = true;
                }
            } else {
                handled_last = true;
            }
        } else {
            options.push_str(&repr(a.as_bytes()));
            options.push(' ');
            handled_last = true;
        }
        j += 1;
    }
    Cli::Run { file, options }
}

/// Quotes bytes like Redis's `sdscatrepr`: `"..."` with C escapes and `\xHH`.
pub fn repr(s: &[u8]) -> String {
    let mut out = String::from("\"");
    for &c in s {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x07 => out.push_str("\\a"),
            0x08 => out.push_str("\\b"),
            c if c.is_ascii_graphic() || c == b' ' => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push('"');
    out
}

/// Deepest `include` nesting followed (Redis has no limit; a loop would never end).
const MAX_INCLUDE_DEPTH: usize = 16;

/// Reads the whole configuration: the file (if any), then the command-line `options`, as one
/// text (file, a newline, options) exactly as Redis concatenates them, so line numbers in
/// errors match. `include` directives are expanded in place.
pub fn load(file: Option<&str>, options: &str) -> Result<Vec<Directive>, ConfError> {
    let mut text = String::new();
    if let Some(path) = file {
        text = read_file(path)?;
    }
    if !options.is_empty() {
        text.push('\n');
        text.push_str(options);
    }
    let mut out = Vec::new();
    parse_text(&text, 0, &mut out)?;
    Ok(out)
}

fn read_file(path: &str) -> Result<String, ConfError> {
    std::fs::read(Path::new(path))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| ConfError {
            at: None,
            reason: format!(
                "Fatal error, can't open config file '{path}': {}",
                crate::log::os_error_text(&e)
            ),
        })
}

/// Splits config text into directives (Redis's `loadServerConfigFromString` front half):
/// lines are trimmed, blank lines and `#` comments skipped, arguments split like
/// `sdssplitargs`, names lower-cased; unknown names are refused here.
pub fn parse_text(text: &str, depth: usize, out: &mut Vec<Directive>) -> Result<(), ConfError> {
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let here = Some((i + 1, line.to_string()));
        let Some(mut words) = split_args(line.as_bytes()) else {
            return Err(ConfError {
                at: here,
                reason: "Unbalanced quotes in configuration line".into(),
            });
        };
        if words.is_empty() {
            continue;
        }
        let name = String::from_utf8_lossy(&words.remove(0)).to_ascii_lowercase();
        let d = Directive {
            name,
            args: words,
            line_no: i + 1,
            line: line.to_string(),
        };
        let argc = d.args.len() + 1;
        match classify(&d.name) {
            Kind::Param { multi_arg } => {
                if !multi_arg && argc != 2 {
                    return Err(ConfError::at(&d, "wrong number of arguments"));
                }
                out.push(d);
            }
            Kind::Deprecated if argc == 2 => {}
            Kind::Include if argc == 2 => {
                if depth >= MAX_INCLUDE_DEPTH {
                    return Err(ConfError::at(&d, "include nesting too deep"));
                }
                let path = String::from_utf8_lossy(&d.args[0]).into_owned();
                let included = read_file(&path)?;
                parse_text(&included, depth + 1, out)?;
            }
            Kind::OtherDirective { min_argc } if argc >= min_argc => out.push(d),
            _ if d.name.contains('.') => {
                // A module's parameter (`module.name value`); modules are not supported, so
                // it is kept and warned about like any unimplemented parameter.
                if argc != 2 {
                    return Err(ConfError::at(&d, "Module config specified without value"));
                }
                out.push(d);
            }
            _ => {
                return Err(ConfError::at(
                    &d,
                    "Bad directive or wrong number of arguments",
                ))
            }
        }
    }
    Ok(())
}

/// How Redis 7.0 treats a directive name.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    /// A configuration parameter (CONFIG GET/SET name or alias).
    Param { multi_arg: bool },
    /// Accepted and ignored by Redis 7.0 (`deprecated_configs`).
    Deprecated,
    /// `include path`.
    Include,
    /// `rename-command`, `user`, `loadmodule`, `sentinel`: not parameters.
    OtherDirective { min_argc: usize },
    /// Not a Redis 7.0 directive.
    Unknown,
}

fn classify(name: &str) -> Kind {
    if let Ok(i) = REDIS_7_0_PARAMS.binary_search(&name) {
        let multi_arg = MULTI_ARG_PARAMS.contains(&REDIS_7_0_PARAMS[i]);
        return Kind::Param { multi_arg };
    }
    match name {
        "list-max-ziplist-entries" | "list-max-ziplist-value" | "lua-replicate-commands" => {
            Kind::Deprecated
        }
        "include" => Kind::Include,
        "rename-command" => Kind::OtherDirective { min_argc: 3 },
        "user" | "loadmodule" | "sentinel" => Kind::OtherDirective { min_argc: 2 },
        _ => Kind::Unknown,
    }
}

/// Parameters taking any number of arguments (Redis's `MULTI_ARG_CONFIG`).
const MULTI_ARG_PARAMS: &[&str] = &[
    "bind",
    "client-output-buffer-limit",
    "latency-tracking-info-percentiles",
    "oom-score-adj-values",
    "save",
];

/// Every configuration parameter name and alias redis-server 7.0.15 knows (CONFIG GET `*`
/// plus the hidden debug ones), sorted for binary search.
const REDIS_7_0_PARAMS: &[&str] = &[
    "acl-pubsub-default",
    "aclfile",
    "acllog-max-len",
    "active-defrag-cycle-max",
    "active-defrag-cycle-min",
    "active-defrag-ignore-bytes",
    "active-defrag-max-scan-fields",
    "active-defrag-threshold-lower",
    "active-defrag-threshold-upper",
    "active-expire-effort",
    "activedefrag",
    "activerehashing",
    "always-show-logo",
    "aof-disable-auto-gc",
    "aof-load-truncated",
    "aof-rewrite-incremental-fsync",
    "aof-timestamp-enabled",
    "aof-use-rdb-preamble",
    "aof_rewrite_cpulist",
    "appenddirname",
    "appendfilename",
    "appendfsync",
    "appendonly",
    "auto-aof-rewrite-min-size",
    "auto-aof-rewrite-percentage",
    "bgsave_cpulist",
    "bind",
    "bind-source-addr",
    "bio_cpulist",
    "busy-reply-threshold",
    "client-output-buffer-limit",
    "client-query-buffer-limit",
    "cluster-allow-pubsubshard-when-down",
    "cluster-allow-reads-when-down",
    "cluster-allow-replica-migration",
    "cluster-announce-bus-port",
    "cluster-announce-hostname",
    "cluster-announce-ip",
    "cluster-announce-port",
    "cluster-announce-tls-port",
    "cluster-config-file",
    "cluster-enabled",
    "cluster-link-sendbuf-limit",
    "cluster-migration-barrier",
    "cluster-node-timeout",
    "cluster-port",
    "cluster-preferred-endpoint-type",
    "cluster-replica-no-failover",
    "cluster-replica-validity-factor",
    "cluster-require-full-coverage",
    "cluster-slave-no-failover",
    "cluster-slave-validity-factor",
    "crash-log-enabled",
    "crash-memcheck-enabled",
    "daemonize",
    "databases",
    "dbfilename",
    "dir",
    "disable-thp",
    "dynamic-hz",
    "enable-debug-command",
    "enable-module-command",
    "enable-protected-configs",
    "hash-max-listpack-entries",
    "hash-max-listpack-value",
    "hash-max-ziplist-entries",
    "hash-max-ziplist-value",
    "hll-sparse-max-bytes",
    "hz",
    "ignore-warnings",
    "io-threads",
    "io-threads-do-reads",
    "jemalloc-bg-thread",
    "key-load-delay",
    "latency-monitor-threshold",
    "latency-tracking",
    "latency-tracking-info-percentiles",
    "lazyfree-lazy-eviction",
    "lazyfree-lazy-expire",
    "lazyfree-lazy-server-del",
    "lazyfree-lazy-user-del",
    "lazyfree-lazy-user-flush",
    "lfu-decay-time",
    "lfu-log-factor",
    "list-compress-depth",
    "list-max-listpack-size",
    "list-max-ziplist-size",
    "loading-process-events-interval-bytes",
    "logfile",
    "loglevel",
    "lua-enable-deprecated-api",
    "lua-time-limit",
    "masterauth",
    "masteruser",
    "maxclients",
    "maxmemory",
    "maxmemory-clients",
    "maxmemory-eviction-tenacity",
    "maxmemory-policy",
    "maxmemory-samples",
    "min-replicas-max-lag",
    "min-replicas-to-write",
    "min-slaves-max-lag",
    "min-slaves-to-write",
    "no-appendfsync-on-rewrite",
    "notify-keyspace-events",
    "oom-score-adj",
    "oom-score-adj-values",
    "pidfile",
    "port",
    "proc-title-template",
    "propagation-error-behavior",
    "protected-mode",
    "proto-max-bulk-len",
    "rdb-del-sync-files",
    "rdb-key-save-delay",
    "rdb-save-incremental-fsync",
    "rdbchecksum",
    "rdbcompression",
    "repl-backlog-size",
    "repl-backlog-ttl",
    "repl-disable-tcp-nodelay",
    "repl-diskless-load",
    "repl-diskless-sync",
    "repl-diskless-sync-delay",
    "repl-diskless-sync-max-replicas",
    "repl-ping-replica-period",
    "repl-ping-slave-period",
    "repl-timeout",
    "replica-announce-ip",
    "replica-announce-port",
    "replica-announced",
    "replica-ignore-disk-write-errors",
    "replica-ignore-maxmemory",
    "replica-lazy-flush",
    "replica-priority",
    "replica-read-only",
    "replica-serve-stale-data",
    "replicaof",
    "requirepass",
    "sanitize-dump-payload",
    "save",
    "server_cpulist",
    "set-max-intset-entries",
    "set-proc-title",
    "shutdown-on-sigint",
    "shutdown-on-sigterm",
    "shutdown-timeout",
    "slave-announce-ip",
    "slave-announce-port",
    "slave-ignore-maxmemory",
    "slave-lazy-flush",
    "slave-priority",
    "slave-read-only",
    "slave-serve-stale-data",
    "slaveof",
    "slowlog-log-slower-than",
    "slowlog-max-len",
    "socket-mark-id",
    "stop-writes-on-bgsave-error",
    "stream-node-max-bytes",
    "stream-node-max-entries",
    "supervised",
    "syslog-enabled",
    "syslog-facility",
    "syslog-ident",
    "tcp-backlog",
    "tcp-keepalive",
    "timeout",
    "tls-auth-clients",
    "tls-ca-cert-dir",
    "tls-ca-cert-file",
    "tls-cert-file",
    "tls-ciphers",
    "tls-ciphersuites",
    "tls-client-cert-file",
    "tls-client-key-file",
    "tls-client-key-file-pass",
    "tls-cluster",
    "tls-dh-params-file",
    "tls-key-file",
    "tls-key-file-pass",
    "tls-port",
    "tls-prefer-server-ciphers",
    "tls-protocols",
    "tls-replication",
    "tls-session-cache-size",
    "tls-session-cache-timeout",
    "tls-session-caching",
    "tracking-table-max-keys",
    "unixsocket",
    "unixsocketperm",
    "use-exit-on-panic",
    "watchdog-period",
    "zset-max-listpack-entries",
    "zset-max-listpack-value",
    "zset-max-ziplist-entries",
    "zset-max-ziplist-value",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &[&str]) -> Vec<String> {
        std::iter::once("redlet-server")
            .chain(s.iter().copied())
            .map(String::from)
            .collect()
    }

    fn err_of(args: &[&str]) -> String {
        let Cli::Run { file, options } = parse_cli(&argv(args)) else {
            panic!("not a run");
        };
        load(file.as_deref(), &options)
            .expect_err("an error")
            .render("7.0.15")
    }

    #[test]
    fn param_list_is_sorted_and_unique() {
        assert!(REDIS_7_0_PARAMS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(REDIS_7_0_PARAMS.len(), 198);
    }

    #[test]
    fn cli_options_become_lines() {
        let cli = parse_cli(&argv(&[
            "--port",
            "7000",
            "--bind",
            "127.0.0.1",
            "::1",
            "--save",
        ]));
        assert_eq!(
            cli,
            Cli::Run {
                file: None,
                options: "port \"7000\" \nbind \"127.0.0.1\" \"::1\" \nsave \"\"".into()
            }
        );
        assert_eq!(parse_cli(&argv(&["-v"])), Cli::Version);
        assert_eq!(parse_cli(&argv(&["--help"])), Cli::Help);
    }

    #[test]
    fn errors_match_redis() {
        assert_eq!(
            err_of(&["--foo", "bar"]),
            "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, \
             at line 2\n>>> 'foo \"bar\"'\nBad directive or wrong number of arguments\n"
        );
        assert!(err_of(&["--port", "1", "2"])
            .ends_with(">>> 'port \"1\" \"2\"'\nwrong number of arguments\n"));
        assert!(err_of(&["--port", "1", "--save", "", "--foo", "a b"])
            .contains("at line 4\n>>> 'foo \"a b\"'\n"));
    }

    #[test]
    fn file_lines_comments_quotes() {
        let mut out = Vec::new();
        parse_text(
            "port 1\n\n  # comment\nbind 'a b' \"c\\x41\"\r\n",
            0,
            &mut out,
        )
        .unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].name, "bind");
        assert_eq!(out[1].args, vec![b"a b".to_vec(), b"cA".to_vec()]);
        assert_eq!(out[1].line_no, 4);
        let e = parse_text("port \"abc\n", 0, &mut Vec::new()).unwrap_err();
        assert_eq!(e.reason, "Unbalanced quotes in configuration line");
        // Deprecated names are swallowed; rename-command needs two arguments.
        let mut out = Vec::new();
        parse_text(
            "list-max-ziplist-entries 5\nrename-command a b",
            0,
            &mut out,
        )
        .unwrap();
        assert_eq!(out.len(), 1);
        assert!(parse_text("rename-command a", 0, &mut out).is_err());
    }
}
