//! Applying parsed directives to the engine's [`Config`] and the runtime's [`Listen`] options.
//!
//! The runtime-owned parameters (port, bind, dir, pidfile, daemonize) are handled here; every
//! other parameter goes through core's registry (`Config::set_param`), whose value checks and
//! error texts follow Redis 7.0's `config.c`, so a file, `--name value` flags and CONFIG SET
//! accept and refuse the same values.

use redlet_core::config::ParamStatus;
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
            // Recorded in the engine's registry too: CONFIG GET / REWRITE report it.
            config.set_param("bind", &listen.bind.join(" "))?;
        }
        "dir" => {
            std::env::set_current_dir(arg()).map_err(|e| log::os_error_text(&e))?;
            if let Ok(cwd) = std::env::current_dir() {
                config.set_param("dir", &cwd.display().to_string())?;
            }
        }
        "pidfile" => {
            let p = arg();
            listen.pidfile = (!p.is_empty()).then_some(p);
        }
        "daemonize" => {
            if yes_no(&arg())? {
                log::warn("daemonize yes is not supported by redlet; running in the foreground");
            }
        }
        _ => {
            let value = d
                .args
                .iter()
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect::<Vec<_>>()
                .join(" ");
            match Config::param_status(&d.name) {
                ParamStatus::Implemented => config.set_param(&d.name, &value)?,
                ParamStatus::Known if crate::aof::PARAMS.contains(&d.name.as_str()) => {
                    // Kept in core's registry, acted upon by the runtime (`crate::aof`).
                    config.set_param(&d.name, &value)?;
                }
                ParamStatus::Known => {
                    // Validated and kept for CONFIG GET, but not acted upon: say so.
                    config.set_param(&d.name, &value)?;
                    log::warn(&format!(
                        "'{}' is a Redis parameter redlet does not implement; ignored",
                        d.name
                    ));
                }
                // Directives that are not CONFIG parameters (include is expanded by the
                // parser; rename-command, user, loadmodule, sentinel...).
                ParamStatus::Unknown => log::warn(&format!(
                    "'{}' is a Redis directive redlet does not implement; ignored",
                    d.name
                )),
            }
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
        assert_eq!(
            c.get_params(&[b"maxmemory"]),
            vec![("maxmemory".to_string(), "1073741824".to_string())]
        );
    }

    /// The example file in the repository lists every parameter redlet acts on, each with
    /// its default, and loads without error.
    #[test]
    fn example_redlet_conf_lists_every_supported_parameter_with_its_default() {
        let text = include_str!("../../redlet.conf");
        let mut ds = Vec::new();
        crate::conf::parse_text(text, 0, &mut ds).expect("redlet.conf parses");
        let names: Vec<&str> = ds.iter().map(|d| d.name.as_str()).collect();
        let implemented = redlet_core::config::IMPLEMENTED.iter();
        for name in implemented.chain(crate::aof::PARAMS.iter()) {
            assert!(names.contains(name), "redlet.conf lacks {name}");
        }
        let (mut c, mut l) = (Config::default(), Listen::default());
        apply_all(&ds, &mut c, &mut l).expect("redlet.conf applies");
        let defaults = Config::default();
        for name in redlet_core::config::IMPLEMENTED {
            if *name == "port" {
                continue; // the runtime's (Listen), checked below
            }
            assert_eq!(
                c.get_params(&[name.as_bytes()]),
                defaults.get_params(&[name.as_bytes()]),
                "{name}: redlet.conf shows a value other than the default"
            );
        }
        assert_eq!(l, Listen::default());
    }
}
