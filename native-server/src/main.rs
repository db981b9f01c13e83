//! redlet-server: the redlet engine behind a TCP listener, started like redis-server.
//!
//! `redlet-server [config-file] [--name value ...]`: the config file (redis.conf syntax) and
//! the command-line options are read as one list of directives ([`conf`]), applied to the
//! engine's `Config` and the runtime's listen options ([`apply`]), then [`runtime`] serves
//! until SIGINT/SIGTERM. This crate holds no command semantics: every byte a client receives
//! is produced by `redlet_core::Server`.

mod aof;
mod apply;
mod conf;
mod log;
mod rdb_file;
mod runtime;

use std::process::ExitCode;

use redlet_core::Config;

const HELP: &str = "\
Usage: redlet-server [/path/to/redis.conf] [options]
       redlet-server -v or --version
       redlet-server -h or --help

redlet is a Redis 7.0-compatible server. The config file uses redis.conf syntax
(one `name arg arg` per line, # comments, \"quoted\" or 'quoted' arguments,
`include other.conf`); every --name value option is read as a line appended to it,
so options override the file.

Parameters redlet acts on:
  port N                        TCP port (default 6379)
  bind ADDR [ADDR ...]          addresses to listen on (default 127.0.0.1 -::1;
                                a leading - marks an optional address, * is all IPv4)
  dir PATH                      working directory
  pidfile PATH                  write the process id there
  databases N                   number of databases (default 16)
  maxclients N                  connection limit (default 10000)
  hz N                          background task frequency (default 10)
  proto-max-bulk-len BYTES      largest bulk string accepted (default 512mb)
  client-query-buffer-limit B   unparsed input per client before it is closed (default 1gb)
  list-max-listpack-size N, stream-node-max-entries N, stream-node-max-bytes B
Other Redis 7.0 parameters are accepted with a warning and ignored; unknown
names are a fatal error, as in redis-server.

Examples:
       redlet-server
       redlet-server --port 7777
       redlet-server /etc/redlet.conf --loglevel verbose
       redlet-server --bind 127.0.0.1 ::1 --databases 4
";

fn main() -> ExitCode {
    // A panic is a bug, and the engine's state may be half-updated after one: report it and
    // abort rather than keep serving (tokio would otherwise just end that one task).
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default_hook(info);
        std::process::abort();
    }));
    let argv: Vec<String> = std::env::args().collect();
    let (file, options) = match conf::parse_cli(&argv) {
        conf::Cli::Version => {
            println!(
                "redlet-server v={} (Redis {} compatible) bits={}",
                env!("CARGO_PKG_VERSION"),
                Config::default().redis_version,
                usize::BITS
            );
            return ExitCode::SUCCESS;
        }
        conf::Cli::Help => {
            // redis-server prints its usage to stderr and exits 1; asking for help is not
            // an error, so redlet uses stdout and 0.
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        conf::Cli::Run { file, options } => (file, options),
    };
    let mut config = Config {
        // Absolute, before `dir` changes the working directory: CONFIG REWRITE writes it back.
        config_file: file.as_deref().map(|f| {
            std::fs::canonicalize(f)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| f.to_string())
        }),
        ..Config::default()
    };
    let mut listen = apply::Listen::default();
    let loaded = conf::load(file.as_deref(), &options)
        .and_then(|ds| apply::apply_all(&ds, &mut config, &mut listen));
    if let Err(e) = loaded {
        if e.at.is_none() {
            // Like Redis: a file that cannot be read is a log line, not the FATAL block.
            log::warn(&e.reason);
        } else {
            eprint!("{}", e.render(&config.redis_version));
        }
        return ExitCode::FAILURE;
    }
    let pid = std::process::id();
    log::warn("oO0OoO0OoO0Oo redlet is starting oO0OoO0OoO0Oo");
    log::warn(&format!(
        "redlet version={} (Redis {} compatible), bits={}, pid={pid}, just started",
        env!("CARGO_PKG_VERSION"),
        config.redis_version,
        usize::BITS
    ));
    if file.is_some() {
        log::warn("Configuration loaded");
    } else {
        log::warn(
            "Warning: no config file specified, using the default config. In order to specify \
             a config file use redlet-server /path/to/redis.conf",
        );
    }
    config.process_id = pid;
    config.tcp_port = listen.port;
    if let Some(p) = &listen.pidfile {
        if let Err(e) = std::fs::write(p, format!("{pid}\n")) {
            log::warn(&format!(
                "Failed to write PID file: {}",
                log::os_error_text(&e)
            ));
        }
    }
    log::notice(&format!("Running mode=standalone, port={}.", listen.port));
    let result = runtime::run(config, listen.clone());
    if let Some(p) = &listen.pidfile {
        let _ = std::fs::remove_file(p);
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            log::warn(&msg);
            ExitCode::FAILURE
        }
    }
}
