//! Project tasks, run as `cargo xtask <task>` (alias in .cargo/config.toml):
//!
//! - `test`: installs what is missing, then runs every test: lints, cargo tests (core,
//!   native server, differential against redis-server), wasm tests on node, and the browser
//!   tests in headless Chromium; ends with `N passed, M failed`.
//! - `play`: builds the playground and redlet-server, serves the page on
//!   http://127.0.0.1:8080 and the server on 127.0.0.1:6379.
//! - `build-wasm`: builds the wasm engine and its JS glue into `www/pkg/`.
//! - `bench`: redis-benchmark against redis-server and redlet-server side by side.
//!
//! Only std: xtask must build fast on a fresh machine.

mod bench;
mod serve;
mod setup;
mod wasm;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// xtask's error type: a message for the user.
pub type Result<T = ()> = std::result::Result<T, String>;

const HELP: &str = "\
usage: cargo xtask <task> [options]

tasks:
  test [--no-lint] [--quick]   install what is missing, then run every test
  play [--port N] [--http N]   build and serve the playground (8080) and redlet-server (6379)
  build-wasm [--dev]           build the wasm engine and JS glue into www/pkg/
  bench [--rounds N] [--quick] [--only T1,T2] [--no-memory] [--redlet-bin PATH]
                               redis-benchmark redis-server vs redlet-server, side by side
";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(&root, &args[1..]),
        Some("play") => play(&root, &args[1..]),
        Some("build-wasm") => setup::wasm_target()
            .and_then(|()| setup::wasm_bindgen_cli(&root))
            .and_then(|()| wasm::build_wasm(&root, !args.iter().any(|a| a == "--dev"))),
        Some("bench") => bench::run(&root, &args[1..]),
        Some("-h" | "--help" | "help") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task {other:?}\n{HELP}")),
    };
    if let Err(e) = result {
        eprintln!("xtask: error: {e}");
        std::process::exit(1);
    }
}

/// The workspace root (xtask's manifest directory's parent).
fn project_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(Path::to_path_buf).unwrap_or(here)
}

/// Runs a command to completion, failing on a non-zero exit.
pub fn run(cmd: &mut Command) -> Result {
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed: {status}"))
    }
}

/// Counts of tests that passed and failed in one step's output.
#[derive(Default, Debug, Clone, Copy)]
struct Counts {
    passed: u64,
    failed: u64,
}

/// Runs a test command with its output streamed through, and counts the tests it reports
/// (cargo's `test result:` lines, node's `# pass` / `# fail` lines).
fn run_counted(name: &str, cmd: &mut Command) -> (Counts, bool) {
    eprintln!("\n==> {name}");
    let child = cmd.stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot start {name}: {e}");
            return (Counts::default(), false);
        }
    };
    let mut counts = Counts::default();
    if let Some(out) = child.stdout.take() {
        use std::io::{BufRead, BufReader};
        for line in BufReader::new(out)
            .lines()
            .map_while(std::result::Result::ok)
        {
            println!("{line}");
            let l = line.trim();
            if let Some(rest) = l.strip_prefix("test result:") {
                for part in rest.split(';') {
                    let part = part
                        .trim()
                        .trim_start_matches("ok.")
                        .trim_start_matches("FAILED.")
                        .trim();
                    let mut it = part.split_whitespace();
                    if let (Some(n), Some(kind)) = (it.next(), it.next()) {
                        let n: u64 = n.parse().unwrap_or(0);
                        match kind {
                            "passed" => counts.passed += n,
                            "failed" => counts.failed += n,
                            _ => {}
                        }
                    }
                }
            } else if let Some(n) = l.strip_prefix("# pass ") {
                counts.passed += n.trim().parse().unwrap_or(0);
            } else if let Some(n) = l.strip_prefix("# fail ") {
                counts.failed += n.trim().parse().unwrap_or(0);
            }
        }
    }
    let ok = child.wait().map(|s| s.success()).unwrap_or(false);
    (counts, ok)
}

fn test(root: &Path, args: &[String]) -> Result {
    let lint = !args.iter().any(|a| a == "--no-lint");
    setup::for_tests(root)?;
    let mut steps: Vec<(&str, Command)> = Vec::new();
    let cargo = |args: &[&str]| {
        let mut c = Command::new("cargo");
        c.args(args).current_dir(root);
        c
    };
    if lint {
        steps.push(("cargo fmt --check", cargo(&["fmt", "--all", "--check"])));
        steps.push((
            "clippy (native)",
            cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ));
        steps.push((
            "clippy (wasm32)",
            cargo(&[
                "clippy",
                "-p",
                "redlet-core",
                "-p",
                "redlet-wasm",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ]),
        ));
    }
    steps.push((
        "cargo test (core, native server, differential, xtask)",
        cargo(&["test", "--workspace", "--exclude", "redlet-wasm"]),
    ));
    steps.push((
        "wasm tests on node (wasm-bindgen-test)",
        cargo(&[
            "test",
            "-p",
            "redlet-wasm",
            "--target",
            "wasm32-unknown-unknown",
        ]),
    ));
    let mut total = Counts::default();
    let mut failed_steps = Vec::new();
    for (name, mut cmd) in steps {
        let (c, ok) = run_counted(name, &mut cmd);
        total.passed += c.passed;
        total.failed += c.failed;
        if !ok {
            failed_steps.push(name.to_string());
        }
    }
    if root.join("tests-www/package.json").exists() {
        match wasm::build_wasm(root, true) {
            Ok(()) => {
                let mut node = Command::new("node");
                node.args(["--test", "--test-reporter=tap"])
                    .current_dir(root.join("tests-www"));
                let (c, ok) = run_counted("browser tests (headless Chromium)", &mut node);
                total.passed += c.passed;
                total.failed += c.failed;
                if !ok {
                    failed_steps.push("browser tests".to_string());
                }
            }
            Err(e) => {
                eprintln!("build-wasm failed: {e}");
                failed_steps.push("build-wasm".to_string());
            }
        }
    }
    println!();
    if !failed_steps.is_empty() {
        println!("failed steps: {}", failed_steps.join(", "));
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    if failed_steps.is_empty() && total.failed == 0 {
        Ok(())
    } else {
        Err("some tests failed".into())
    }
}

fn flag_value(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn play(root: &Path, args: &[String]) -> Result {
    let port = flag_value(args, "--port").unwrap_or_else(|| "6379".into());
    let http: u16 = flag_value(args, "--http")
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    setup::wasm_target()?;
    setup::wasm_bindgen_cli(root)?;
    wasm::build_wasm(root, true)?;
    run(Command::new("cargo")
        .args(["build", "--release", "-p", "redlet-server"])
        .current_dir(root))?;
    let server_bin = root.join("target/release/redlet-server");
    let mut server = Command::new(&server_bin)
        .args(["--port", &port, "--bind", "127.0.0.1"])
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", server_bin.display()))?;
    println!("redlet-server: redis-cli -p {port}   (pid {})", server.id());
    println!("playground:    http://127.0.0.1:{http}/");
    println!("Ctrl-C stops both.");
    let served = serve::serve(&root.join("www"), http);
    let _ = server.kill();
    let _ = server.wait();
    served
}
