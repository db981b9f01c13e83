//! redlet-server: placeholder until the runtime lands.
fn main() {
    let _ = redlet_core::Server::new(redlet_core::Config::default());
}
