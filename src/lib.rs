//! techlead: an automated technical lead for pull requests.
//!
//! Data flows one way: `cli` → `config` (rule files) → `analysis` (pure).

pub mod analysis;
pub mod cli;
pub mod config;
pub mod event;
pub mod github;
pub mod ids;
pub mod page;
pub mod queue;
pub mod review;
pub mod server;
pub mod service;
pub mod telemetry;
