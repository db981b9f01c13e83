//! Project tasks: `cargo xtask test | play | build-wasm | bench`.
mod wasm;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("build-wasm") => {
            let release = !args.iter().any(|a| a == "--debug");
            if let Err(e) = wasm::build_wasm(&root, release) {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
        _ => eprintln!("usage: cargo xtask build-wasm [--debug]"),
    }
}
