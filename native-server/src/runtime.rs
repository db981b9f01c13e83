//! The tokio driver around the sans-IO engine: sockets, the timer, signals, shutdown.
//!
//! *Execution model*: one thread. A current-thread runtime with a `LocalSet` runs every task
//! (one per listener, one per connection, one timer), and the single [`Server`] lives in an
//! `Rc<RefCell<Engine>>` that a task borrows only between awaits — so exactly one thread of
//! execution owns the engine, no lock is ever taken, and a borrow can never be held across a
//! suspension point (every `borrow_mut` below ends before the next `.await`).
//!
//! Per connection: read up to 16 KiB, `feed` it (core runs every complete command), collect
//! this client's replies with `take_output_into` into the connection's reusable write buffer,
//! and send them in one write. Output for *other* clients (a BLPOP woken by this client's
//! RPUSH, pub/sub messages) comes out of `poll_output`; [`Engine::route`] appends it to that
//! client's [`Mailbox`] and wakes its task. Reads and writes are raced in one `select!` so a
//! client that pipelines a lot without reading cannot deadlock us (Redis never blocks on a
//! write either).
//!
//! *Time*: Unix milliseconds from `SystemTime`. The timer task sleeps until the engine's
//! `poll_timeout()` and calls `handle_timeout`; after each batch a connection re-arms it when
//! the engine's next deadline moved earlier.
//!
//! *Shutdown*: SHUTDOWN, or SIGINT/SIGTERM (after the final save `rdb_file` makes when save
//! points are configured; a failed save keeps the server up, as in Redis), stops the accept
//! loops and tells every connection to stop reading; each flushes the replies it owes and closes, and the process exits 0 once every task has
//! ended (each holds a clone of one `mpsc::Sender`; `recv()` returning `None` means all gone).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Poll, Waker};
use std::time::Duration;

use redlet_core::{ClientId, Config, Millis, Output, RuntimeRequest, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch, Notify, OwnedSemaphorePermit, Semaphore};

use crate::aof::{self, Aof, Settings};
use crate::apply::Listen;
use crate::log::{self, now_ms};

/// Bytes read from a socket per `read` call.
const READ_CHUNK: usize = 16 * 1024;

/// Connections accepted beyond `maxclients` so that core can answer them with
/// `-ERR max number of clients reached` (as Redis does) instead of leaving them hanging;
/// beyond this the accept loop waits. Redis reserves 32 descriptors the same way.
const EXTRA_CONNECTIONS: usize = 32;

/// How long a closing connection keeps draining the peer's input (see `connection`).
const LINGER: Duration = Duration::from_millis(200);

/// How long shutdown waits for connections to flush before exiting anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Output the engine addressed to one connection, waiting for its task to send it.
///
/// Its wake-up is a flag and a waker rather than a `tokio::sync::Notify`: the connection
/// waits on it in every turn of its loop, and a `Notify` waiter takes a lock and a
/// linked-list entry each time, which under redis-benchmark -c 50 cost about a tenth of the
/// server's instructions (callgrind). Everything runs on one thread, so `Cell`s do.
#[derive(Default)]
struct Mailbox {
    /// Bytes to send, in order.
    out: RefCell<Vec<u8>>,
    /// The engine closed this client: close after sending `out`.
    closing: Cell<bool>,
    /// The server is shutting down: stop reading, flush `out`, close.
    stopping: Cell<bool>,
    /// Set by [`Mailbox::notify`] until [`Mailbox::notified`] sees it.
    notified: Cell<bool>,
    /// The connection task, while it waits.
    waker: RefCell<Option<Waker>>,
}

impl Mailbox {
    /// Wakes the connection task (it then looks at `out`, `closing` and `stopping`).
    fn notify(&self) {
        self.notified.set(true);
        if let Some(w) = self.waker.borrow_mut().take() {
            w.wake();
        }
    }

    /// Resolves once [`Mailbox::notify`] has been called since it last resolved (a call
    /// while nobody waits is remembered, as a `Notify` permit is).
    fn notified(&self) -> impl Future<Output = ()> + '_ {
        std::future::poll_fn(move |cx| {
            if self.notified.replace(false) {
                return Poll::Ready(());
            }
            let mut w = self.waker.borrow_mut();
            if !w.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
                *w = Some(cx.waker().clone());
            }
            Poll::Pending
        })
    }
}

/// The engine plus where to deliver its output.
struct Engine {
    server: Server,
    mailboxes: HashMap<ClientId, Rc<Mailbox>>,
    /// The deadline the timer task sleeps towards (None: no deadline).
    armed: Option<Millis>,
    /// Wakes the timer task to re-read `poll_timeout`.
    timer: Rc<Notify>,
    /// The append-only file, when `appendonly yes`.
    aof: Option<Aof>,
    /// Reused buffer for propagated commands.
    aof_buf: Vec<u8>,
    /// RDB persistence requests (rdb_file.rs).
    persist: crate::rdb_file::Persist,
}

impl Engine {
    /// Delivers everything `poll_output` has to the clients' mailboxes.
    fn route(&mut self) {
        // rdb hook: carry out SAVE / BGSAVE / SHUTDOWN requests before delivering output.
        crate::rdb_file::handle_events(&mut self.server, &self.persist);
        while let Some((id, out)) = self.server.poll_output() {
            let Some(mb) = self.mailboxes.get(&id) else {
                continue;
            };
            match out {
                Output::Write(bytes) => mb.out.borrow_mut().extend_from_slice(&bytes),
                Output::Close => mb.closing.set(true),
            }
            mb.notify();
        }
    }

    /// After every `feed` / `handle_timeout`, before any reply is sent: appends the
    /// propagated commands to the AOF (fsynced under `appendfsync always`, so an
    /// acknowledged write is durable), then runs the persistence requests commands made.
    fn flush_persistence(&mut self) {
        if let Some(aof) = self.aof.as_mut() {
            if self.server.has_propagated() {
                aof.write(&mut self.server, &mut self.aof_buf);
            }
        }
        while let Some(req) = self.server.poll_request() {
            let now = now_ms();
            match req {
                RuntimeRequest::RewriteAof => match self.aof.as_mut() {
                    Some(aof) => aof.start_rewrite(&mut self.server, now),
                    None => {
                        // Known gap: with appendonly no there is no AOF directory to rewrite.
                        log::notice("BGREWRITEAOF with appendonly no: nothing to rewrite");
                        let p = &mut self.server.state_mut().persistence;
                        p.aof_rewrite_in_progress = false;
                        p.aof_rewrite_started = None;
                    }
                },
                RuntimeRequest::AppendOnly(true) => {
                    // Redis starts the AOF with a rewrite of the current data.
                    let settings = Settings::from_config(&self.server.state().config);
                    match Aof::open(&mut self.server, settings, now) {
                        Ok(mut aof) => {
                            aof.start_rewrite(&mut self.server, now);
                            self.aof = Some(aof);
                        }
                        Err(e) => {
                            log::warn(&e);
                            let p = &mut self.server.state_mut().persistence;
                            p.aof_rewrite_in_progress = false;
                            p.aof_last_bgrewrite_ok = false;
                        }
                    }
                }
                RuntimeRequest::AppendOnly(false) => {
                    if let Some(aof) = self.aof.take() {
                        aof.close(&mut self.server);
                    }
                }
            }
        }
    }

    /// Wakes the timer if the engine's next deadline is now earlier than the one it sleeps to.
    fn rearm(&mut self) {
        if let Some(t) = self.server.poll_timeout() {
            if self.armed.is_none_or(|a| t < a) {
                self.armed = Some(t);
                self.timer.notify_one();
            }
        }
    }
}

type Shared = Rc<RefCell<Engine>>;

/// Runs the server until SIGINT/SIGTERM. `Err` is a start-up failure, already worded for
/// the log (the caller exits 1).
pub fn run(config: Config, listen: Listen) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("Failed creating the event loop: {e}"))?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, serve(config, listen))
}

/// Gives the allocator's free pages back to the system after loading. Decoding a dump builds
/// per-element temporaries (a stream's entries before they are packed into nodes, a hash's
/// pairs before they are packed), and glibc keeps freed heap resident: a 1,000,000-entry
/// stream (12 MB of data) stayed at ~270 MB resident after a restart without this.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn release_free_memory() {
    // SAFETY: malloc_trim only walks glibc's own free lists and has no preconditions; no
    // allocation is in progress on this (the only) thread at this point.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Elsewhere there is nothing to ask of the allocator.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_free_memory() {}

async fn serve(config: Config, listen: Listen) -> Result<(), String> {
    let listeners = bind_all(&listen).await?;
    let maxclients = config.maxclients;
    let mut server = Server::new(config);
    server.set_start_time(now_ms());
    // Loading: the AOF when `appendonly yes` (as Redis, it wins over any RDB file), else
    // `dir/dbfilename`; a file that cannot be loaded stops the start.
    let settings = Settings::from_config(&server.state().config);
    let aof = if settings.enabled {
        aof::load(&mut server, &settings, now_ms())?;
        Some(Aof::open(&mut server, settings, now_ms())?)
    } else {
        crate::rdb_file::load_at_start(&mut server)?;
        None
    };
    release_free_memory();
    server.enable_persistence();
    let (persist, bg_done) = crate::rdb_file::Persist::new();
    let exit = persist.exit.clone();
    let timer_wake = Rc::new(Notify::new());
    let engine: Shared = Rc::new(RefCell::new(Engine {
        server,
        mailboxes: HashMap::new(),
        armed: None,
        timer: timer_wake.clone(),
        aof,
        aof_buf: Vec::new(),
        persist,
    }));
    let e2 = engine.clone();
    tokio::task::spawn_local(crate::rdb_file::bgsave_results(bg_done, move |r| {
        let mut e = e2.borrow_mut();
        e.server.complete_bgsave(r, now_ms());
        e.route();
        e.rearm();
    }));
    tokio::task::spawn_local(aof_cron(engine.clone()));

    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let (done_tx, mut done_rx) = mpsc::channel::<()>(1);
    let permits = Arc::new(Semaphore::new(maxclients.saturating_add(EXTRA_CONNECTIONS)));

    tokio::task::spawn_local(timer(engine.clone(), timer_wake, shutdown_rx.clone()));
    for l in listeners {
        tokio::task::spawn_local(accept_loop(
            l,
            engine.clone(),
            permits.clone(),
            shutdown_rx.clone(),
            done_tx.clone(),
        ));
    }
    log::notice("Ready to accept connections tcp");

    // rdb hook: SHUTDOWN, or a signal (which saves when save points are configured; a
    // failed save keeps the server running, as in Redis).
    loop {
        tokio::select! {
            which = wait_for_signal() => {
                log::notice(&format!("Received {which} scheduling shutdown..."));
                let mut e = engine.borrow_mut();
                e.server.request_shutdown();
                e.route();
                if e.persist.exit_requested.get() {
                    break;
                }
            }
            _ = exit.notified() => break,
        }
    }
    // Stop accepting and tell connections to flush and close; then wait for every task.
    let _ = shutdown_tx.send(true);
    // Connections learn it from their mailbox (one that starts later sees the watch value).
    for mb in engine.borrow().mailboxes.values() {
        mb.stopping.set(true);
        mb.notify();
    }
    drop(done_tx);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, done_rx.recv()).await;
    {
        let mut e = engine.borrow_mut();
        e.flush_persistence();
        if let Some(aof) = e.aof.take() {
            aof.close(&mut e.server);
        }
    }
    log::warn("redlet is now ready to exit, bye bye...");
    Ok(())
}

/// Binds every `bind` address on `port`, as Redis does: a leading `-` makes an address
/// optional (skipped if it does not exist on this host); `*` is every IPv4 address, `::*`
/// every IPv6 one.
async fn bind_all(listen: &Listen) -> Result<Vec<TcpListener>, String> {
    let port = listen.port;
    if port == 0 || listen.bind.is_empty() {
        return Err("Configured to not listen anywhere, exiting.".into());
    }
    let mut out = Vec::new();
    for spec in &listen.bind {
        let (optional, addr) = match spec.strip_prefix('-') {
            Some(a) => (true, a),
            None => (false, spec.as_str()),
        };
        let host = match addr {
            "*" => "0.0.0.0",
            "::*" => "::",
            a => a,
        };
        match TcpListener::bind((host, port)).await {
            Ok(l) => {
                let shown = l.local_addr().map_or(addr.to_string(), |a| a.to_string());
                log::notice(&format!("Listening on {shown}"));
                out.push(l);
            }
            Err(e) if optional => {
                log::notice(&format!(
                    "Skipping optional address {addr}: {}",
                    log::os_error_text(&e)
                ));
            }
            Err(e) => {
                log::warn(&format!(
                    "Warning: Could not create server TCP listening socket {addr}:{port}: bind: {}",
                    log::os_error_text(&e)
                ));
                return Err(format!("Failed listening on port {port} (TCP), aborting."));
            }
        }
    }
    if out.is_empty() {
        return Err(format!("Failed listening on port {port} (TCP), aborting."));
    }
    Ok(out)
}

/// Resolves on SIGINT or SIGTERM and says which.
async fn wait_for_signal() -> &'static str {
    use tokio::signal::unix::{signal, SignalKind};
    match (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) {
        (Ok(mut int), Ok(mut term)) => tokio::select! {
            _ = int.recv() => "SIGINT",
            _ = term.recv() => "SIGTERM",
        },
        _ => {
            // Without signal handlers the default actions still stop the process.
            std::future::pending::<()>().await;
            "no signal"
        }
    }
}

/// Accepts connections until shutdown. A connection first takes a permit (the cap on
/// connections); accept errors (EMFILE, ECONNABORTED...) are retried with exponential backoff
/// from 1 ms to 1 s rather than ending the server.
async fn accept_loop(
    listener: TcpListener,
    engine: Shared,
    permits: Arc<Semaphore>,
    mut shutdown: watch::Receiver<bool>,
    done: mpsc::Sender<()>,
) {
    let mut backoff = Duration::from_millis(1);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return, // the semaphore is never closed
            },
            _ = shutdown.changed() => return,
        };
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = shutdown.changed() => return,
        };
        match accepted {
            Ok((sock, _)) => {
                backoff = Duration::from_millis(1);
                tokio::task::spawn_local(connection(
                    sock,
                    engine.clone(),
                    permit,
                    shutdown.clone(),
                    done.clone(),
                ));
            }
            Err(e) => {
                log::warn(&format!(
                    "Accepting client connection: {}",
                    log::os_error_text(&e)
                ));
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(1));
            }
        }
    }
}

/// Ten times a second: the AOF's everysec fsync and the end of a background rewrite.
async fn aof_cron(engine: Shared) {
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    loop {
        tick.tick().await;
        let mut e = engine.borrow_mut();
        let e = &mut *e;
        if let Some(aof) = e.aof.as_mut() {
            aof.cron(&mut e.server, now_ms());
        }
    }
}

/// Sleeps until the engine's next deadline and runs `handle_timeout`; woken early when a
/// command sets an earlier deadline (see [`Engine::rearm`]).
async fn timer(engine: Shared, wake: Rc<Notify>, mut shutdown: watch::Receiver<bool>) {
    loop {
        let now = now_ms();
        let next = {
            let mut e = engine.borrow_mut();
            if e.server.poll_timeout().is_some_and(|t| t <= now) {
                e.server.handle_timeout(now);
                e.flush_persistence();
                e.route();
            }
            let next = e.server.poll_timeout();
            e.armed = next;
            next
        };
        let sleep = match next {
            // A backlog (handle_timeout works in bounded steps): let connections run first.
            Some(t) if t <= now => Duration::ZERO,
            Some(t) => Duration::from_millis(t - now),
            None => Duration::from_secs(3600),
        };
        if sleep.is_zero() {
            tokio::task::yield_now().await;
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(sleep) => {}
            _ = wake.notified() => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// Serves one client until it disconnects, the engine closes it, or shutdown.
/// Accounts for `n` more bytes of `wbuf` written; an all-sent buffer is emptied for reuse.
fn wrote(wbuf: &mut Vec<u8>, sent: &mut usize, n: usize) {
    *sent += n;
    if *sent == wbuf.len() {
        wbuf.clear();
        *sent = 0;
    }
}

async fn connection(
    mut sock: TcpStream,
    engine: Shared,
    _permit: OwnedSemaphorePermit,
    shutdown: watch::Receiver<bool>,
    _done: mpsc::Sender<()>,
) {
    // Replies should leave at once; they are already batched per read.
    let _ = sock.set_nodelay(true);
    let addr = sock.peer_addr().map(|a| a.to_string()).unwrap_or_default();
    let laddr = sock.local_addr().map(|a| a.to_string()).unwrap_or_default();
    let mailbox = Rc::new(Mailbox::default());
    let id = {
        let mut e = engine.borrow_mut();
        let id = e.server.connect_from(now_ms(), &addr, &laddr);
        e.mailboxes.insert(id, mailbox.clone());
        e.route();
        id
    };
    let (mut rd, mut wr) = sock.split();
    let mut rbuf = vec![0u8; READ_CHUNK];
    // Bytes owed to the client; `sent` of them already written. Reused across batches.
    let mut wbuf: Vec<u8> = Vec::with_capacity(READ_CHUNK);
    let mut sent = 0;
    let mut reading = !*shutdown.borrow();
    loop {
        wbuf.append(&mut mailbox.out.borrow_mut());
        if mailbox.closing.get() || mailbox.stopping.get() {
            reading = false;
        }
        if !reading && sent == wbuf.len() {
            break;
        }
        // Writes first: a client that pipelines without reading its replies is still
        // answered, and our buffer drains before we read more.
        tokio::select! {
            biased;
            r = wr.write(&wbuf[sent..]), if sent < wbuf.len() => {
                match r {
                    Ok(0) | Err(_) => break,
                    Ok(n) => wrote(&mut wbuf, &mut sent, n),
                }
            }
            r = rd.read(&mut rbuf), if reading => {
                let n = match r {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                {
                    let mut e = engine.borrow_mut();
                    e.server.feed(id, &rbuf[..n], now_ms());
                    e.flush_persistence();
                    // Older mail first, then this batch's replies, then what routing adds.
                    wbuf.append(&mut mailbox.out.borrow_mut());
                    if e.server.take_output_into(id, &mut wbuf) {
                        mailbox.closing.set(true);
                    }
                    e.route();
                    e.rearm();
                }
                // The replies usually fit the socket buffer: send them now rather than after
                // another turn of the loop. Whatever is left (or an error) the write branch
                // handles.
                if sent < wbuf.len() {
                    if let Ok(n) = wr.try_write(&wbuf[sent..]) {
                        wrote(&mut wbuf, &mut sent, n);
                    }
                }
            }
            _ = mailbox.notified() => {}
        }
    }
    {
        let mut e = engine.borrow_mut();
        e.mailboxes.remove(&id);
        e.server.disconnect(id, now_ms());
        e.route();
    }
    // Lingering close: send FIN, then discard what the peer still sends for a moment. Closing
    // with unread input would make the kernel send RST, and the peer could lose the error
    // reply we just wrote (e.g. after a too big inline request).
    let _ = wr.shutdown().await;
    let _ = tokio::time::timeout(LINGER, async {
        while let Ok(n) = rd.read(&mut rbuf).await {
            if n == 0 {
                break;
            }
        }
    })
    .await;
}
