//! The append-only file, Redis 7.0's multi-part layout: `<dir>/<appenddirname>/` holds a
//! manifest (`<appendfilename>.manifest`) naming one base file (`<name>.<seq>.base.aof`) and
//! the incremental files written since (`<name>.<seq>.incr.aof`), as redis-server does, so
//! either server can load the other's directory.
//!
//! What is written is the engine's propagated command stream (`Server::take_propagated`):
//! this module holds no command semantics. Loading replays the files through the engine
//! (`Server::replay`), and an RDB base (what redis-server writes with its default
//! `aof-use-rdb-preamble yes`) through the RDB codec; the base redlet writes comes from core's
//! `aof::rewrite` (commands, as with `aof-use-rdb-preamble no`).
//!
//! *Durability*: `appendfsync always` writes and fsyncs each batch's commands before the
//! batch's replies leave (the runtime calls [`Aof::write`] right after `feed`). `everysec`
//! writes at once and fsyncs from a blocking thread about once a second; `no` leaves flushing
//! to the OS.
//!
//! *Rewrite while clients write*: the engine is single-threaded, so at the start of a rewrite
//! the runtime clones the databases (`Value: Clone`; one O(dataset) copy on the engine
//! thread — simple and exact, at the price of a pause and twice the memory for the copy),
//! opens a new incremental file that receives every later write, records both in the
//! manifest, and a plain thread serializes the clone into a temporary base. When it is done
//! the manifest switches to the new base plus the new incremental file and the old files are
//! deleted. A crash at any point leaves a manifest that names complete files.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use redlet_core::config::find_param;
use redlet_core::keyspace::Db;
use redlet_core::{Config, Millis, Server};

use crate::log;

/// Parameters this module acts on (the config loader does not warn about them).
pub const PARAMS: &[&str] = &[
    "appendonly",
    "appendfsync",
    "appendfilename",
    "appenddirname",
    "aof-load-truncated",
    "aof-use-rdb-preamble",
];

/// `appendfsync`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fsync {
    /// fsync before replying.
    Always,
    /// fsync about once a second, off the engine thread.
    EverySec,
    /// never fsync explicitly.
    No,
}

/// The AOF parameters, read from the engine's configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `appendonly`.
    pub enabled: bool,
    /// `appendfsync`.
    pub fsync: Fsync,
    /// `appendfilename`.
    pub filename: String,
    /// `appenddirname` (relative to `dir`, the working directory).
    pub dirname: String,
    /// `aof-load-truncated`.
    pub load_truncated: bool,
}

fn param(config: &Config, name: &str) -> String {
    find_param(name).map_or_else(String::new, |p| config.get_param(p))
}

impl Settings {
    /// Reads the settings from `config` (CONFIG SET changes `appendfsync` at run time too).
    pub fn from_config(config: &Config) -> Settings {
        Settings {
            enabled: param(config, "appendonly") == "yes",
            fsync: match param(config, "appendfsync").as_str() {
                "always" => Fsync::Always,
                "no" => Fsync::No,
                _ => Fsync::EverySec,
            },
            filename: param(config, "appendfilename"),
            dirname: param(config, "appenddirname"),
            load_truncated: param(config, "aof-load-truncated") != "no",
        }
    }
}

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    name: String,
    seq: u64,
    /// `b` base, `i` incremental, `h` history (to be deleted).
    kind: char,
}

/// A rewrite running on its own thread.
struct Rewrite {
    /// Writes the base to `temp` and returns its size.
    job: JoinHandle<std::io::Result<u64>>,
    temp: PathBuf,
    /// Sequence number of the new base and of the incremental file opened with it.
    seq: u64,
    /// Files the finished rewrite makes obsolete.
    obsolete: Vec<String>,
    started: Instant,
}

/// An open append-only file set.
pub struct Aof {
    dir: PathBuf,
    settings: Settings,
    /// Manifest parts: the base first, then the incremental files in order.
    parts: Vec<Part>,
    /// The incremental file receiving writes.
    file: File,
    /// Bytes written since the last fsync.
    unsynced: bool,
    last_fsync: Instant,
    /// An everysec fsync in flight.
    fsync_job: Option<JoinHandle<()>>,
    rewrite: Option<Rewrite>,
    /// Size of the base file.
    base_size: u64,
    /// Size of base plus incremental files.
    size: u64,
}

/// Manifest file path for `settings` under `dir`.
fn manifest_path(dir: &Path, s: &Settings) -> PathBuf {
    dir.join(format!("{}.manifest", s.filename))
}

/// Parses a manifest (`file <name> seq <n> type <b|i|h>` lines, as Redis 7.0 writes them).
fn parse_manifest(text: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let mut name = None;
        let mut seq = None;
        let mut kind = None;
        for pair in words.chunks(2) {
            match pair {
                ["file", v] => name = Some(v.to_string()),
                ["seq", v] => seq = v.parse::<u64>().ok(),
                ["type", v] => kind = v.chars().next(),
                _ => {}
            }
        }
        match (name, seq, kind) {
            (Some(name), Some(seq), Some(kind)) if "bih".contains(kind) => {
                parts.push(Part { name, seq, kind })
            }
            _ => return Err(format!("Invalid AOF manifest file format (line {})", n + 1)),
        }
    }
    let bases = parts.iter().filter(|p| p.kind == 'b').count();
    if bases > 1 {
        return Err("Found duplicate base file information".into());
    }
    Ok(parts)
}

fn render_manifest(parts: &[Part]) -> String {
    // Redis lists the base first, then history, then incremental files.
    let mut out = String::new();
    for kind in ['b', 'h', 'i'] {
        for p in parts.iter().filter(|p| p.kind == kind) {
            out.push_str(&format!("file {} seq {} type {}\n", p.name, p.seq, p.kind));
        }
    }
    out
}

/// Writes the manifest atomically (temp file, fsync, rename), as Redis does.
fn write_manifest(dir: &Path, s: &Settings, parts: &[Part]) -> std::io::Result<()> {
    let tmp = dir.join(format!("temp-{}.manifest", s.filename));
    {
        let mut f = File::create(&tmp)?;
        f.write_all(render_manifest(parts).as_bytes())?;
        f.sync_all()?;
    }
    fs::rename(&tmp, manifest_path(dir, s))?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn open_append(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

fn incr_name(s: &Settings, seq: u64) -> String {
    format!("{}.{seq}.incr.aof", s.filename)
}

fn base_name(s: &Settings, seq: u64) -> String {
    format!("{}.{seq}.base.aof", s.filename)
}

fn file_len(path: &Path) -> u64 {
    fs::metadata(path).map_or(0, |m| m.len())
}

/// Loads the AOF named by `settings` into `server`, if its manifest exists. Returns whether
/// something was loaded. `Err` is the fatal message: the server must not start, and no file
/// has been changed.
pub fn load(server: &mut Server, settings: &Settings, now: Millis) -> Result<bool, String> {
    let dir = PathBuf::from(&settings.dirname);
    let manifest = manifest_path(&dir, settings);
    let text = match fs::read_to_string(&manifest) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => {
            return Err(format!(
                "Can't open the AOF manifest {}: {}",
                manifest.display(),
                log::os_error_text(&e)
            ))
        }
    };
    let parts = parse_manifest(&text)?;
    let files: Vec<&Part> = parts
        .iter()
        .filter(|p| p.kind == 'b')
        .chain(parts.iter().filter(|p| p.kind == 'i'))
        .collect();
    server.state_mut().persistence.loading = true;
    let started = Instant::now();
    let mut commands = 0;
    for (i, part) in files.iter().enumerate() {
        let last = i + 1 == files.len();
        let path = dir.join(&part.name);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                return Err(format!(
                    "Can't open the append-only file {}: {}",
                    part.name,
                    log::os_error_text(&e)
                ))
            }
        };
        if bytes.starts_with(b"REDIS") {
            // An RDB base (Redis's default `aof-use-rdb-preamble yes`): only the base may be
            // one, and it is loaded before any incremental file.
            if part.kind != 'b' || i != 0 {
                return Err(format!(
                    "Bad file format reading the append only file {}: an RDB file that is \
                     not the base",
                    part.name
                ));
            }
            let (keys, expired) = server.load_rdb(&bytes, now).map_err(|e| {
                format!(
                    "Bad file format reading the append only file {}: {e}",
                    part.name
                )
            })?;
            log::notice(&format!(
                "Loaded the RDB base {} ({keys} keys, {expired} expired)",
                part.name
            ));
            continue;
        }
        let r = server.replay(&bytes, now).map_err(|e| {
            format!(
                "{} {} at offset {}: make a backup of your AOF file, then use \
                 ./redis-check-aof --fix <filename.manifest>",
                e.reason, part.name, e.offset
            )
        })?;
        commands += r.commands;
        if r.truncated {
            if !last || !settings.load_truncated {
                return Err(format!(
                    "Unexpected end of file reading the append only file {}. You can: 1) Make \
                     a backup of your AOF file, then use ./redis-check-aof --fix \
                     <filename.manifest>. 2) Alternatively you can set the \
                     'aof-load-truncated' configuration option to yes and restart the server.",
                    part.name
                ));
            }
            log::warn(&format!(
                "!!! Warning: short read while loading the AOF file {}!!!",
                part.name
            ));
            log::warn(&format!(
                "!!! Truncating the AOF {} at offset {} ({} bytes dropped) !!!",
                part.name,
                r.valid_len,
                bytes.len() - r.valid_len
            ));
            let f = OpenOptions::new()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_len(r.valid_len as u64).map(|_| f))
                .and_then(|f| f.sync_all());
            if let Err(e) = f {
                return Err(format!(
                    "Error truncating the AOF file {}: {}",
                    part.name,
                    log::os_error_text(&e)
                ));
            }
            log::warn(&format!(
                "AOF {} loaded anyway because aof-load-truncated is enabled",
                part.name
            ));
        }
    }
    server.state_mut().persistence.loading = false;
    log::notice(&format!(
        "DB loaded from append only file: {:.3} seconds ({commands} commands)",
        started.elapsed().as_secs_f64()
    ));
    Ok(true)
}

impl Aof {
    /// Opens the AOF for appending after [`load`]: continues the manifest's last
    /// incremental file, or creates a fresh layout (an empty base written from `server`'s
    /// current data and incremental file 1) when there is none. Turns propagation on.
    pub fn open(server: &mut Server, settings: Settings, now: Millis) -> Result<Aof, String> {
        let dir = PathBuf::from(&settings.dirname);
        let io = |e: std::io::Error| {
            format!(
                "Can't open the append-only file in {}: {}",
                dir.display(),
                log::os_error_text(&e)
            )
        };
        fs::create_dir_all(&dir).map_err(io)?;
        let parts = match fs::read_to_string(manifest_path(&dir, &settings)) {
            Ok(t) => parse_manifest(&t)?,
            Err(_) => Vec::new(),
        };
        let aof = if let Some(incr) = parts.iter().rfind(|p| p.kind == 'i').cloned() {
            let file = open_append(&dir.join(&incr.name)).map_err(io)?;
            let base_size = parts
                .iter()
                .find(|p| p.kind == 'b')
                .map_or(0, |p| file_len(&dir.join(&p.name)));
            let size = parts.iter().map(|p| file_len(&dir.join(&p.name))).sum();
            Aof {
                dir,
                settings,
                parts,
                file,
                unsynced: false,
                last_fsync: Instant::now(),
                fsync_job: None,
                rewrite: None,
                base_size,
                size,
            }
        } else {
            // A fresh AOF: the base is the current dataset (written synchronously: at start
            // it is whatever was loaded), then an empty incremental file.
            let seq = parts.iter().map(|p| p.seq).max().unwrap_or(0) + 1;
            let base = base_name(&settings, seq);
            let base_size = write_base(&dir.join(&base), &server.state().dbs, now).map_err(io)?;
            let incr = incr_name(&settings, seq);
            let file = open_append(&dir.join(&incr)).map_err(io)?;
            let parts = vec![
                Part {
                    name: base,
                    seq,
                    kind: 'b',
                },
                Part {
                    name: incr,
                    seq,
                    kind: 'i',
                },
            ];
            write_manifest(&dir, &settings, &parts).map_err(io)?;
            Aof {
                dir,
                settings,
                parts,
                file,
                unsynced: false,
                last_fsync: Instant::now(),
                fsync_job: None,
                rewrite: None,
                base_size,
                size: base_size,
            }
        };
        server.set_propagation(true);
        aof.report(server);
        Ok(aof)
    }

    /// Appends the engine's propagated commands. With `appendfsync always` they are on disk
    /// when this returns: call it after `feed` / `handle_timeout` and before sending replies.
    pub fn write(&mut self, server: &mut Server, buf: &mut Vec<u8>) {
        buf.clear();
        server.take_propagated(buf);
        if buf.is_empty() {
            return;
        }
        let mut ok = self.file.write_all(buf).is_ok();
        self.size += buf.len() as u64;
        self.unsynced = true;
        if ok && self.settings.fsync == Fsync::Always {
            ok = self.file.sync_data().is_ok();
            self.unsynced = false;
        }
        if !ok {
            log::warn("Error writing to the AOF file");
        }
        let p = &mut server.state_mut().persistence;
        p.aof_last_write_ok = ok;
        p.aof_current_size = self.size;
    }

    /// Periodic work (call a few times a second): the everysec fsync, finishing a rewrite.
    pub fn cron(&mut self, server: &mut Server, now: Millis) {
        self.settings.fsync = Settings::from_config(&server.state().config).fsync;
        if self.settings.fsync == Fsync::EverySec
            && self.unsynced
            && self.last_fsync.elapsed() >= Duration::from_secs(1)
            && self.fsync_job.as_ref().is_none_or(|j| j.is_finished())
        {
            if let Ok(f) = self.file.try_clone() {
                self.unsynced = false;
                self.last_fsync = Instant::now();
                self.fsync_job = Some(std::thread::spawn(move || {
                    let _ = f.sync_data();
                }));
            }
        }
        if self.rewrite.as_ref().is_some_and(|r| r.job.is_finished()) {
            self.finish_rewrite(server, now);
        }
    }

    /// Starts a rewrite (BGREWRITEAOF): snapshot, new incremental file, background writer.
    pub fn start_rewrite(&mut self, server: &mut Server, now: Millis) {
        if self.rewrite.is_some() {
            return;
        }
        let seq = self.parts.iter().map(|p| p.seq).max().unwrap_or(0) + 1;
        let incr = incr_name(&self.settings, seq);
        let file = match open_append(&self.dir.join(&incr)) {
            Ok(f) => f,
            Err(e) => {
                log::warn(&format!(
                    "Can't open the append-only file {incr}: {}",
                    log::os_error_text(&e)
                ));
                return self.rewrite_failed(server);
            }
        };
        let _ = self.file.sync_data();
        let obsolete: Vec<String> = self.parts.iter().map(|p| p.name.clone()).collect();
        let mut parts = self.parts.clone();
        parts.push(Part {
            name: incr,
            seq,
            kind: 'i',
        });
        if write_manifest(&self.dir, &self.settings, &parts).is_err() {
            return self.rewrite_failed(server);
        }
        self.parts = parts;
        self.file = file;
        // The new file is read on its own after the new base: it must SELECT first.
        server.state_mut().prop.reset_selected();
        let snapshot: Vec<Db> = server.state().dbs.clone();
        let temp = self
            .dir
            .join(format!("temp-rewriteaof-bg-{}.aof", std::process::id()));
        let path = temp.clone();
        let job = std::thread::spawn(move || write_base(&path, &snapshot, now));
        self.rewrite = Some(Rewrite {
            job,
            temp,
            seq,
            obsolete,
            started: Instant::now(),
        });
        log::notice("Background append only file rewriting started");
    }

    fn rewrite_failed(&mut self, server: &mut Server) {
        let p = &mut server.state_mut().persistence;
        p.aof_rewrite_in_progress = false;
        p.aof_rewrite_started = None;
        p.aof_last_bgrewrite_ok = false;
    }

    fn finish_rewrite(&mut self, server: &mut Server, _now: Millis) {
        let Some(rw) = self.rewrite.take() else {
            return;
        };
        let result = rw
            .job
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the rewrite thread panicked")));
        let size = match result {
            Ok(size) => size,
            Err(e) => {
                log::warn(&format!(
                    "Background AOF rewrite failed: {}",
                    log::os_error_text(&e)
                ));
                let _ = fs::remove_file(&rw.temp);
                return self.rewrite_failed(server);
            }
        };
        let base = base_name(&self.settings, rw.seq);
        if fs::rename(&rw.temp, self.dir.join(&base)).is_err() {
            return self.rewrite_failed(server);
        }
        let mut parts = vec![Part {
            name: base,
            seq: rw.seq,
            kind: 'b',
        }];
        parts.extend(
            self.parts
                .iter()
                .filter(|p| p.kind == 'i' && p.seq == rw.seq)
                .cloned(),
        );
        if write_manifest(&self.dir, &self.settings, &parts).is_err() {
            return self.rewrite_failed(server);
        }
        for name in &rw.obsolete {
            let _ = fs::remove_file(self.dir.join(name));
        }
        self.parts = parts;
        self.base_size = size;
        self.size = self
            .parts
            .iter()
            .map(|p| file_len(&self.dir.join(&p.name)))
            .sum();
        let p = &mut server.state_mut().persistence;
        p.aof_rewrite_in_progress = false;
        p.aof_rewrite_started = None;
        p.aof_last_bgrewrite_ok = true;
        p.aof_rewrites += 1;
        p.aof_last_rewrite_time_sec = rw.started.elapsed().as_secs() as i64;
        log::notice("Background AOF rewrite finished successfully");
        self.report(server);
    }

    /// Publishes sizes and status to INFO persistence.
    fn report(&self, server: &mut Server) {
        let p = &mut server.state_mut().persistence;
        p.aof_enabled = true;
        p.aof_current_size = self.size;
        p.aof_base_size = self.base_size;
    }

    /// Stops the AOF (CONFIG SET appendonly no, shutdown): fsyncs and stops propagation.
    pub fn close(mut self, server: &mut Server) {
        if let Some(rw) = self.rewrite.take() {
            let _ = rw.job.join();
            let _ = fs::remove_file(&rw.temp);
        }
        let _ = self.file.sync_data();
        server.set_propagation(false);
        let p = &mut server.state_mut().persistence;
        p.aof_enabled = false;
        p.aof_rewrite_in_progress = false;
        p.aof_rewrite_started = None;
    }
}

/// Writes an AOF base for `dbs` to `path` (via core's rewrite), fsyncs it, returns its size.
/// The one place that decides the base format.
fn write_base(path: &Path, dbs: &[Db], now: Millis) -> std::io::Result<u64> {
    let mut w = BufWriter::new(File::create(path)?);
    let mut err = None;
    let mut size = 0u64;
    redlet_core::aof::rewrite(dbs, now, &mut |chunk| {
        if err.is_none() {
            size += chunk.len() as u64;
            if let Err(e) = w.write_all(chunk) {
                err = Some(e);
            }
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    let f = w.into_inner().map_err(|e| e.into_error())?;
    f.sync_all()?;
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips_redis_format() {
        let text = "file appendonly.aof.1.base.rdb seq 1 type b\n\
                    file appendonly.aof.1.incr.aof seq 1 type i\n";
        let parts = parse_manifest(text).expect("Redis's own manifest parses");
        assert_eq!(parts.len(), 2);
        assert_eq!(render_manifest(&parts), text);
        assert!(parse_manifest("file x seq\n").is_err());
    }
}
