//! Prints the full name of every command and subcommand in redlet's command table, one per
//! line (`get`, `client|list`). `scripts/gen_command_docs.py` records Redis's COMMAND INFO /
//! DOCS metadata for exactly these.
//!
//! Run: `cargo run -q -p redlet-core --example command_names`.

fn main() {
    for c in redlet_core::commands::table() {
        println!("{}", c.name);
        for s in c.subcommands {
            println!("{}|{}", c.name, s.name);
        }
    }
}
