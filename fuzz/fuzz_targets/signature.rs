//! `X-Hub-Signature-256` check. Input: the header on the first line, the body
//! after it. Any header must be answered yes or no, never a panic; the
//! signature GitHub would send must pass and any other must fail.
#![no_main]

use hmac::{Hmac, Mac};
use libfuzzer_sys::fuzz_target;
use sha2::Sha256;
use techlead::github::auth::Secret;
use techlead::server::signature::verify;

const SECRET: &str = "It's a Secret to Everybody";

fuzz_target!(|data: &[u8]| {
    let (header, body) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&b""[..], data),
    };
    let secrets = [Secret::new("old secret".into()), Secret::new(SECRET.into())];
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    let expected = mac.finalize().into_bytes();
    let good = format!("sha256={}", hex::encode(expected));
    assert!(verify(&secrets, body, Some(&good)), "GitHub's own signature must pass");
    assert!(!verify(&secrets[..1], body, Some(&good)), "a signature made with another secret must fail");

    let header = String::from_utf8_lossy(header);
    let accepted = verify(&secrets, body, Some(&header));
    // What may pass: the right MAC, in hex of either case, with blanks around it.
    let names_expected = header.strip_prefix("sha256=").and_then(|h| hex::decode(h.trim()).ok()).is_some_and(|sig| sig[..] == expected[..]);
    assert_eq!(accepted, names_expected, "header {header:?}");
});
