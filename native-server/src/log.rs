//! Log lines in redis-server's format, on stdout: `pid:M 25 Nov 2026 15:05:29.194 * text`
//! (`*` notice, `#` warning). Times are UTC: the runtime carries no time-zone database.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

/// Unix time in milliseconds: the engine's clock (`Millis`).
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Logs a notice (`*`).
pub fn notice(msg: &str) {
    line('*', msg);
}

/// Logs a warning (`#`).
pub fn warn(msg: &str) {
    line('#', msg);
}

fn line(level: char, msg: &str) {
    let stamp = format_time(now_ms());
    let mut out = std::io::stdout().lock();
    // A closed stdout must not kill the server: logging is best effort.
    let _ = writeln!(out, "{}:M {stamp} {level} {msg}", std::process::id());
    let _ = out.flush();
}

/// `25 Nov 2026 15:05:29.194` for Unix ms `ms` (UTC).
pub fn format_time(ms: u64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = ms / 1000;
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let tod = secs % 86_400;
    format!(
        "{d:02} {} {y} {:02}:{:02}:{:02}.{:03}",
        MONTHS[(m - 1) as usize],
        tod / 3600,
        tod / 60 % 60,
        tod % 60,
        ms % 1000
    )
}

/// Days since 1970-01-01 to (year, month 1..=12, day) — Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// An OS error as C's `strerror` words it (Rust appends ` (os error N)`, Redis does not).
pub fn os_error_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_format() {
        assert_eq!(format_time(1_700_000_000_123), "14 Nov 2023 22:13:20.123");
        assert_eq!(format_time(0), "01 Jan 1970 00:00:00.000");
        assert_eq!(format_time(951_782_400_000), "29 Feb 2000 00:00:00.000");
    }
}
