//! techlead: an automated technical lead for pull requests.
//!
//! Data flows one way: `cli` → `config` (rule files) → `analysis` (pure).

pub mod analysis;
pub mod cli;
pub mod config;
