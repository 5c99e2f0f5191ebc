//! Shared helpers for the integration tests.
//!
//! Each test binary includes this module with `mod support;`, and each uses a
//! different part of it, so unused items are expected.
#![allow(dead_code)]

pub mod app;
pub mod db;
pub mod fake_github;
pub mod process;
pub mod webhook;
