//! The old name of [`file_policy::has_generator_marker`](super::file_policy::has_generator_marker),
//! where the decision "is this file generated" now lives with the other
//! decisions about which files are analysed. Kept so callers written before
//! the move compile; new code calls `file_policy`.

pub use super::file_policy::has_generator_marker as is_generated;
