//! Transcript testing: drive a [`Server`] with command lines in virtual time and read the
//! replies rendered as redis-cli renders them. Used by core's tests and the runtimes' tests.
//!
//! A transcript is a list of lines:
//! - `CMD args...` runs on client 1; `2> CMD args...` on client 2 (clients are created on
//!   first use);
//! - `sleep MS` moves virtual time forward, running `handle_timeout` at every deadline in
//!   between (never a real sleep);
//! - `resp3 N` / `raw N BYTES` are not special: use `HELLO 3` and [`Harness::feed_raw`].
//!
//! The output lists each command and then every reply any client received because of it,
//! labelled with the client when it is not the sender.

use std::collections::BTreeMap;

use crate::frame::{decode, encode_command, render};
use crate::resp::split_args;
use crate::{ClientId, Config, Millis, Output, Server};

/// A server with numbered clients and a virtual clock.
#[derive(Debug)]
pub struct Harness {
    /// The engine under test.
    pub server: Server,
    /// Virtual time, Unix ms.
    pub now: Millis,
    clients: BTreeMap<usize, ClientId>,
    pending: BTreeMap<usize, Vec<u8>>,
    closed: BTreeMap<usize, bool>,
}

impl Default for Harness {
    fn default() -> Self {
        Harness::new(Config::default())
    }
}

impl Harness {
    /// A harness at a fixed start time (2023-11-14T22:13:20Z).
    pub fn new(config: Config) -> Self {
        let mut server = Server::new(config);
        let now = 1_700_000_000_000;
        server.set_start_time(now);
        Harness {
            server,
            now,
            clients: BTreeMap::new(),
            pending: BTreeMap::new(),
            closed: BTreeMap::new(),
        }
    }

    fn id(&mut self, n: usize) -> ClientId {
        if let Some(id) = self.clients.get(&n) {
            return *id;
        }
        let id = self.server.connect(self.now);
        self.clients.insert(n, id);
        self.drain();
        id
    }

    fn drain(&mut self) {
        while let Some((id, out)) = self.server.poll_output() {
            let Some((&n, _)) = self.clients.iter().find(|(_, c)| **c == id) else {
                continue;
            };
            match out {
                Output::Write(b) => self.pending.entry(n).or_default().extend(b),
                Output::Close => {
                    self.closed.insert(n, true);
                }
            }
        }
    }

    /// Sends raw bytes from client `n`.
    pub fn feed_raw(&mut self, n: usize, bytes: &[u8]) {
        let id = self.id(n);
        self.server.feed(id, bytes, self.now);
        self.drain();
    }

    /// Sends a command line (split like redis-cli) from client `n` as a RESP array.
    pub fn send(&mut self, n: usize, line: &str) {
        let args = split_args(line.as_bytes()).expect("test command lines have balanced quotes");
        self.feed_raw(n, &encode_command(&args));
    }

    /// Drops client `n`'s connection (as a runtime does when the peer goes away). A later
    /// command from `n` connects a new client under the same number.
    pub fn disconnect(&mut self, n: usize) {
        if let Some(id) = self.clients.remove(&n) {
            self.server.disconnect(id, self.now);
            self.pending.remove(&n);
            self.closed.remove(&n);
            self.drain();
        }
    }

    /// Raw reply bytes client `n` received and has not read yet.
    pub fn take_raw(&mut self, n: usize) -> Vec<u8> {
        self.pending.remove(&n).unwrap_or_default()
    }

    /// Replies client `n` received and has not read yet, rendered, one string per reply.
    pub fn read(&mut self, n: usize) -> Vec<String> {
        let raw = self.take_raw(n);
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < raw.len() {
            match decode(&raw[pos..]) {
                Ok(Some((f, used))) => {
                    out.push(render(&f));
                    pos += used;
                }
                Ok(None) => {
                    out.push(format!(
                        "<incomplete: {:?}>",
                        String::from_utf8_lossy(&raw[pos..])
                    ));
                    break;
                }
                Err(e) => {
                    out.push(format!("<malformed: {e}>"));
                    break;
                }
            }
        }
        if self.closed.remove(&n).is_some() {
            out.push("<closed>".to_string());
        }
        out
    }

    /// Runs `line` on client `n` and returns its rendered replies joined by newlines.
    pub fn cmd(&mut self, n: usize, line: &str) -> String {
        self.send(n, line);
        self.read(n).join("\n")
    }

    /// Moves time forward by `ms`, firing every deadline on the way in order.
    pub fn advance(&mut self, ms: Millis) {
        let end = self.now + ms;
        while let Some(t) = self.server.poll_timeout() {
            if t > end {
                break;
            }
            self.now = self.now.max(t);
            self.server.handle_timeout(self.now);
            self.drain();
        }
        self.now = end;
        self.server.handle_timeout(self.now);
        self.drain();
    }

    /// Runs a transcript (see the module docs) and returns the rendered session.
    pub fn run(&mut self, lines: &[&str]) -> String {
        let mut out = String::new();
        for line in lines {
            let line = line.trim();
            if let Some(ms) = line.strip_prefix("sleep ") {
                let ms: Millis = ms.trim().parse().expect("sleep takes milliseconds");
                self.advance(ms);
                out.push_str(&format!("sleep {ms}\n"));
            } else {
                let (n, cmd) = match line.split_once("> ") {
                    Some((n, cmd)) if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => {
                        (n.parse().unwrap_or(1), cmd)
                    }
                    _ => (1, line),
                };
                self.send(n, cmd);
                out.push_str(&format!("{n}> {cmd}\n"));
            }
            let ns: Vec<usize> = self.clients.keys().copied().collect();
            for c in ns {
                for r in self.read(c) {
                    out.push_str(&format!("[{c}] {r}\n"));
                }
            }
        }
        out
    }
}

/// Runs `lines` on a fresh server and returns the rendered session.
pub fn transcript(lines: &[&str]) -> String {
    Harness::default().run(lines)
}
