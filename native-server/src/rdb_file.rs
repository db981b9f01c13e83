//! The RDB file: loading `dir/dbfilename` at start, and carrying out the engine's
//! persistence requests (`redlet_core::persistence::Event`): SAVE, BGSAVE, SHUTDOWN.
//!
//! *Files*: a save writes `temp-<pid>.rdb` (a background save `temp-bg-<pid>.rdb`) in the
//! working directory (`dir`, which the runtime made current at start), fsyncs it, renames it
//! over `dbfilename` and fsyncs the directory, as Redis's `rdbSave` does, so a crash leaves
//! either the old file or the new one, never a torn one.
//!
//! *Threads*: SAVE and the final save of a shutdown run on the engine's thread (they block,
//! as in Redis). A background save gets an owned copy of the keyspace from core and writes it
//! from a plain thread; the outcome comes back through a channel to a task on the engine's
//! thread, which reports it with `complete_bgsave`. The copy is taken on the engine thread
//! between two client batches, so it is a consistent point-in-time snapshot.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

use redlet_core::config::find_param;
use redlet_core::persistence::Event;
use redlet_core::Server;
use tokio::sync::{mpsc, Notify};

use crate::log::{self, now_ms};

/// What the runtime keeps for persistence: where background saves report, and how a
/// completed SHUTDOWN asks the runtime to exit.
pub struct Persist {
    /// Background save outcomes, sent from the writer thread.
    done_tx: mpsc::UnboundedSender<Result<(), String>>,
    /// Notified when the engine decided to exit (SHUTDOWN, or a signal whose save worked).
    pub exit: Rc<Notify>,
    /// Set together with `exit`.
    pub exit_requested: Cell<bool>,
}

impl Persist {
    /// A new context and the receiving end for [`bgsave_results`].
    pub fn new() -> (Self, mpsc::UnboundedReceiver<Result<(), String>>) {
        let (done_tx, rx) = mpsc::unbounded_channel();
        (
            Persist {
                done_tx,
                exit: Rc::new(Notify::new()),
                exit_requested: Cell::new(false),
            },
            rx,
        )
    }
}

/// The RDB file's path (`dbfilename`, relative to the working directory `dir`).
fn rdb_path(server: &Server) -> PathBuf {
    let config = &server.state().config;
    let name =
        find_param("dbfilename").map_or_else(|| "dump.rdb".to_string(), |p| config.get_param(p));
    PathBuf::from(name)
}

/// Loads the RDB file at start, if it exists. `Err` is the log text of a file that exists
/// but cannot be loaded: the server must not start (and must not overwrite it).
pub fn load_at_start(server: &mut Server) -> Result<(), String> {
    let path = rdb_path(server);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(format!(
                "Fatal error loading the DB: {}. Exiting.",
                log::os_error_text(&e)
            ))
        }
    };
    let started = Instant::now();
    match server.load_rdb(&bytes, now_ms()) {
        Ok((loaded, expired)) => {
            log::notice(&format!(
                "Done loading RDB, keys loaded: {loaded}, keys expired: {expired}."
            ));
            log::notice(&format!(
                "DB loaded from disk: {:.3} seconds",
                started.elapsed().as_secs_f64()
            ));
            Ok(())
        }
        Err(e) => Err(format!(
            "Fatal error loading the DB from {}: {e}. The file is left as it is; \
             the server will not start on it. Exiting.",
            path.display()
        )),
    }
}

/// Writes a file atomically: `fill` writes the content into a temporary file of the working
/// directory, which is then flushed, fsynced and renamed to `dest`; the directory is fsynced
/// so the rename survives a crash. On error the temporary file is removed and `dest` is
/// untouched.
/// CONFIG REWRITE: the loaded configuration file rewritten with the current values
/// (`Config::rewrite_file`), replaced atomically (temp file in the same directory, fsync,
/// rename) so a crash leaves the old or the new file, never half of one.
fn rewrite_config(server: &Server) -> Result<(), String> {
    let config = &server.state().config;
    let path = PathBuf::from(
        config
            .config_file
            .clone()
            .ok_or("the server is running without a config file")?,
    );
    let old = std::fs::read_to_string(&path).map_err(|e| log::os_error_text(&e))?;
    let new = config.rewrite_file(&old);
    let mut temp = path.clone().into_os_string();
    temp.push(".redlet-rewrite.tmp");
    let temp = PathBuf::from(temp);
    let written = (|| {
        let mut f = File::create(&temp)?;
        f.write_all(new.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&temp, &path)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        log::os_error_text(&e)
    })
}

fn write_atomically(
    temp: &Path,
    dest: &Path,
    fill: impl FnOnce(&mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()>,
) -> Result<(), String> {
    let result = (|| {
        let f = File::create(temp)?;
        let mut w = BufWriter::with_capacity(64 * 1024, f);
        fill(&mut |b: &[u8]| w.write_all(b))?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(temp, dest)?;
        let dir = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    result.map_err(|e: std::io::Error| {
        let _ = std::fs::remove_file(temp);
        format!(
            "Failed opening or writing the .rdb file {} (in server root dir {}): {}",
            temp.display(),
            std::env::current_dir().map_or_else(|_| "?".into(), |d| d.display().to_string()),
            log::os_error_text(&e)
        )
    })
}

/// SAVE: writes the live keyspace on this thread.
fn save_now(server: &Server) -> Result<(), String> {
    let temp = PathBuf::from(format!("temp-{}.rdb", std::process::id()));
    let dest = rdb_path(server);
    let now = now_ms();
    write_atomically(&temp, &dest, |sink| server.write_rdb(now, sink))
}

fn bg_temp_path() -> PathBuf {
    PathBuf::from(format!("temp-bg-{}.rdb", std::process::id()))
}

/// Carries out every request the engine has queued. Call it after every call into the
/// engine, before routing its output (the runtime's `route` does).
pub fn handle_events(server: &mut Server, persist: &Persist) {
    while let Some(ev) = server.poll_event() {
        match ev {
            Event::Save { client } => {
                log::notice("DB saved on disk requested (SAVE)");
                let r = save_now(server);
                match &r {
                    Ok(()) => log::notice("DB saved on disk"),
                    Err(e) => log::warn(e),
                }
                server.complete_save(client, r, now_ms());
            }
            Event::ConfigRewrite { client } => {
                let r = rewrite_config(server);
                match &r {
                    Ok(()) => log::notice("CONFIG REWRITE executed with success."),
                    Err(e) => log::warn(&format!("CONFIG REWRITE failed: {e}")),
                }
                server.complete_config_rewrite(client, r, now_ms());
            }
            Event::BgSave { job } => {
                let dest = rdb_path(server);
                let tx = persist.done_tx.clone();
                log::notice(&format!("Background saving started ({} keys)", job.keys()));
                let spawned = std::thread::Builder::new()
                    .name("redlet-bgsave".into())
                    .spawn(move || {
                        let r = write_atomically(&bg_temp_path(), &dest, |sink| job.write(sink));
                        // Dropping the copy here, off the engine thread, frees its memory
                        // without stalling clients.
                        drop(job);
                        let _ = tx.send(r);
                    });
                if let Err(e) = spawned {
                    server.complete_bgsave(Err(format!("Can't save in background: {e}")), now_ms());
                }
            }
            Event::Shutdown {
                client,
                save,
                force,
            } => {
                log::warn("User requested shutdown...");
                let _ = std::fs::remove_file(bg_temp_path());
                if save {
                    log::notice("Saving the final RDB snapshot before exiting.");
                    match save_now(server) {
                        Ok(()) => log::notice("DB saved on disk"),
                        Err(e) if force => {
                            log::warn(&e);
                            log::warn("Error trying to save the DB. Exit anyway.");
                        }
                        Err(e) => {
                            log::warn(&e);
                            log::warn("Error trying to save the DB, can't exit.");
                            log::warn("Errors trying to shut down the server. Check the logs for more information.");
                            server.complete_shutdown(client, now_ms());
                            continue;
                        }
                    }
                }
                persist.exit_requested.set(true);
                persist.exit.notify_one();
            }
        }
    }
}

/// Receives background save outcomes and hands each to `on_done` (on the engine's thread).
pub async fn bgsave_results(
    mut rx: mpsc::UnboundedReceiver<Result<(), String>>,
    mut on_done: impl FnMut(Result<(), String>),
) {
    while let Some(r) = rx.recv().await {
        match &r {
            Ok(()) => log::notice("Background saving terminated with success"),
            Err(e) => {
                log::warn(e);
                log::warn("Background saving error");
            }
        }
        on_done(r);
    }
}
