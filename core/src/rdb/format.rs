//! The constants of the RDB format shared by the reader and the writer: opcodes, object
//! type bytes, quicklist containers and stream entry flags. Each names its Redis counterpart
//! (`rdb.h`, `quicklist.h`, `stream.h`).

/// `RDB_OPCODE_FUNCTION2`: a function library (FUNCTION LOAD), Redis 7.0.
pub const OP_FUNCTION2: u8 = 245;
/// `RDB_OPCODE_FUNCTION_PRE_GA`: functions of a Redis 7.0 release candidate.
pub const OP_FUNCTION: u8 = 246;
/// `RDB_OPCODE_MODULE_AUX`: module-global data.
pub const OP_MODULE_AUX: u8 = 247;
/// `RDB_OPCODE_IDLE`: the next key's LRU idle time in seconds (a length).
pub const OP_IDLE: u8 = 248;
/// `RDB_OPCODE_FREQ`: the next key's LFU counter (one byte).
pub const OP_FREQ: u8 = 249;
/// `RDB_OPCODE_AUX`: an aux field, two strings.
pub const OP_AUX: u8 = 250;
/// `RDB_OPCODE_RESIZEDB`: hash table size hints, two lengths.
pub const OP_RESIZEDB: u8 = 251;
/// `RDB_OPCODE_EXPIRETIME_MS`: the next key's expiry, Unix ms, 8 bytes LE.
pub const OP_EXPIRETIME_MS: u8 = 252;
/// `RDB_OPCODE_EXPIRETIME`: the next key's expiry, Unix seconds, 4 bytes LE (old files).
pub const OP_EXPIRETIME: u8 = 253;
/// `RDB_OPCODE_SELECTDB`: the following keys belong to this database (a length).
pub const OP_SELECTDB: u8 = 254;
/// `RDB_OPCODE_EOF`: end of data; the 8-byte CRC64 follows (version 5 and later).
pub const OP_EOF: u8 = 255;

/// `RDB_TYPE_STRING`.
pub const T_STRING: u8 = 0;
/// `RDB_TYPE_LIST`: a length and that many strings (old files).
pub const T_LIST: u8 = 1;
/// `RDB_TYPE_SET`: a length and that many strings (Redis 7.0's hashtable sets).
pub const T_SET: u8 = 2;
/// `RDB_TYPE_ZSET`: members with scores as text (old files).
pub const T_ZSET: u8 = 3;
/// `RDB_TYPE_HASH`: a length and that many field/value strings (hashtable hashes).
pub const T_HASH: u8 = 4;
/// `RDB_TYPE_ZSET_2`: members with binary double scores (skiplist sorted sets).
pub const T_ZSET_2: u8 = 5;
/// `RDB_TYPE_MODULE_PRE_GA`.
pub const T_MODULE: u8 = 6;
/// `RDB_TYPE_MODULE_2`.
pub const T_MODULE_2: u8 = 7;
/// `RDB_TYPE_HASH_ZIPMAP` (Redis 2.x).
pub const T_HASH_ZIPMAP: u8 = 9;
/// `RDB_TYPE_LIST_ZIPLIST` (before quicklists).
pub const T_LIST_ZIPLIST: u8 = 10;
/// `RDB_TYPE_SET_INTSET`.
pub const T_SET_INTSET: u8 = 11;
/// `RDB_TYPE_ZSET_ZIPLIST` (before 7.0).
pub const T_ZSET_ZIPLIST: u8 = 12;
/// `RDB_TYPE_HASH_ZIPLIST` (before 7.0).
pub const T_HASH_ZIPLIST: u8 = 13;
/// `RDB_TYPE_LIST_QUICKLIST`: ziplist nodes (before 7.0).
pub const T_LIST_QUICKLIST: u8 = 14;
/// `RDB_TYPE_STREAM_LISTPACKS` (before 7.0).
pub const T_STREAM_LISTPACKS: u8 = 15;
/// `RDB_TYPE_HASH_LISTPACK`.
pub const T_HASH_LISTPACK: u8 = 16;
/// `RDB_TYPE_ZSET_LISTPACK`.
pub const T_ZSET_LISTPACK: u8 = 17;
/// `RDB_TYPE_LIST_QUICKLIST_2`: listpack or plain nodes, each with its container.
pub const T_LIST_QUICKLIST_2: u8 = 18;
/// `RDB_TYPE_STREAM_LISTPACKS_2`: adds first/max-deleted IDs, entries-added, entries-read
/// (Redis 7.0).
pub const T_STREAM_LISTPACKS_2: u8 = 19;
/// `RDB_TYPE_SET_LISTPACK` (Redis 7.2).
pub const T_SET_LISTPACK: u8 = 20;
/// `RDB_TYPE_STREAM_LISTPACKS_3`: adds consumers' active-time (Redis 7.2).
pub const T_STREAM_LISTPACKS_3: u8 = 21;

/// `QUICKLIST_NODE_CONTAINER_PLAIN`: the node is one element stored as is.
pub const QUICKLIST_PLAIN: u64 = 1;
/// `QUICKLIST_NODE_CONTAINER_PACKED`: the node is a listpack.
pub const QUICKLIST_PACKED: u64 = 2;

/// `STREAM_ITEM_FLAG_DELETED`: the entry was XDELeted (kept in the node, skipped on read).
pub const STREAM_ITEM_FLAG_DELETED: i64 = 1;
/// `STREAM_ITEM_FLAG_SAMEFIELDS`: the entry has the master entry's fields; only values follow.
pub const STREAM_ITEM_FLAG_SAMEFIELDS: i64 = 2;
