//! RDB persistence as the engine sees it: SAVE, BGSAVE, the `save` schedule, SHUTDOWN, all
//! without touching a file.
//!
//! *Architecture invariant*: core does no I/O, so every file operation is a request to the
//! runtime. A command (or the `save <seconds> <changes>` schedule, checked in
//! [`Server::handle_timeout`]) queues an [`Event`]; the runtime takes it with
//! [`Server::poll_event`], does the work, and reports the outcome with
//! [`Server::complete_save`], [`Server::complete_bgsave`] or [`Server::complete_shutdown`].
//!
//! - **SAVE** suspends its client (its pipelined input waits, as behind a blocking command)
//!   until `complete_save` answers `+OK` or the error, then runs the rest of its input. The
//!   runtime writes the file from the live keyspace with [`Server::write_rdb`] before serving
//!   anyone else, so the save is blocking, as in Redis.
//! - **BGSAVE** replies at once and hands the runtime a [`SaveJob`]: an owned copy of the
//!   databases (values are `Clone`) that the runtime can serialize on another thread while
//!   clients keep writing to the originals; `complete_bgsave` records the outcome
//!   (LASTSAVE, INFO persistence, the changes made since the copy stay counted as dirty).
//! - **SHUTDOWN** (and SIGTERM/SIGINT through [`Server::request_shutdown`]) suspends its client
//!   and asks the runtime to save if needed and exit; if the save fails without FORCE,
//!   `complete_shutdown` answers Redis's error and the server keeps running.
//!
//! Times are Unix milliseconds from the `now` arguments; LASTSAVE reports seconds.

use std::collections::VecDeque;

use crate::keyspace::Db;
use crate::rdb::{self, EncodeOptions, RdbError, RdbWriter};
use crate::resp::Reply;
use crate::server::{Server, State};
use crate::{ClientId, Config, Millis};

/// Redis's `CONFIG_BGSAVE_RETRY_DELAY`: after a failed background save, the schedule waits
/// this long before trying again.
const BGSAVE_RETRY_DELAY: Millis = 5_000;

/// Something core needs the runtime to do. See the module documentation for who answers what.
#[derive(Debug)]
pub enum Event {
    /// SAVE: write the dataset to `dir/dbfilename` now (temp file, fsync, rename) with
    /// [`Server::write_rdb`], then call [`Server::complete_save`] for `client`.
    Save {
        /// The client waiting for the reply.
        client: ClientId,
    },
    /// BGSAVE (or a save point reached): write `job` to `dir/dbfilename` without stopping the
    /// engine, then call [`Server::complete_bgsave`].
    BgSave {
        /// The databases as they were when the save started.
        job: Box<SaveJob>,
    },
    /// CONFIG REWRITE: rewrite the configuration file ([`crate::Config::config_file`]) with
    /// [`crate::Config::rewrite_file`], atomically, then call
    /// [`Server::complete_config_rewrite`] for `client`.
    ConfigRewrite {
        /// The client waiting for the reply.
        client: ClientId,
    },
    /// SHUTDOWN or a signal: save first when `save` (as for [`Event::Save`]), then exit 0.
    /// If the save fails and not `force`, stay up and call [`Server::complete_shutdown`].
    Shutdown {
        /// The client that sent SHUTDOWN (`None` for a signal).
        client: Option<ClientId>,
        /// Whether to save before exiting.
        save: bool,
        /// Exit even if the save fails.
        force: bool,
    },
}

/// A point-in-time copy of the keyspace for a background save.
#[derive(Debug)]
pub struct SaveJob {
    dbs: Vec<Db>,
    now: Millis,
    opts: EncodeOptions,
    aux: Vec<(Vec<u8>, Vec<u8>)>,
}

impl SaveJob {
    /// Serializes the copy as an RDB file, handing the bytes to `sink` in chunks of about
    /// 64 KiB (so the whole file is never held in memory). The first error of `sink` stops
    /// the work and is returned.
    pub fn write<E>(&self, sink: impl FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
        write_dbs(&self.dbs, self.now, &self.aux, &self.opts, sink)
    }

    /// Number of keys in the copy.
    pub fn keys(&self) -> usize {
        self.dbs.iter().map(Db::len).sum()
    }
}

pub use crate::config::SavePoint;

/// The `save` schedule (empty: no save points).
pub fn save_points(config: &Config) -> &[SavePoint] {
    &config.save_points
}

/// Persistence bookkeeping kept in [`State`].
#[derive(Debug, Default)]
pub struct Persistence {
    /// Whether the runtime carries out persistence requests ([`Server::enable_persistence`]).
    /// Off, SAVE / BGSAVE / SHUTDOWN answer an error and the schedule never fires, so a
    /// runtime that does not poll events never leaves a client waiting.
    pub enabled: bool,
    events: VecDeque<Event>,
    /// Clients waiting for a SAVE or SHUTDOWN to complete (their input waits).
    suspended: Vec<ClientId>,
    /// Unix ms of the last successful save (LASTSAVE); the start time until then.
    pub last_save: Millis,
    /// When the running background save started, if one is running.
    pub bgsave_started: Option<Millis>,
    /// `dirty` when the running background save copied the keyspace.
    dirty_at_bgsave: u64,
    /// Whether the last background save succeeded (INFO `rdb_last_bgsave_status`).
    pub last_bgsave_failed: bool,
    /// When the last background save was attempted (the retry delay after a failure).
    last_bgsave_try: Millis,
    /// Duration of the last background save in seconds, -1 before any.
    pub last_bgsave_secs: Option<u64>,
    /// Saves completed (INFO `rdb_saves`).
    pub saves: u64,
    /// A BGSAVE asked for while one could not start (BGSAVE inside MULTI/EXEC).
    pub scheduled: bool,
    /// Keys loaded / skipped as expired by the last load (INFO `rdb_last_load_keys_*`).
    pub last_load: (u64, u64),
    /// A shutdown is being carried out (SHUTDOWN ABORT's "in progress").
    pub shutting_down: bool,
}

impl Persistence {
    /// Whether client `id` waits for a SAVE or SHUTDOWN outcome.
    pub fn is_suspended(&self, id: ClientId) -> bool {
        !self.suspended.is_empty() && self.suspended.contains(&id)
    }

    /// Forgets a disconnected client.
    pub(crate) fn forget(&mut self, id: ClientId) {
        self.suspended.retain(|&c| c != id);
    }

    /// Queues `event` for the runtime and suspends `client` until its outcome is known.
    pub fn request(&mut self, event: Event, client: Option<ClientId>) {
        if let Some(c) = client {
            self.suspended.push(c);
        }
        self.events.push_back(event);
    }
}

/// Streams `dbs` as an RDB file to `sink` (keys expired at `now` are left out, as in
/// [`rdb::snapshot_of`]). Shared by SAVE (from the live keyspace) and BGSAVE (from a copy).
pub fn write_dbs<E>(
    dbs: &[Db],
    now: Millis,
    aux: &[(Vec<u8>, Vec<u8>)],
    opts: &EncodeOptions,
    mut sink: impl FnMut(&[u8]) -> Result<(), E>,
) -> Result<(), E> {
    const CHUNK: usize = 64 * 1024;
    let mut w = RdbWriter::with_options(aux, opts.clone());
    for (i, db) in dbs.iter().enumerate() {
        let live = |e: &crate::keyspace::Entry| e.expire().is_none_or(|t| t > now);
        let size = db.iter().filter(|(_, e)| live(e)).count() as u64;
        if size == 0 {
            continue;
        }
        let expires = db
            .iter()
            .filter(|(_, e)| live(e) && e.expire().is_some())
            .count() as u64;
        w.select_db(i, size, expires);
        for (k, e) in db.iter().filter(|(_, e)| live(e)) {
            w.entry(k, &rdb::to_rdb_value(&e.value), e.expire());
            if w.buffered() >= CHUNK {
                sink(&w.take_bytes())?;
            }
        }
    }
    sink(&w.finish())
}

/// The aux fields of a save at `now`.
fn aux_at(state: &State, now: Millis) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut aux = rdb::default_aux(now / 1000, 0);
    if let Some(v) = aux.iter_mut().find(|(k, _)| k == b"redis-ver") {
        v.1 = state.config.redis_version.clone().into_bytes();
    }
    aux
}

impl State {
    /// Starts a background save at `now` (BGSAVE, the schedule): copies the keyspace and
    /// queues [`Event::BgSave`]. The caller checks that none is running.
    pub fn start_bgsave(&mut self, now: Millis) {
        let job = SaveJob {
            dbs: self.dbs.clone(),
            now,
            opts: EncodeOptions::from_config(&self.config),
            aux: aux_at(self, now),
        };
        let p = &mut self.persist;
        p.bgsave_started = Some(now);
        p.dirty_at_bgsave = self.dirty;
        p.last_bgsave_try = now;
        p.scheduled = false;
        p.request(Event::BgSave { job: Box::new(job) }, None);
    }

    /// Starts a background save if a save point is reached at `now` or one was scheduled
    /// (Redis's `serverCron` check).
    pub(crate) fn check_save_points(&mut self, now: Millis) {
        if self.persist.bgsave_started.is_some() {
            return;
        }
        if self.persist.scheduled || self.next_save_point().is_some_and(|t| t <= now) {
            self.start_bgsave(now);
        }
    }

    /// When the schedule will next start a background save given the writes so far (`None`:
    /// not before more writes, or one is running).
    pub(crate) fn next_save_point(&self) -> Option<Millis> {
        let p = &self.persist;
        if !p.enabled || p.bgsave_started.is_some() {
            return None;
        }
        if p.scheduled {
            return Some(0);
        }
        if self.dirty == 0 {
            return None;
        }
        let at = save_points(&self.config)
            .iter()
            .filter(|sp| self.dirty >= sp.changes)
            // Redis: strictly more than `seconds` since the last save.
            .map(|sp| p.last_save + sp.seconds * 1000 + 1)
            .min()?;
        Some(if p.last_bgsave_failed {
            at.max(p.last_bgsave_try + BGSAVE_RETRY_DELAY)
        } else {
            at
        })
    }
}

impl Server {
    /// Declares that this runtime handles [`Server::poll_event`] (it has somewhere to save).
    /// Until it is called, SAVE, BGSAVE and SHUTDOWN reply an error saying so and the `save`
    /// schedule is inactive. Call it once, before serving clients.
    pub fn enable_persistence(&mut self) {
        self.state.persist.enabled = true;
    }

    /// The next request for the runtime (a file to write, an exit). Call until `None` after
    /// every `feed`, `handle_timeout` and `complete_*` call, before handing output to clients
    /// (a SAVE's client gets its reply only once the runtime completes the save).
    pub fn poll_event(&mut self) -> Option<Event> {
        self.state.persist.events.pop_front()
    }

    /// Streams the live keyspace as an RDB file (SAVE, SHUTDOWN, or a runtime that wants the
    /// bytes, like the playground's download). Bytes go to `sink` in chunks; its first error
    /// stops the work and is returned.
    pub fn write_rdb<E>(
        &self,
        now: Millis,
        sink: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        let s = &self.state;
        let opts = EncodeOptions::from_config(&s.config);
        write_dbs(&s.dbs, now, &aux_at(s, now), &opts, sink)
    }

    /// The live keyspace as an RDB file in memory.
    pub fn rdb_bytes(&self, now: Millis) -> Vec<u8> {
        let mut out = Vec::new();
        let _ = self.write_rdb(now, |b| {
            out.extend_from_slice(b);
            Ok::<(), ()>(())
        });
        out
    }

    /// Replaces the keyspace with the RDB file `bytes` (loading at start, the playground's
    /// "open"). Nothing changes on error. Returns keys loaded and keys skipped as expired.
    pub fn load_rdb(&mut self, bytes: &[u8], now: Millis) -> Result<(usize, usize), RdbError> {
        let snapshot = rdb::decode(bytes)?;
        let mut dbs: Vec<Db> = (0..self.state.dbs.len()).map(|_| Db::new()).collect();
        let counts = rdb::load_into(snapshot, &mut dbs, now, &self.state.config)?;
        // The counters of the replaced databases stay in INFO stats, as Redis's do.
        self.state.stats.keyspace_reads = self.state.keyspace_reads();
        self.state.dbs = dbs;
        self.state.dirty = 0;
        self.state.persist.last_save = now;
        self.state.persist.last_load = (counts.0 as u64, counts.1 as u64);
        Ok(counts)
    }

    /// The runtime finished the file work of [`Event::Save`]: answers `client` (`+OK`, or
    /// `-ERR` with `Err`), resets the change counter on success, and runs the client's
    /// waiting input. `Err` carries the log text; the client sees Redis's generic `-ERR`.
    pub fn complete_save(&mut self, client: ClientId, result: Result<(), String>, now: Millis) {
        let ok = result.is_ok();
        if ok {
            self.saved(now);
        }
        self.resume(client, now, |r| {
            if ok {
                r.ok();
            } else {
                r.error("ERR");
            }
        });
    }

    /// The runtime finished an [`Event::BgSave`] (`Err`: the file could not be written).
    /// Changes made while it ran stay counted. Starts a scheduled BGSAVE if there is one.
    pub fn complete_bgsave(&mut self, result: Result<(), String>, now: Millis) {
        let s = &mut self.state;
        let Some(started) = s.persist.bgsave_started.take() else {
            return;
        };
        s.persist.last_bgsave_secs = Some(now.saturating_sub(started) / 1000);
        match result {
            Ok(()) => {
                s.dirty = s.dirty.saturating_sub(s.persist.dirty_at_bgsave);
                s.persist.last_save = now;
                s.persist.last_bgsave_failed = false;
                s.persist.saves += 1;
            }
            Err(_) => s.persist.last_bgsave_failed = true,
        }
        s.check_save_points(now);
    }

    /// The runtime could not save before exiting ([`Event::Shutdown`] without `force`): the
    /// server stays up and the SHUTDOWN client gets Redis's error.
    pub fn complete_shutdown(&mut self, client: Option<ClientId>, now: Millis) {
        self.state.persist.shutting_down = false;
        if let Some(c) = client {
            self.resume(c, now, |r| {
                r.error(crate::error::SHUTDOWN_FAILED);
            });
        }
    }

    /// A signal asks the server to stop: queues [`Event::Shutdown`], saving when save points
    /// are configured (Redis's default `shutdown-on-sigterm` / `shutdown-on-sigint`).
    pub fn request_shutdown(&mut self) {
        let save = !save_points(&self.state.config).is_empty();
        self.state.persist.shutting_down = true;
        self.state.persist.request(
            Event::Shutdown {
                client: None,
                save,
                force: false,
            },
            None,
        );
    }

    /// Records a successful synchronous save at `now`.
    fn saved(&mut self, now: Millis) {
        let s = &mut self.state;
        s.dirty = 0;
        s.persist.last_save = now;
        s.persist.saves += 1;
    }

    /// The runtime finished an [`Event::ConfigRewrite`]: `+OK`, or Redis's
    /// `ERR Rewriting config file: <reason>`.
    pub fn complete_config_rewrite(
        &mut self,
        client: ClientId,
        result: Result<(), String>,
        now: Millis,
    ) {
        self.resume(client, now, |r| match result {
            Ok(()) => r.ok(),
            Err(e) => r.error(&format!("ERR Rewriting config file: {e}")),
        });
    }

    /// Ends `client`'s suspension with the reply `f` writes and runs its waiting input.
    fn resume(&mut self, client: ClientId, now: Millis, f: impl FnOnce(&mut Reply<'_>)) {
        self.state.persist.suspended.retain(|&c| c != client);
        self.state.write_to(client, f);
        self.resume_input(client, now);
    }
}
