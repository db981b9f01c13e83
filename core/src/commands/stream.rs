//! Stream commands.

use super::CommandSpec;

/// The stream group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[];
