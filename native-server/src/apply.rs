//! Applying parsed directives to the engine's [`Config`] and the runtime's [`Listen`] options.
//!
//! *Temporary seam*: core is growing a parameter registry (`Config::set_param`); at merge,
//! [`apply_param`] becomes a call into it and only the runtime-owned parameters (port, bind,
//! dir, pidfile, daemonize) stay here. Value checks and their error texts follow Redis 7.0's
//! `config.c` (`argument couldn't be parsed into an integer`, `argument must be between A and
//! B inclusive`, `argument must be a memory value`).

use redlet_core::Config;

use crate::conf::{ConfError, Directive};
use crate::log;

/// Options only the runtime acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listen {
    /// `port`: TCP port (0 = do not listen, as in Redis).
    pub port: u16,
    /// `bind`: addresses to listen on; a leading `-` marks an address that may be missing.
    pub bind: Vec<String>,
    /// `pidfile`: written at start, removed at exit.
    pub pidfile: Option<String>,
}

impl Default for Listen {
    fn default() -> Self {
        // Like the stock redis.conf (loopback only) rather than Redis's built-in `* -::*`:
        // a teaching server should not be reachable from the network by accident.
        Listen {
            port: 6379,
            bind: vec!["127.0.0.1".into(), "-::1".into()],
            pidfile: None,
        }
    }
}

/// Applies every directive in order (later ones win, as in Redis).
pub fn apply_all(
    directives: &[Directive],
    config: &mut Config,
    listen: &mut Listen,
) -> Result<(), ConfError> {
    for d in directives {
        apply_param(d, config, listen).map_err(|reason| ConfError::at(d, reason))?;
    }
    Ok(())
}

/// Applies one directive; `Err` carries Redis's reason text.
pub fn apply_param(d: &Directive, config: &mut Config, listen: &mut Listen) -> Result<(), String> {
    let arg = || String::from_utf8_lossy(d.args.first().map_or(&b""[..], |a| a)).into_owned();
    match d.name.as_str() {
        "port" => listen.port = int_in(&arg(), 0, 65535)? as u16,
        "bind" => {
            listen.bind = d
                .args
                .iter()
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect();
            // `bind ""` (one empty argument) means no address, as in Redis.
            listen.bind.retain(|a| !a.is_empty());
        }
        "dir" => std::env::set_current_dir(arg()).map_err(|e| log::os_error_text(&e))?,
        "pidfile" => {
            let p = arg();
            listen.pidfile = (!p.is_empty()).then_some(p);
        }
        "daemonize" => {
            if yes_no(&arg())? {
                log::warn("daemonize yes is not supported by redlet; running in the foreground");
            }
        }
        "databases" => config.databases = int_in(&arg(), 1, i32::MAX as i64)? as usize,
        "maxclients" => config.maxclients = int_in(&arg(), 1, u32::MAX as i64)? as usize,
        // Redis clamps hz into 1..=500 after accepting 0..=INT_MAX.
        "hz" => config.hz = int_in(&arg(), 0, i32::MAX as i64)?.clamp(1, 500) as u32,
        "proto-max-bulk-len" => {
            config.proto_max_bulk_len = mem_in(&arg(), 1024 * 1024, i64::MAX)? as usize
        }
        "client-query-buffer-limit" => {
            config.client_query_buffer_limit = mem_in(&arg(), 1024 * 1024, i64::MAX)? as usize
        }
        "list-max-listpack-size" | "list-max-ziplist-size" => {
            config.list_max_listpack_size = int_in(&arg(), i32::MIN as i64, i32::MAX as i64)?
        }
        "stream-node-max-entries" => config.stream_node_max_entries = int_in(&arg(), 0, i64::MAX)?,
        "stream-node-max-bytes" => config.stream_node_max_bytes = mem_in(&arg(), 0, i64::MAX)?,
        _ => {
            // A Redis parameter redlet does not act on: kept for CONFIG GET, warned about.
            let value = d
                .args
                .iter()
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect::<Vec<_>>()
                .join(" ");
            log::warn(&format!(
                "'{}' is a Redis parameter redlet does not implement; ignored",
                d.name
            ));
            config.extra.retain(|(n, _)| *n != d.name);
            config.extra.push((d.name.clone(), value));
        }
    }
    Ok(())
}

fn yes_no(s: &str) -> Result<bool, String> {
    if s.eq_ignore_ascii_case("yes") {
        Ok(true)
    } else if s.eq_ignore_ascii_case("no") {
        Ok(false)
    } else {
        Err("argument must be 'yes' or 'no'".into())
    }
}

fn in_range(v: i64, lo: i64, hi: i64) -> Result<i64, String> {
    if v < lo || v > hi {
        return Err(format!("argument must be between {lo} and {hi} inclusive"));
    }
    Ok(v)
}

/// An integer parameter (Redis parses it with `string2ll`: no spaces, no `+`).
fn int_in(s: &str, lo: i64, hi: i64) -> Result<i64, String> {
    let v = redlet_core::resp::string2ll(s.as_bytes())
        .ok_or_else(|| "argument couldn't be parsed into an integer".to_string())?;
    in_range(v, lo, hi)
}

/// A memory parameter: digits and an optional unit (`b`, `k`=1000, `kb`=1024, `m`, `mb`,
/// `g`, `gb`, any case), as Redis's `memtoull`.
fn mem_in(s: &str, lo: i64, hi: i64) -> Result<i64, String> {
    let bad = || "argument must be a memory value".to_string();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let (num, unit) = s.split_at(digits);
    let mul: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" => 1000,
        "kb" => 1024,
        "m" => 1000 * 1000,
        "mb" => 1024 * 1024,
        "g" => 1000 * 1000 * 1000,
        "gb" => 1024 * 1024 * 1024,
        _ => return Err(bad()),
    };
    let n: u64 = num.parse().map_err(|_| bad())?;
    let v = i64::try_from(n.wrapping_mul(mul)).map_err(|_| bad())?;
    in_range(v, lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(line: &str) -> Result<(Config, Listen), String> {
        let mut ds = Vec::new();
        crate::conf::parse_text(line, 0, &mut ds).map_err(|e| e.reason)?;
        let (mut c, mut l) = (Config::default(), Listen::default());
        apply_all(&ds, &mut c, &mut l).map_err(|e| e.reason)?;
        Ok((c, l))
    }

    #[test]
    fn values_and_errors_match_redis() {
        assert_eq!(apply("port 7000").unwrap().1.port, 7000);
        assert_eq!(
            apply("port abc").unwrap_err(),
            "argument couldn't be parsed into an integer"
        );
        assert_eq!(
            apply("port 70000").unwrap_err(),
            "argument must be between 0 and 65535 inclusive"
        );
        assert_eq!(
            apply("databases 0").unwrap_err(),
            "argument must be between 1 and 2147483647 inclusive"
        );
        assert_eq!(
            apply("proto-max-bulk-len 100").unwrap_err(),
            "argument must be between 1048576 and 9223372036854775807 inclusive"
        );
        assert_eq!(
            apply("proto-max-bulk-len abc").unwrap_err(),
            "argument must be a memory value"
        );
        assert_eq!(
            apply("proto-max-bulk-len 2mb")
                .unwrap()
                .0
                .proto_max_bulk_len,
            2 << 20
        );
        assert_eq!(apply("hz 0").unwrap().0.hz, 1);
        assert_eq!(
            apply("daemonize maybe").unwrap_err(),
            "argument must be 'yes' or 'no'"
        );
        let (c, l) = apply("bind 127.0.0.1 ::1\nmaxmemory 1gb\ndatabases 4").unwrap();
        assert_eq!(l.bind, vec!["127.0.0.1", "::1"]);
        assert_eq!(c.databases, 4);
        assert_eq!(c.extra, vec![("maxmemory".to_string(), "1gb".to_string())]);
    }
}
