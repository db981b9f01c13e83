//! `cargo xtask build-wasm`: builds the playground's engine into `www/pkg/`.
//!
//! Steps: `cargo build -p redlet-wasm --target wasm32-unknown-unknown`, the `wasm-bindgen` CLI
//! (`--target web`, so the page loads it as a plain ES module), `wasm-opt -Oz` when binaryen is
//! installed, then the gzipped sizes (what a browser downloads).
//!
//! Invariant: the wasm-bindgen CLI must be exactly the version of the `wasm-bindgen` crate the
//! workspace pins (their internal ABI changes between releases); a mismatch stops the build
//! with the command that installs the right one.

use std::path::Path;
use std::process::{Command, Stdio};

/// Builds `redlet-wasm` for wasm32 (release or debug), generates the JS glue into `www/pkg/`,
/// shrinks the wasm with `wasm-opt -Oz` when available, and prints the gzipped sizes.
pub fn build_wasm(root: &Path, release: bool) -> Result<(), String> {
    let pinned = pinned_version(root)?;
    let cli = cli_version()?;
    if cli != pinned {
        return Err(format!(
            "wasm-bindgen CLI is {cli}, the workspace pins {pinned}; install the matching one with\n  \
             cargo install wasm-bindgen-cli --version {pinned} --locked"
        ));
    }

    if release {
        for var in ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS"] {
            if std::env::var_os(var).is_some_and(|v| !v.is_empty()) {
                // Cargo then ignores .cargo/config.toml's wasm32 rustflags, which hold the
                // inline threshold the size/speed figures in Cargo.toml were measured with.
                eprintln!(
                    "warning: {var} is set: it replaces .cargo/config.toml's wasm32 rustflags \
                     (-inline-threshold=50), so this build is larger than the shipped one"
                );
            }
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build.current_dir(root).args([
        "build",
        "-p",
        "redlet-wasm",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    if release {
        // Cargo.toml's `wasm-release` profile: release, tuned for size.
        build.args(["--profile", "wasm-release"]);
    }
    run(&mut build, "cargo build -p redlet-wasm")?;

    let target_dir = std::env::var("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| root.join("target"));
    let profile = if release { "wasm-release" } else { "debug" };
    let wasm = target_dir
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join("redlet_wasm.wasm");
    // wasm-opt runs *before* wasm-bindgen: Debian's binaryen (108) exports the wrong table
    // once wasm-bindgen has added its externref table, and the page then fails to start
    // ("failed to grow table"). Optimising the plain cargo output avoids that.
    let input = if release { optimize(&wasm)? } else { wasm };
    let out = root.join("www").join("pkg");
    std::fs::create_dir_all(&out).map_err(|e| format!("creating {}: {e}", out.display()))?;
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .arg(&input)
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "redlet_wasm",
            "--out-dir",
        ])
        .arg(&out);
    if release {
        // Names are for stack traces, producers for toolchain surveys; the page needs neither.
        bindgen.args(["--remove-name-section", "--remove-producers-section"]);
    }
    run(&mut bindgen, "wasm-bindgen")?;

    let bg = out.join("redlet_wasm_bg.wasm");
    let js = out.join("redlet_wasm.js");
    if release {
        // The glue carries the exports' Rust doc comments as JSDoc blocks: the page does not
        // need them, and they are ~1.6 KB of its gzipped download.
        let text =
            std::fs::read_to_string(&js).map_err(|e| format!("reading {}: {e}", js.display()))?;
        std::fs::write(&js, strip_doc_blocks(&text))
            .map_err(|e| format!("writing {}: {e}", js.display()))?;
    }
    let (w_raw, w_gz) = sizes(&bg)?;
    let (j_raw, j_gz) = sizes(&js)?;
    println!(
        "www/pkg/redlet_wasm_bg.wasm  {:>8} bytes  {:>7} gzipped",
        w_raw, w_gz
    );
    println!(
        "www/pkg/redlet_wasm.js       {:>8} bytes  {:>7} gzipped",
        j_raw, j_gz
    );
    println!(
        "total gzipped: {:.1} KB (budget 150 KB)",
        (w_gz + j_gz) as f64 / 1024.0
    );
    Ok(())
}

/// Runs `wasm-opt -Oz --converge` on `wasm` into `redlet_wasm.opt.wasm` beside it and returns that path;
/// returns `wasm` itself when binaryen is not installed.
fn optimize(wasm: &Path) -> Result<std::path::PathBuf, String> {
    if Command::new("wasm-opt").arg("--version").output().is_err() {
        eprintln!("wasm-opt not found: skipping -Oz (Debian: apt-get install binaryen)");
        return Ok(wasm.to_path_buf());
    }
    let opt = wasm.with_extension("opt.wasm");
    let mut cmd = Command::new("wasm-opt");
    // `--converge` repeats the passes while they still shrink the module: ~1 KB gzipped
    // for ~10 s more. No `-g`, so no debug info or names survive.
    cmd.args(["-Oz", "--converge"]);
    // The features rustc's wasm32 target emits by default.
    for f in [
        "bulk-memory",
        "nontrapping-float-to-int",
        "sign-ext",
        "mutable-globals",
        "reference-types",
        "multivalue",
    ] {
        cmd.arg(format!("--enable-{f}"));
    }
    cmd.arg(wasm).arg("-o").arg(&opt);
    run(&mut cmd, "wasm-opt -Oz")?;
    Ok(opt)
}

/// The `wasm-bindgen` version pinned in the workspace Cargo.toml (`wasm-bindgen = "=X"`).
fn pinned_version(root: &Path) -> Result<String, String> {
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("reading {}: {e}", manifest.display()))?;
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("wasm-bindgen"))
        .filter_map(|rest| rest.trim_start().strip_prefix('='))
        .find_map(|v| {
            let v = v.trim().trim_matches('"').trim_start_matches('=');
            (!v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
                .then(|| v.to_string())
        })
        .ok_or_else(|| "no `wasm-bindgen = \"=X.Y.Z\"` pin in the workspace Cargo.toml".into())
}

/// The installed CLI's version (`wasm-bindgen 0.2.129` → `0.2.129`).
fn cli_version() -> Result<String, String> {
    let out = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .map_err(|_| {
            "the wasm-bindgen CLI is not installed; install it with\n  \
         cargo install wasm-bindgen-cli --version <the pinned version> --locked"
                .to_string()
        })?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace()
        .nth(1)
        .map(str::to_string)
        .ok_or_else(|| format!("unexpected `wasm-bindgen --version` output: {text}"))
}

fn run(cmd: &mut Command, what: &str) -> Result<(), String> {
    let status = cmd
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// Raw and gzipped (`gzip -9`) size of a file; the gzipped size is 0 if gzip is missing.
fn sizes(path: &Path) -> Result<(u64, u64), String> {
    let raw = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .len();
    let gz = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map(|o| o.stdout.len() as u64)
        .unwrap_or(0);
    Ok((raw, gz))
}

/// `js` without the `/** ... */` blocks that start a line (the JSDoc wasm-bindgen writes
/// above exports); code after a block's closing `*/` on the same line is kept, and so is
/// every other line.
fn strip_doc_blocks(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_block = false;
    for line in js.split_inclusive('\n') {
        let rest = if in_block {
            line
        } else if let Some(body) = line.trim_start().strip_prefix("/**") {
            body
        } else {
            out.push_str(line);
            continue;
        };
        match rest.find("*/") {
            None => in_block = true,
            Some(end) => {
                in_block = false;
                let after = rest[end + 2..].trim_start();
                if !after.is_empty() {
                    let indent = &line[..line.len() - line.trim_start().len()];
                    out.push_str(if rest.as_ptr() == line.as_ptr() {
                        ""
                    } else {
                        indent
                    });
                    out.push_str(after);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strip_doc_blocks;

    #[test]
    fn doc_blocks_go_and_code_stays() {
        let js = "export class P {\n    /**\n     * A fresh engine.\n     * @param {number} now\n     */\n    constructor(now) {\n        /** @type {number} */\n        this.a = 1; // kept\n        /** inline */ this.b = '/**';\n    }\n}\n";
        assert_eq!(
            strip_doc_blocks(js),
            "export class P {\n    constructor(now) {\n        this.a = 1; // kept\n        this.b = '/**';\n    }\n}\n"
        );
    }
}
