//! Helpers for delivering webhooks to the bot the way GitHub does.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The `X-Hub-Signature-256` value GitHub sends for `body`: `sha256=` followed
/// by the lower-case hex HMAC-SHA256 of the exact bytes, keyed with `secret`.
///
/// Sign the bytes you send: re-serialising the JSON changes the signature.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The bytes of a recorded delivery, e.g. `payload("pull_request.opened")`,
/// unchanged so that a signature over them matches what GitHub would send.
///
/// Panics with the file name when the payload does not exist, so a typo in a
/// test fails loudly instead of sending an empty body.
pub fn payload(name: &str) -> Vec<u8> {
    let path = super::shared_github_dir().join(format!("webhooks/payloads/{name}.json"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read webhook payload {}: {e}", path.display()))
}

/// The event name GitHub puts in `X-GitHub-Event` for a payload file name:
/// the part before the first dot (`pull_request.opened` → `pull_request`).
pub fn event_of(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}
