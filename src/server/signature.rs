//! `X-Hub-Signature-256`: HMAC-SHA256 of the raw body, compared in constant time.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::github::auth::Secret;

/// Whether `header` (`sha256=<hex>`) signs `body` with any of `secrets`
/// (several during a secret rotation).
pub fn verify(secrets: &[Secret], body: &[u8], header: Option<&str>) -> bool {
    let Some(hex_sig) = header.and_then(|h| h.strip_prefix("sha256=")) else { return false };
    let Ok(signature) = hex::decode(hex_sig.trim()) else { return false };
    secrets.iter().any(|secret| {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes()).expect("HMAC takes any key length");
        mac.update(body);
        // `verify_slice` compares in constant time.
        mac.verify_slice(&signature).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn githubs_documented_example_verifies() {
        let secrets = [Secret::new("wrong".into()), Secret::new("It's a Secret to Everybody".into())];
        let sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assert!(verify(&secrets, b"Hello, World!", Some(sig)));
        assert!(!verify(&secrets, b"Hello, World?", Some(sig)));
        assert!(!verify(&secrets[..1], b"Hello, World!", Some(sig)));
        assert!(!verify(&secrets, b"Hello, World!", None));
        assert!(!verify(&secrets, b"Hello, World!", Some("sha1=757107ea")));
    }
}
