//! Idempotent installation of what the project's commands need on a fresh Debian machine:
//! Debian packages (apt-get), the wasm32 target (rustup), wasm-bindgen-cli at the pinned
//! version (cargo install --locked) and the browser tests' npm packages (npm ci).
//!
//! Each step checks first and skips when the tool is already there, so a warm machine pays
//! only for the checks.

use std::path::Path;
use std::process::Command;

use crate::{run, Result};

/// Whether `cmd` is on the PATH.
pub fn have(cmd: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {cmd} >/dev/null 2>&1")])
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// Installs Debian packages whose marker command is missing: `(command, package)` pairs.
pub fn apt(pairs: &[(&str, &str)]) -> Result {
    let missing: Vec<&str> = pairs
        .iter()
        .filter(|(cmd, _)| !have(cmd))
        .map(|(_, pkg)| *pkg)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing Debian packages: {}", missing.join(" "));
    let sudo = if is_root() { "" } else { "sudo " };
    run(Command::new("sh").args([
        "-c",
        &format!(
            "{sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive {sudo}apt-get install -y -qq {}",
            missing.join(" ")
        ),
    ]))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Adds the wasm32-unknown-unknown target if rustup lacks it.
pub fn wasm_target() -> Result {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup: {e}"))?;
    if String::from_utf8_lossy(&out.stdout).contains("wasm32-unknown-unknown") {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The `wasm-bindgen` crate version pinned in Cargo.toml (`=x.y.z`).
pub fn pinned_wasm_bindgen(root: &Path) -> Result<String> {
    let toml = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    toml.lines()
        .find_map(|l| {
            let l = l.trim();
            l.strip_prefix("wasm-bindgen = \"=")
                .and_then(|r| r.strip_suffix('"'))
                .map(str::to_string)
        })
        .ok_or_else(|| "wasm-bindgen is not pinned with = in Cargo.toml".to_string())
}

/// Installs wasm-bindgen-cli at the pinned version unless that exact version is installed.
pub fn wasm_bindgen_cli(root: &Path) -> Result {
    let want = pinned_wasm_bindgen(root)?;
    let have_version = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    if have_version == format!("wasm-bindgen {want}") {
        return Ok(());
    }
    eprintln!("xtask: installing wasm-bindgen-cli {want} (a few minutes on 2 cores)");
    run(Command::new("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &want,
        "--locked",
    ]))
}

/// Installs the browser tests' npm packages (playwright-core) when node_modules is missing
/// or older than the lock file.
pub fn npm(dir: &Path) -> Result {
    if !dir.join("package.json").exists() {
        return Ok(());
    }
    let modules = dir.join("node_modules");
    let lock = dir.join("package-lock.json");
    let fresh = match (modules.metadata(), lock.metadata()) {
        (Ok(m), Ok(l)) => match (m.modified(), l.modified()) {
            (Ok(m), Ok(l)) => m >= l,
            _ => false,
        },
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir))
}

/// Everything the test command needs.
pub fn for_tests(root: &Path) -> Result {
    apt(&[
        ("redis-server", "redis-server"),
        ("redis-cli", "redis-tools"),
        ("redis-benchmark", "redis-tools"),
        ("chromium", "chromium"),
        ("wasm-opt", "binaryen"),
        ("node", "nodejs"),
        ("npm", "npm"),
    ])?;
    wasm_target()?;
    wasm_bindgen_cli(root)?;
    npm(&root.join("tests-www"))
}
