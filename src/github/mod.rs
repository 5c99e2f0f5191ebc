//! The edge to GitHub: webhook JSON in, REST calls out. The only module that
//! knows GitHub's JSON shapes and the only caller of octocrab.

pub mod api;
pub mod auth;
pub mod client;
pub mod oauth;
pub mod setup;
pub mod time;
pub mod webhook;

pub use client::{Auth, GitHub, GitHubError, RetryPolicy};
