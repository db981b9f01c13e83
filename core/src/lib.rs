//! redlet-core: a Redis 7.0-compatible engine as a deterministic, sans-IO state machine.
//!
//! *Architecture invariant*: nothing in this crate reads a clock, sleeps, spawns threads,
//! takes locks or does I/O. Time comes in as `now: Millis` (Unix milliseconds), randomness
//! from a seeded RNG in [`Config`]. It builds for `wasm32-unknown-unknown` with no imports.
//!
//! *API boundary*: runtimes (the tokio server, the wasm playground) talk to the engine in RESP
//! bytes through [`Server`]:
//!
//! ```
//! use redlet_core::{Config, Output, Server};
//! let mut server = Server::new(Config::default());
//! let now = 1_700_000_000_000;
//! let id = server.connect(now);
//! server.feed(id, b"*1\r\n$4\r\nPING\r\n", now);
//! assert_eq!(server.poll_output(), Some((id, Output::Write(b"+PONG\r\n".to_vec()))));
//! ```
//!
//! - [`Server::feed`] runs every complete command in the bytes given;
//! - [`Server::poll_output`] yields bytes to send (to any client: a BLPOP woken by another
//!   client's RPUSH is addressed to the blocked one) and closes;
//! - [`Server::poll_timeout`] tells when to call [`Server::handle_timeout`] (expiry, blocked
//!   clients' deadlines).

pub mod aof;
pub mod blocking;
pub mod commands;
pub mod config;
#[rustfmt::skip]
pub mod config_params;
pub mod error;
pub mod explain;
pub mod glob;
pub mod keyspace;
pub mod multi;
pub mod persistence;
pub mod propagate;
pub mod pubsub;
pub mod rdb;
pub mod resp;
pub mod server;
pub mod sort;

pub use config::Config;
pub use resp::Protocol;
pub use server::{Output, RuntimeRequest, Server};

/// Unix time in milliseconds. The engine's only notion of time.
pub type Millis = u64;

/// Identifies a connected client (CLIENT ID).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientId(pub u64);

pub mod frame;
pub mod testkit;
