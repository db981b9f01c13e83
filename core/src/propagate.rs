//! Propagation: the stream of write commands as they must be replayed (the AOF; replicas
//! later), in RESP, with `SELECT` interleaved whenever the database changes.
//!
//! Overview (Redis 7.0: `call()`, `alsoPropagate`, `propagatePendingCommands`):
//!
//! 1. While a command runs, a handler whose effect cannot be replayed verbatim records the
//!    commands that reproduce it with [`crate::commands::Ctx::propagate`] (SET EX becomes
//!    `SET key value PXAT ms`, a served BLPOP becomes `LPOP key`, an XADD with `*` gets its
//!    generated ID). That replaces the command's own argv.
//! 2. Otherwise, a command flagged `write` whose call changed the dataset (`State::dirty`
//!    moved) propagates its own argv, as typed.
//! 3. Keys deleted by lazy or active expiry are propagated as `DEL key` (`UNLINK` with
//!    `lazyfree-lazy-expire yes`) right away, before the command that found them expired.
//! 4. At the end of a top-level call (a command, an EXEC, a re-run of a blocked command),
//!    the pending commands are written out; more than one (a transaction with several
//!    writes) is wrapped in `MULTI` / `EXEC`, as Redis 7.0 does.
//!
//! Disabled (the default), every entry point returns at once: the GET/SET path pays one
//! branch. Sans-IO: the bytes wait in a buffer until the runtime takes them with
//! `Server::take_propagated`.

use crate::keyspace::Key;

/// The propagation buffer and the state needed to build it.
#[derive(Debug, Default)]
pub struct Propagation {
    /// Whether commands are recorded at all.
    enabled: bool,
    /// RESP bytes ready for the runtime.
    out: Vec<u8>,
    /// The database the stream last SELECTed (`None`: nothing emitted yet, or a reset).
    selected: Option<usize>,
    /// Commands of the running top-level call, with their database, not written yet.
    pending: Vec<(usize, Vec<Vec<u8>>)>,
    /// The running command recorded its own replacement (its argv is not propagated).
    explicit: bool,
    /// Expiry deletions at the front of `pending` (they precede the call's commands).
    expired_in_pending: usize,
}

impl Propagation {
    /// Whether commands are recorded.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Turns recording on or off. Turning it on forgets the selected database, so the next
    /// command is preceded by a `SELECT` (a new AOF file starts with one).
    pub fn set_enabled(&mut self, on: bool) {
        self.enabled = on;
        self.selected = None;
        self.pending.clear();
        if !on {
            self.out.clear();
        }
    }

    /// Forgets the selected database: the next command written is preceded by `SELECT`
    /// (call when the runtime starts a new file).
    pub fn reset_selected(&mut self) {
        self.selected = None;
    }

    /// Records `argv` in `db` for the running command, replacing its own argv.
    pub fn also(&mut self, db: usize, argv: Vec<Vec<u8>>) {
        if self.enabled {
            self.explicit = true;
            self.pending.push((db, argv));
        }
    }

    /// Starts a command: returns the previous "explicit" mark, to restore after it (a
    /// command queued in EXEC runs inside EXEC's call).
    pub(crate) fn begin_command(&mut self) -> bool {
        std::mem::replace(&mut self.explicit, false)
    }

    /// Ends a command: when it recorded nothing itself but changed the dataset and is a
    /// write command, its own argv (built lazily by `argv`) is propagated.
    pub(crate) fn end_command(
        &mut self,
        saved: bool,
        db: usize,
        changed: bool,
        write: bool,
        argv: impl FnOnce() -> Vec<Vec<u8>>,
    ) {
        if !self.explicit && changed && write {
            self.pending.push((db, argv()));
        }
        self.explicit = saved;
    }

    /// Records a key deleted by expiry. `standalone` (the active cycle): written at once,
    /// alone. Otherwise it joins the running call, ahead of its commands (the command found
    /// the key expired before acting), and is wrapped with them in MULTI / EXEC.
    pub(crate) fn expired(&mut self, db: usize, key: &Key, unlink: bool, standalone: bool) {
        let name: &[u8] = if unlink { b"UNLINK" } else { b"DEL" };
        if standalone {
            self.write(db, &[name, key]);
        } else {
            let at = self.expired_in_pending.min(self.pending.len());
            self.pending
                .insert(at, (db, vec![name.to_vec(), key.to_vec()]));
            self.expired_in_pending = at + 1;
        }
    }

    /// Writes the pending commands of a finished top-level call, wrapping several in
    /// `MULTI` / `EXEC`.
    pub(crate) fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        self.expired_in_pending = 0;
        let pending = std::mem::take(&mut self.pending);
        let wrap = pending.len() > 1;
        if wrap {
            // SELECT first, so MULTI runs in the transaction's database (as Redis writes it).
            let first = pending[0].0;
            if self.selected != Some(first) {
                let n = first.to_string();
                write_command(&mut self.out, &[b"SELECT", n.as_bytes()]);
                self.selected = Some(first);
            }
            write_command(&mut self.out, &[b"MULTI"]);
        }
        for (db, argv) in &pending {
            let parts: Vec<&[u8]> = argv.iter().map(Vec::as_slice).collect();
            self.write(*db, &parts);
        }
        if wrap {
            write_command(&mut self.out, &[b"EXEC"]);
        }
    }

    /// Appends one command in `db`, preceded by `SELECT db` if the stream is elsewhere.
    fn write(&mut self, db: usize, argv: &[&[u8]]) {
        if self.selected != Some(db) {
            let n = db.to_string();
            write_command(&mut self.out, &[b"SELECT", n.as_bytes()]);
            self.selected = Some(db);
        }
        write_command(&mut self.out, argv);
    }

    /// Moves the bytes written so far to the end of `buf`.
    pub fn take(&mut self, buf: &mut Vec<u8>) {
        if buf.is_empty() {
            std::mem::swap(buf, &mut self.out);
        } else {
            buf.append(&mut self.out);
        }
    }

    /// Whether bytes are waiting.
    pub fn has_output(&self) -> bool {
        !self.out.is_empty()
    }
}

/// Appends `argv` to `out` as a RESP array of bulk strings (the request form every Redis
/// command file uses).
pub fn write_command(out: &mut Vec<u8>, argv: &[&[u8]]) {
    out.push(b'*');
    out.extend_from_slice(argv.len().to_string().as_bytes());
    out.extend_from_slice(b"\r\n");
    for a in argv {
        out.push(b'$');
        out.extend_from_slice(a.len().to_string().as_bytes());
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
}
