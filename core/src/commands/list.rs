//! List commands.

use super::CommandSpec;

/// The list group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[];
