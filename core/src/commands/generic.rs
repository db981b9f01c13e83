//! Generic commands.

use super::CommandSpec;

/// The generic group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[];
