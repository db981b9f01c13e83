//! Every error reply redlet sends, with Redis 7.0's exact text (code included, no leading `-`).
//!
//! Tests compare these bytes with redis-server's, so a string here is changed only to match
//! Redis. Errors that embed values are built by the small functions at the end.

use std::borrow::Cow;

/// An error reply: the full line after `-`, e.g. `ERR syntax error`.
pub type CmdError = Cow<'static, str>;

/// Result of a command handler: `Err` is sent to the client as an error reply.
pub type CmdResult<T = ()> = Result<T, CmdError>;

pub const SYNTAX: &str = "ERR syntax error";
pub const WRONGTYPE: &str = "WRONGTYPE Operation against a key holding the wrong kind of value";
pub const NOT_INTEGER: &str = "ERR value is not an integer or out of range";
pub const NOT_FLOAT: &str = "ERR value is not a valid float";
pub const OVERFLOW: &str = "ERR increment or decrement would overflow";
pub const HASH_NOT_INTEGER: &str = "ERR hash value is not an integer";
pub const HASH_NOT_FLOAT: &str = "ERR hash value is not a float";
pub const NAN_OR_INFINITY: &str = "ERR value is NaN or Infinity";
pub const OUT_OF_RANGE: &str = "ERR value is out of range";
pub const OUT_OF_RANGE_COUNT: &str =
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
pub const NUMKEYS_NOT_POSITIVE: &str = "ERR numkeys should be greater than 0";
pub const NUMKEYS_TOO_MANY: &str = "ERR Number of keys can't be greater than number of args";
pub const LIMIT_NEGATIVE: &str = "ERR LIMIT can't be negative";
pub const NO_SUCH_KEY: &str = "ERR no such key";
pub const DECREMENT_OVERFLOW: &str = "ERR decrement would overflow";
pub const INCR_NAN_OR_INF: &str = "ERR increment would produce NaN or Infinity";
pub const OFFSET_OUT_OF_RANGE: &str = "ERR offset is out of range";
pub const STRING_TOO_LONG: &str = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
pub const INVALID_CURSOR: &str = "ERR invalid cursor";
pub const EXPIRE_NX_AND_XX_GT_LT: &str =
    "ERR NX and XX, GT or LT options at the same time are not compatible";
pub const EXPIRE_GT_AND_LT: &str = "ERR GT and LT options at the same time are not compatible";
pub const INDEX_OUT_OF_RANGE: &str = "ERR index out of range";
/// A count that must be >= 0 (LPOP/RPOP count, SPOP count...), also for non-integers.
pub const MUST_BE_POSITIVE: &str = "ERR value is out of range, must be positive";
/// LPOS RANK 0.
pub const LPOS_RANK_ZERO: &str = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
/// LPOS COUNT negative or not an integer.
pub const LPOS_COUNT_NEGATIVE: &str = "ERR COUNT can't be negative";
/// LPOS MAXLEN negative or not an integer.
pub const LPOS_MAXLEN_NEGATIVE: &str = "ERR MAXLEN can't be negative";
pub const DB_INDEX_OUT_OF_RANGE: &str = "ERR DB index is out of range";
pub const INVALID_DB_INDEX: &str = "ERR invalid DB index";
pub const NOPROTO: &str = "NOPROTO unsupported protocol version";
pub const PROTOCOL_VERSION_NOT_INTEGER: &str =
    "ERR Protocol version is not an integer or out of range";
pub const TIMEOUT_NOT_FLOAT: &str = "ERR timeout is not a float or out of range";
pub const TIMEOUT_NEGATIVE: &str = "ERR timeout is negative";
pub const TIMEOUT_OUT_OF_RANGE: &str = "ERR timeout is out of range";
pub const MAX_CLIENTS: &str = "ERR max number of clients reached";
pub const WRONGPASS: &str = "WRONGPASS invalid username-password pair or user is disabled.";
pub const BAD_CLIENT_NAME: &str =
    "ERR Client names cannot contain spaces, newlines or special characters.";
pub const INVALID_CLIENT_ID: &str = "ERR Invalid client ID";
pub const AUTH_NO_PASSWORD: &str = "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?";

/// `ERR wrong number of arguments for '<name>' command` (name as in the command table,
/// `parent|sub` for subcommands).
pub fn wrong_args(name: &str) -> CmdError {
    Cow::Owned(format!(
        "ERR wrong number of arguments for '{name}' command"
    ))
}

/// `ERR invalid expire time in '<cmd>' command`.
pub fn invalid_expire(cmd: &str) -> CmdError {
    Cow::Owned(format!("ERR invalid expire time in '{cmd}' command"))
}

/// `ERR unknown subcommand '<sub>'. Try <CMD> HELP.`
pub fn unknown_subcommand(sub: &[u8], cmd: &str) -> CmdError {
    Cow::Owned(format!(
        "ERR unknown subcommand '{}'. Try {} HELP.",
        c_str_lossy(sub, 128),
        cmd.to_ascii_uppercase()
    ))
}

/// `ERR Can't execute '<cmd>': only (P|S)SUBSCRIBE / ...` (RESP2 subscribed mode; `cmd` is
/// the full name, `client|id` for a subcommand).
pub fn only_pubsub_allowed(cmd: &str) -> CmdError {
    Cow::Owned(format!(
        "ERR Can't execute '{cmd}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"
    ))
}

/// An argument as C's `%.<max>s` prints it: cut at the first NUL and at `max` bytes.
pub fn c_str_lossy(s: &[u8], max: usize) -> String {
    let end = s.iter().position(|&b| b == 0).unwrap_or(s.len()).min(max);
    String::from_utf8_lossy(&s[..end]).into_owned()
}
