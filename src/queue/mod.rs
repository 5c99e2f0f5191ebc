//! The durable queue between the webhook and the reviews: every accepted
//! delivery is stored before it is answered, and worked until it succeeds or
//! is declared dead.

pub mod store;
pub mod worker;

pub use store::{Enqueued, Store};
pub use worker::QueueSettings;
