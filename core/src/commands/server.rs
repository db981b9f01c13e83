//! Server commands.

use super::CommandSpec;

/// The server group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[];
