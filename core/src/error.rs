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
/// LCS on a key that is not a string.
pub const LCS_NOT_STRINGS: &str = "ERR The specified keys must contain string values";
/// LCS with both LEN and IDX.
pub const LCS_LEN_AND_IDX: &str =
    "ERR If you want both the length and indexes, please just use IDX.";
/// LCS whose table would exceed proto-max-bulk-len.
pub const LCS_TOO_BIG: &str =
    "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";
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
// Bitmaps (bitops.c).
pub const BIT_OFFSET: &str = "ERR bit offset is not an integer or out of range";
pub const BIT_VALUE: &str = "ERR bit is not an integer or out of range";
pub const BITPOS_BIT: &str = "ERR The bit argument must be 1 or 0.";
pub const BITOP_NOT_ONE_KEY: &str = "ERR BITOP NOT must be called with a single source key.";
pub const BITFIELD_TYPE: &str = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
pub const BITFIELD_OVERFLOW: &str = "ERR Invalid OVERFLOW type specified";
pub const BITFIELD_RO_GET_ONLY: &str = "ERR BITFIELD_RO only supports the GET subcommand";
// SORT (sort.c).
pub const SORT_ONE_SCORE: &str = "ERR One or more scores can't be converted into double";
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
/// LMPOP / BLMPOP (and later ZMPOP) numkeys below 1 or not an integer.
/// LMPOP / BLMPOP COUNT below 1 or not an integer.
pub const COUNT_NOT_POSITIVE: &str = "ERR count should be greater than 0";
pub const DB_INDEX_OUT_OF_RANGE: &str = "ERR DB index is out of range";
pub const INVALID_DB_INDEX: &str = "ERR invalid DB index";
/// `getIntFromObjectOrReply` without a message: an integer outside the C `int` range.
pub const INT_OUT_OF_RANGE: &str =
    "ERR value is out of range, value must between -2147483648 and 2147483647";
/// COPY to the same key of the same database, MOVE to the selected database.
pub const SAME_OBJECT: &str = "ERR source and destination objects are the same";
/// SWAPDB's first index is not an integer.
pub const INVALID_FIRST_DB_INDEX: &str = "ERR invalid first DB index";
/// SWAPDB's second index is not an integer.
pub const INVALID_SECOND_DB_INDEX: &str = "ERR invalid second DB index";
/// OBJECT FREQ without an LFU maxmemory policy.
pub const OBJECT_FREQ_NOT_LFU: &str = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
/// OBJECT IDLETIME with an LFU maxmemory policy.
pub const OBJECT_IDLETIME_LFU: &str = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
pub const NOPROTO: &str = "NOPROTO unsupported protocol version";
pub const PROTOCOL_VERSION_NOT_INTEGER: &str =
    "ERR Protocol version is not an integer or out of range";
pub const TIMEOUT_NOT_FLOAT: &str = "ERR timeout is not a float or out of range";
pub const TIMEOUT_NEGATIVE: &str = "ERR timeout is negative";
pub const MAX_CLIENTS: &str = "ERR max number of clients reached";
pub const WRONGPASS: &str = "WRONGPASS invalid username-password pair or user is disabled.";
pub const BAD_CLIENT_NAME: &str =
    "ERR Client names cannot contain spaces, newlines or special characters.";
pub const INVALID_CLIENT_ID: &str = "ERR Invalid client ID";
/// MONITOR inside a transaction (or another client that expects a reply per command).
pub const MONITOR_DENY_BLOCKING: &str = "ERR MONITOR isn't allowed for DENY BLOCKING client";
/// COMMAND GETKEYS of an unknown command.
pub const GETKEYS_INVALID_COMMAND: &str = "ERR Invalid command specified";
/// COMMAND GETKEYS of a command without keys.
pub const GETKEYS_NO_KEYS: &str = "ERR The command has no key arguments";
/// COMMAND GETKEYS with the wrong number of arguments for the command.
pub const GETKEYS_BAD_ARITY: &str = "ERR Invalid number of arguments specified for command";
/// COMMAND GETKEYS whose arguments name no key.
pub const GETKEYS_BAD_ARGS: &str = "ERR Invalid arguments specified for command";
/// CLIENT UNBLOCK ... ERROR: the reply of the unblocked client.
pub const UNBLOCKED: &str = "UNBLOCKED client unblocked via CLIENT UNBLOCK";
/// CLIENT KILL in its old `ip:port` form matched nobody.
pub const NO_SUCH_CLIENT: &str = "ERR No such client";
/// CLIENT KILL ID with a value that is not a positive integer.
pub const CLIENT_ID_NOT_POSITIVE: &str = "ERR client-id should be greater than 0";
/// CLIENT PAUSE with a mode other than WRITE / ALL.
pub const PAUSE_MODE: &str = "ERR CLIENT PAUSE mode must be WRITE or ALL";
/// CLIENT UNBLOCK with a reason other than TIMEOUT / ERROR.
pub const UNBLOCK_REASON: &str = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";
pub const AUTH_NO_PASSWORD: &str = "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?";
pub const TIMEOUT_NOT_INTEGER: &str = "ERR timeout is not an integer or out of range";

// Streams (t_stream.c).
pub const STREAM_INVALID_ID: &str = "ERR Invalid stream ID specified as stream command argument";
pub const XADD_ID_TOO_SMALL: &str =
    "ERR The ID specified in XADD is equal or smaller than the target stream top item";
pub const XADD_ID_ZERO: &str = "ERR The ID specified in XADD must be greater than 0-0";
pub const STREAM_EXHAUSTED: &str =
    "ERR The stream has exhausted the last possible ID, unable to add more items";
/// XSETID with an ID below the stream's last entry.
pub const XSETID_TOO_SMALL: &str =
    "ERR The ID specified in XSETID is smaller than the target stream top item";
/// XSETID ENTRIESADDED below the stream's length.
pub const XSETID_ENTRIES_ADDED_TOO_SMALL: &str =
    "ERR The entries_added specified in XSETID is smaller than the target stream length";
/// XSETID ENTRIESADDED negative.
pub const XSETID_ENTRIES_ADDED_NEGATIVE: &str = "ERR entries_added must be positive";
/// XSETID MAXDELETEDID above the new last ID.
pub const XSETID_MAX_DELETED_TOO_LARGE: &str =
    "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id";
pub const STREAM_TOO_LARGE: &str = "ERR Elements are too large to be stored";
pub const STREAM_MAXLEN_NEGATIVE: &str = "ERR The MAXLEN argument must be >= 0.";
pub const STREAM_LIMIT_NEGATIVE: &str = "ERR The LIMIT argument must be >= 0.";
pub const STREAM_MAXLEN_AND_MINID: &str =
    "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";
pub const STREAM_LIMIT_WITHOUT_STRATEGY: &str =
    "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy";
pub const STREAM_LIMIT_WITHOUT_APPROX: &str =
    "ERR syntax error, LIMIT cannot be used without the special ~ option";
pub const XTRIM_NO_STRATEGY: &str =
    "ERR syntax error, XTRIM must be called with a trimming strategy";
pub const STREAM_INVALID_START: &str = "ERR invalid start ID for the interval";
pub const STREAM_INVALID_END: &str = "ERR invalid end ID for the interval";
pub const XREAD_UNBALANCED: &str =
    "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
pub const XREAD_GROUP_OPTION: &str =
    "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.";
pub const XREAD_NOACK_OPTION: &str =
    "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.";
pub const XREAD_GT_ID: &str = "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.";
pub const MULTI_NESTED: &str = "ERR MULTI calls can not be nested";
pub const EXEC_WITHOUT_MULTI: &str = "ERR EXEC without MULTI";
pub const DISCARD_WITHOUT_MULTI: &str = "ERR DISCARD without MULTI";
pub const WATCH_INSIDE_MULTI: &str = "ERR WATCH inside MULTI is not allowed";
pub const EXECABORT: &str = "EXECABORT Transaction discarded because of previous errors.";
pub const NOT_ALLOWED_IN_MULTI: &str = "ERR Command not allowed inside a transaction";
pub const XGROUP_KEY_REQUIRED: &str = "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.";
pub const BUSYGROUP: &str = "BUSYGROUP Consumer Group name already exists";
pub const ENTRIESREAD_INVALID: &str = "ERR value for ENTRIESREAD must be positive or -1";
pub const XREADGROUP_DOLLAR: &str = "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.";
pub const XREADGROUP_MISSING_GROUP: &str = "ERR Missing GROUP option for XREADGROUP";
pub const NOGROUP_BLOCKED: &str =
    "NOGROUP the consumer group this client was blocked on no longer exists";
pub const UNBLOCKED_STREAM_DELETED: &str = "UNBLOCKED the stream key no longer exists";
pub const XCLAIM_MIN_IDLE: &str = "ERR Invalid min-idle-time argument for XCLAIM";
pub const XCLAIM_IDLE: &str = "ERR Invalid IDLE option argument for XCLAIM";
pub const XCLAIM_TIME: &str = "ERR Invalid TIME option argument for XCLAIM";
pub const XCLAIM_RETRYCOUNT: &str = "ERR Invalid RETRYCOUNT option argument for XCLAIM";
pub const XAUTOCLAIM_MIN_IDLE: &str = "ERR Invalid min-idle-time argument for XAUTOCLAIM";
pub const XAUTOCLAIM_COUNT: &str = "ERR COUNT must be > 0";
pub const ZADD_XX_NX: &str = "ERR XX and NX options at the same time are not compatible";
pub const ZADD_GT_LT_NX: &str = "ERR GT, LT, and/or NX options at the same time are not compatible";
pub const ZADD_INCR_PAIR: &str = "ERR INCR option supports a single increment-element pair";
pub const ZSCORE_NAN: &str = "ERR resulting score is not a number (NaN)";
pub const MIN_MAX_NOT_FLOAT: &str = "ERR min or max is not a float";
pub const MIN_MAX_NOT_LEX: &str = "ERR min or max not valid string range item";
pub const ZRANGE_LIMIT_NEEDS_BY: &str =
    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
pub const ZRANGE_BYLEX_WITHSCORES: &str =
    "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
pub const VALUE_OUT_OF_RANGE: &str = "ERR value is out of range";
pub const ZRANDMEMBER_COUNT_RANGE: &str =
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
pub const WEIGHT_NOT_FLOAT: &str = "ERR weight value is not a float";
/// BGREWRITEAOF while one runs.
pub const AOF_REWRITE_IN_PROGRESS: &str =
    "ERR Background append only file rewriting already in progress";
pub const BGSAVE_IN_PROGRESS: &str = "ERR Background save already in progress";
pub const NO_SHUTDOWN_IN_PROGRESS: &str = "ERR No shutdown in progress.";
pub const SHUTDOWN_FAILED: &str = "ERR Errors trying to SHUTDOWN. Check logs.";
pub const NO_PERSISTENCE: &str =
    "ERR persistence is not available: this runtime has no disk to save to";
pub const BUSYKEY: &str = "BUSYKEY Target key name already exists.";
pub const RESTORE_BAD_TTL: &str = "ERR Invalid TTL value, must be >= 0";
pub const RESTORE_BAD_IDLETIME: &str = "ERR Invalid IDLETIME value, must be >= 0";
pub const RESTORE_BAD_FREQ: &str = "ERR Invalid FREQ value, must be >= 0 and <= 255";
pub const DUMP_PAYLOAD_INVALID: &str = "ERR DUMP payload version or checksum are wrong";
pub const BAD_DATA_FORMAT: &str = "ERR Bad data format";

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

/// `ERR Unsupported option <opt>` (EXPIRE family; the option as C's `%s` prints it).
pub fn unsupported_option(opt: &[u8]) -> CmdError {
    Cow::Owned(format!(
        "ERR Unsupported option {}",
        c_str_lossy(opt, usize::MAX)
    ))
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

/// `ERR unknown subcommand or wrong number of arguments for '<sub>'. Try <CMD> HELP.`
/// (Redis's `addReplySubcommandSyntaxError`; `sub` as the client typed it).
pub fn subcommand_syntax(sub: &[u8], cmd: &str) -> CmdError {
    Cow::Owned(format!(
        "ERR unknown subcommand or wrong number of arguments for '{}'. Try {} HELP.",
        c_str_lossy(sub, 128),
        cmd.to_ascii_uppercase()
    ))
}

/// `NOGROUP No such key '<key>' or consumer group '<group>'` (XPENDING, XCLAIM, XAUTOCLAIM),
/// with ` in XREADGROUP with GROUP option` appended for XREADGROUP.
pub fn nogroup_key_or_group(key: &[u8], group: &[u8], xreadgroup: bool) -> CmdError {
    Cow::Owned(format!(
        "NOGROUP No such key '{}' or consumer group '{}'{}",
        c_str_lossy(key, usize::MAX),
        c_str_lossy(group, usize::MAX),
        if xreadgroup {
            " in XREADGROUP with GROUP option"
        } else {
            ""
        }
    ))
}

/// `NOGROUP No such consumer group '<group>' for key name '<key>'` (XGROUP, XINFO).
pub fn nogroup_for_key(group: &[u8], key: &[u8]) -> CmdError {
    Cow::Owned(format!(
        "NOGROUP No such consumer group '{}' for key name '{}'",
        c_str_lossy(group, usize::MAX),
        c_str_lossy(key, usize::MAX)
    ))
}

/// `ERR Unrecognized XCLAIM option '<opt>'`.
pub fn xclaim_unrecognized(opt: &[u8]) -> CmdError {
    Cow::Owned(format!(
        "ERR Unrecognized XCLAIM option '{}'",
        c_str_lossy(opt, usize::MAX)
    ))
}

/// `ERR at least 1 input key is needed for '<cmd>' command` (ZUNION, ZINTERSTORE, ...).
pub fn at_least_one_key(cmd: &str) -> CmdError {
    Cow::Owned(format!(
        "ERR at least 1 input key is needed for '{cmd}' command"
    ))
}

// Geo commands.
/// GEO* with an unknown distance unit.
pub const GEO_UNIT: &str = "ERR unsupported unit provided. please use M, KM, FT, MI";
/// GEORADIUS / GEOSEARCH BYRADIUS with a non-numeric radius.
pub const GEO_NEED_RADIUS: &str = "ERR need numeric radius";
/// A negative radius.
pub const GEO_RADIUS_NEGATIVE: &str = "ERR radius cannot be negative";
/// GEOSEARCH BYBOX with a non-numeric width.
pub const GEO_NEED_WIDTH: &str = "ERR need numeric width";
/// GEOSEARCH BYBOX with a non-numeric height.
pub const GEO_NEED_HEIGHT: &str = "ERR need numeric height";
/// GEOSEARCH BYBOX with a negative side.
pub const GEO_BOX_NEGATIVE: &str = "ERR height or width cannot be negative";
/// A search centred on a member that is not in the set.
pub const GEO_MEMBER_DECODE: &str = "ERR could not decode requested zset member";
/// GEO* COUNT 0 or negative.
pub const GEO_COUNT: &str = "ERR COUNT must be > 0";
/// ANY without COUNT.
pub const GEO_ANY_COUNT: &str = "ERR the ANY argument requires COUNT argument";
/// GEORADIUS STORE with WITH* options.
pub const GEO_STORE_WITH: &str =
    "ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options";
/// GEOSEARCHSTORE with WITH* options.
pub const GEO_SEARCHSTORE_WITH: &str =
    "ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options";

// HyperLogLog commands.
/// A string that is not an HLL given to a PF* command.
pub const HLL_WRONGTYPE: &str = "WRONGTYPE Key is not a valid HyperLogLog string value.";
/// An HLL whose sparse encoding is broken.
pub const HLL_CORRUPT: &str = "INVALIDOBJ Corrupted HLL object detected";
