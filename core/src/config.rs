//! Engine configuration: limits and tunables that core enforces so both runtimes get them.
//!
//! Names follow redis.conf. The runtime (native server, wasm) builds a `Config`, possibly from
//! a file or flags, and hands it to [`crate::Server::new`]; CONFIG SET changes it at run time.

/// Tunables of the engine. `Default` gives Redis 7.0's defaults.
#[derive(Debug, Clone)]
pub struct Config {
    /// `databases`: number of logical databases (SELECT 0..n-1).
    pub databases: usize,
    /// `proto-max-bulk-len`: largest bulk string accepted in a request.
    pub proto_max_bulk_len: usize,
    /// `client-query-buffer-limit`: unparsed input above this closes the client.
    pub client_query_buffer_limit: usize,
    /// `maxclients`: connections above this are refused with an error.
    pub maxclients: usize,
    /// Seed of the deterministic RNG (RANDOMKEY, SPOP, SRANDMEMBER, active expiry sampling).
    pub seed: u64,
    /// `hz`: active expiry cycles per second.
    pub hz: u32,
    /// `list-max-listpack-size` (negative: size class in bytes, positive: entries).
    pub list_max_listpack_size: i64,
    /// `stream-node-max-entries`.
    pub stream_node_max_entries: i64,
    /// `stream-node-max-bytes`.
    pub stream_node_max_bytes: i64,
    /// Value `INFO server` reports as `redis_version` (the Redis version we are compatible with).
    pub redis_version: String,
    /// Runtime-provided facts reported by INFO (process id, TCP port, mode, executable...).
    pub process_id: u32,
    /// TCP port the runtime listens on (0 in the browser).
    pub tcp_port: u16,
    /// Other parameters: accepted and reported by CONFIG GET, not (yet) acted upon.
    pub extra: Vec<(String, String)>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            databases: 16,
            proto_max_bulk_len: 512 * 1024 * 1024,
            client_query_buffer_limit: 1024 * 1024 * 1024,
            maxclients: 10000,
            seed: 0x05ee_d1e7,
            hz: 10,
            list_max_listpack_size: -2,
            stream_node_max_entries: 100,
            stream_node_max_bytes: 4096,
            redis_version: "7.0.15".to_string(),
            process_id: 0,
            tcp_port: 6379,
            extra: Vec::new(),
        }
    }
}
