//! techlead: an automated technical lead for pull requests.
//!
//! Data flows one way: `cli` → `config` (rule files) → `analysis` (pure).

pub mod analysis;
pub mod cli;
pub mod config;
pub mod event;
pub mod github;
pub mod ids;
pub mod review;
pub mod queue;
pub mod telemetry;
pub mod server;
pub mod service;
