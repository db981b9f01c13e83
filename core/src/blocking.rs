//! Blocking operations: the registry of clients parked on keys.
//!
//! Overview (after Redis's `blocked.c`):
//!
//! 1. A blocking command (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, XREAD BLOCK, ...) first tries to
//!    serve itself. If it cannot, its handler calls `Ctx::block` with the keys, a deadline and
//!    the reply to give on timeout, and writes nothing.
//! 2. The server parks the client: its command (arguments copied, or rewritten by the handler)
//!    is stored in [`Waiters`], the client is appended to the FIFO of every key it waits on,
//!    and its deadline enters the deadline index. Its further input is buffered, not run.
//! 3. Writers that can serve a waiter (a push, XADD) call `signal_ready(db, key)`; a key is
//!    recorded in the ready list only if somebody waits on it, once.
//! 4. After each command the server drains the ready list in arrival order: for each ready key
//!    it re-runs the parked commands of that key's waiters, oldest first, with `ready_key` set.
//!    A re-run that serves replies and unparks the client; one that blocks again leaves the
//!    client where it was. Serving can make more keys ready (BLMOVE pushes), so the server loops
//!    until the list is empty.
//! 5. `handle_timeout(now)` answers waiters whose deadline passed with their null reply.
//! 6. A disconnecting client is removed from every FIFO and from the deadline index.
//!
//! Invariant: a client is in `by_key[k]` for every `k` of its `Parked::keys`, and in
//! `deadlines` iff its deadline is `Some`, exactly while it is in `parked`.

use std::collections::VecDeque;

use crate::commands::{Command, TimeoutReply};
use crate::keyspace::{DeadlineSet, FastMap, Key};
use crate::{ClientId, Millis};

/// A parked command.
#[derive(Debug, Clone)]
pub struct Parked {
    /// The command to re-run.
    pub cmd: &'static Command,
    /// Its arguments, name included.
    pub args: Vec<Vec<u8>>,
    /// Database the keys belong to.
    pub db: usize,
    /// Keys waited on.
    pub keys: Vec<Key>,
    /// Absolute deadline, if any.
    pub deadline: Option<Millis>,
    /// Reply on timeout.
    pub on_timeout: TimeoutReply,
    /// When the client blocked (CLIENT LIST's age of the blocking op, INFO).
    pub since: Millis,
}

/// The registry of parked clients.
#[derive(Debug, Default)]
pub struct Waiters {
    parked: FastMap<ClientId, Parked>,
    by_key: FastMap<(usize, Key), VecDeque<ClientId>>,
    /// `(deadline, client id)`: the keyspace's expiry index's type, so one B-tree serves both.
    deadlines: DeadlineSet,
}

impl Waiters {
    /// Parks `client`. It must not be parked already.
    pub fn park(&mut self, client: ClientId, p: Parked) {
        for k in &p.keys {
            let q = self.by_key.entry((p.db, k.clone())).or_default();
            if !q.contains(&client) {
                q.push_back(client);
            }
        }
        if let Some(t) = p.deadline {
            self.deadlines.insert((t, client.0));
        }
        self.parked.insert(client, p);
    }

    /// Unparks `client`, returning its parked command.
    pub fn unpark(&mut self, client: ClientId) -> Option<Parked> {
        let p = self.parked.remove(&client)?;
        for k in &p.keys {
            let slot = (p.db, k.clone());
            if let Some(q) = self.by_key.get_mut(&slot) {
                q.retain(|c| *c != client);
                if q.is_empty() {
                    self.by_key.remove(&slot);
                }
            }
        }
        if let Some(t) = p.deadline {
            self.deadlines.remove(&(t, client.0));
        }
        Some(p)
    }

    /// Whether anyone waits on `key` in `db`.
    pub fn has_waiters(&self, db: usize, key: &[u8]) -> bool {
        !self.by_key.is_empty() && self.by_key.contains_key(&(db, Key::from(key)))
    }

    /// The clients waiting on `key` in `db`, oldest first.
    pub fn waiting_on(&self, db: usize, key: &[u8]) -> Vec<ClientId> {
        self.by_key
            .get(&(db, Key::from(key)))
            .map(|q| q.iter().copied().collect())
            .unwrap_or_default()
    }

    /// The keys somebody waits on in `db`, sorted (a platform-independent order: SWAPDB
    /// signals them in it).
    pub fn keys_in_db(&self, db: usize) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .by_key
            .keys()
            .filter(|(d, _)| *d == db)
            .map(|(_, k)| k.clone())
            .collect();
        crate::sort::sort(&mut keys);
        keys
    }

    /// The parked command of `client`.
    pub fn get(&self, client: ClientId) -> Option<&Parked> {
        self.parked.get(&client)
    }

    /// Whether `client` is parked.
    #[inline]
    pub fn is_parked(&self, client: ClientId) -> bool {
        // Asked before every command: with nobody parked, no hashing.
        !self.parked.is_empty() && self.parked.contains_key(&client)
    }

    /// Number of parked clients (INFO `blocked_clients`).
    pub fn len(&self) -> usize {
        self.parked.len()
    }

    /// Whether nobody is parked.
    pub fn is_empty(&self) -> bool {
        self.parked.is_empty()
    }

    /// Number of keys somebody waits on (INFO `total_blocking_keys`).
    pub fn key_count(&self) -> usize {
        self.by_key.len()
    }

    /// The earliest deadline.
    pub fn next_deadline(&self) -> Option<Millis> {
        self.deadlines.first().map(|(t, _)| *t)
    }

    /// Clients whose deadline is `<= now`, earliest first.
    pub fn expired(&self, now: Millis) -> Vec<ClientId> {
        self.deadlines
            .iter()
            .take_while(|(t, _)| *t <= now)
            .map(|&(_, c)| ClientId(c))
            .collect()
    }
}
