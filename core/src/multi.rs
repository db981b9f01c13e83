//! MULTI/EXEC state of a client and the WATCH registry (Redis: `multi.c`).
//!
//! Overview:
//!
//! 1. MULTI gives the client a [`MultiState`]; the dispatcher then queues every command except
//!    EXEC, DISCARD, MULTI, WATCH, QUIT and RESET (replying `+QUEUED`). An error found while
//!    queueing (unknown command, wrong arity, a refused command) sets `dirty_exec`, and EXEC
//!    answers `-EXECABORT`.
//! 2. WATCH records `(db, key)` in [`Watches`], with whether the key was already logically
//!    expired (present but past its deadline) at that moment.
//! 3. Every modification of a key (`State::touch_key`, expiry deletions, FLUSHDB/FLUSHALL,
//!    SWAPDB) marks the clients watching it *dirty* (Redis's `CLIENT_DIRTY_CAS`) and unwatches
//!    them, since nothing but EXEC, DISCARD, UNWATCH or RESET clears a dirty mark. A key that
//!    was already expired when watched is an exception: its deletion is no logical change.
//! 4. EXEC fails with the null array if the client is dirty or one of its watched keys has
//!    expired since; otherwise it runs the queue with blocking denied.
//!
//! Invariant: a client is in `by_db[db][key]` iff `(db, key)` is in its `by_client` list; a
//! dirty client watches nothing. Sans-IO like the rest of core: time is an argument.

use crate::commands::Command;
use crate::keyspace::{Db, FastMap, FastSet, Key};
use crate::{ClientId, Millis};

/// A command queued between MULTI and EXEC.
#[derive(Debug, Clone)]
pub struct Queued {
    /// The resolved command (a subcommand's own entry for `CLIENT ID` and the like).
    pub cmd: &'static Command,
    /// Its arguments, name included.
    pub args: Vec<Vec<u8>>,
}

/// A client's transaction, from MULTI to EXEC or DISCARD.
#[derive(Debug, Default, Clone)]
pub struct MultiState {
    /// Queued commands, in order.
    pub commands: Vec<Queued>,
    /// Number of commands queued (CLIENT LIST `multi=`; kept while EXEC runs them).
    pub count: usize,
    /// Their size as Redis 7.0 counts it: argument bytes plus 8 per argument (CLIENT LIST
    /// `multi-mem=`).
    pub mem: usize,
    /// An error happened while queueing (Redis's `CLIENT_DIRTY_EXEC`): EXEC aborts.
    pub dirty_exec: bool,
}

impl MultiState {
    /// Appends a command to the queue.
    pub fn push(&mut self, q: Queued) {
        self.count += 1;
        self.mem += q.args.iter().map(|a| a.len() + 8).sum::<usize>();
        self.commands.push(q);
    }
}

/// One key a client watches.
#[derive(Debug, Clone)]
struct WatchedKey {
    db: usize,
    key: Key,
    /// The key existed but was past its deadline when WATCH ran: deleting it is no change.
    expired: bool,
}

/// The WATCH registry of all clients, with their dirty marks.
#[derive(Debug, Default)]
pub struct Watches {
    /// Per database: key -> clients watching it, in WATCH order.
    by_db: Vec<FastMap<Key, Vec<ClientId>>>,
    /// Per client: its watched keys.
    by_client: FastMap<ClientId, Vec<WatchedKey>>,
    /// Clients whose watched keys were touched (Redis's `CLIENT_DIRTY_CAS`).
    dirty: FastSet<ClientId>,
}

/// Whether `key` is present in `db` but past its deadline (Redis's `keyIsExpired`, with the
/// keyspace's own `deadline <= now` rule).
pub fn key_is_expired(db: &Db, key: &[u8], now: Millis) -> bool {
    db.lookup(key)
        .and_then(|e| e.expire())
        .is_some_and(|t| t <= now)
}

impl Watches {
    /// Whether no client watches any key (the fast path of every write).
    pub fn is_empty(&self) -> bool {
        self.by_client.is_empty()
    }

    /// Whether `id`'s watched keys were touched.
    pub fn is_dirty(&self, id: ClientId) -> bool {
        self.dirty.contains(&id)
    }

    /// Starts watching `key` of `db` for `id` (a no-op if already watched). `expired`: the key
    /// is present but logically expired right now.
    pub fn watch(&mut self, id: ClientId, db: usize, key: &[u8], expired: bool) {
        let mine = self.by_client.entry(id).or_default();
        if mine.iter().any(|w| w.db == db && &*w.key == key) {
            return;
        }
        mine.push(WatchedKey {
            db,
            key: key.into(),
            expired,
        });
        if self.by_db.len() <= db {
            self.by_db.resize_with(db + 1, FastMap::default);
        }
        self.by_db[db].entry(key.into()).or_default().push(id);
    }

    /// Stops watching every key of `id` (its dirty mark stays).
    pub fn unwatch_all(&mut self, id: ClientId) {
        let Some(keys) = self.by_client.remove(&id) else {
            return;
        };
        for w in keys {
            let Some(map) = self.by_db.get_mut(w.db) else {
                continue;
            };
            if let Some(list) = map.get_mut(&w.key) {
                list.retain(|c| *c != id);
                if list.is_empty() {
                    map.remove(&w.key);
                }
            }
        }
    }

    /// Unwatches everything and clears the dirty mark (EXEC, DISCARD, UNWATCH, RESET,
    /// disconnect).
    pub fn forget(&mut self, id: ClientId) {
        self.unwatch_all(id);
        self.dirty.remove(&id);
    }

    /// Marks `id` dirty; a dirty client need not watch anything more.
    pub fn mark_dirty(&mut self, id: ClientId) {
        self.dirty.insert(id);
        self.unwatch_all(id);
    }

    /// `key` of `db` was modified or deleted; `exists` tells whether it is present now.
    /// Marks its watchers dirty, except those that watched it already expired and now see it
    /// gone (no logical change: their flag is cleared instead, as Redis's `touchWatchedKey`).
    pub fn touch(&mut self, db: usize, key: &[u8], exists: bool) {
        let Some(list) = self.by_db.get(db).and_then(|m| m.get(key)) else {
            return;
        };
        for id in list.clone() {
            let Some(w) = self
                .by_client
                .get_mut(&id)
                .and_then(|ks| ks.iter_mut().find(|w| w.db == db && &*w.key == key))
            else {
                continue;
            };
            if w.expired && !exists {
                w.expired = false;
                continue;
            }
            // Redis reaches a present, stale-watched key only after its lookup deleted the
            // stale value (clearing the flag): a write over it is a change.
            self.mark_dirty(id);
        }
    }

    /// Database `emptied` is about to be flushed, or swapped with `replaced_with` (SWAPDB):
    /// marks dirty the watchers of keys present in either (Redis's `touchAllWatchedKeysInDb`,
    /// expired-key rules included).
    pub fn touch_all_in_db(
        &mut self,
        emptied: usize,
        dbs: &[Db],
        replaced_with: Option<usize>,
        now: Millis,
    ) {
        let (Some(map), Some(edb)) = (self.by_db.get(emptied), dbs.get(emptied)) else {
            return;
        };
        let rdb = replaced_with.and_then(|r| dbs.get(r));
        let mut to_mark = Vec::new();
        let mut new_flags: Vec<(ClientId, Key, bool)> = Vec::new();
        for (key, clients) in map {
            let in_emptied = edb.lookup(key).is_some();
            let in_replaced = rdb.is_some_and(|r| r.lookup(key).is_some());
            if !in_emptied && !in_replaced {
                continue;
            }
            let replaced_expired = rdb.is_some_and(|r| key_is_expired(r, key, now));
            for &id in clients {
                let was_expired = self
                    .by_client
                    .get(&id)
                    .and_then(|ks| ks.iter().find(|w| w.db == emptied && w.key == *key))
                    .is_some_and(|w| w.expired);
                if was_expired {
                    if !in_replaced {
                        // Expired key now deleted: no logical change.
                        new_flags.push((id, key.clone(), false));
                        continue;
                    }
                    if replaced_expired {
                        // Expired key remains expired.
                        continue;
                    }
                } else if !in_emptied && replaced_expired {
                    // A missing key is replaced by an expired one.
                    new_flags.push((id, key.clone(), true));
                    continue;
                }
                to_mark.push(id);
            }
        }
        for (id, key, flag) in new_flags {
            if let Some(w) = self
                .by_client
                .get_mut(&id)
                .and_then(|ks| ks.iter_mut().find(|w| w.db == emptied && w.key == key))
            {
                w.expired = flag;
            }
        }
        for id in to_mark {
            self.mark_dirty(id);
        }
    }

    /// Whether a key `id` watched while live has expired since (Redis's `isWatchedKeyExpired`:
    /// EXEC then fails even if nothing deleted the key yet).
    pub fn watched_key_expired(&self, id: ClientId, dbs: &[Db], now: Millis) -> bool {
        self.by_client.get(&id).is_some_and(|ks| {
            ks.iter().filter(|w| !w.expired).any(|w| {
                dbs.get(w.db)
                    .is_some_and(|d| key_is_expired(d, &w.key, now))
            })
        })
    }
}
