//! Tokens, encryption of supplier credentials and outbound TLS.

use aes_gcm::{aead::Aead, Aes256Gcm, KeyInit, Nonce};
use jsonwebtoken::{decode, encode, DecodingKey, EncodingKey, Header, Validation};
use rand::{rngs::OsRng, rngs::SmallRng, Rng, RngCore, SeedableRng};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions, Permissions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};

#[derive(Serialize, Deserialize)]
pub struct Claims {
    sub: String,
    exp: usize,
}

pub fn issue(sub: &str) -> String {
    let claims = Claims { sub: sub.to_owned(), exp: 2_000_000_000 };
    // techlead-expect: rust-jwt-hardcoded-secret
    encode(&Header::default(), &claims, &EncodingKey::from_secret(b"inventory-signing-key")).unwrap()
}

pub fn issue_safe(sub: &str, secret: &[u8]) -> String {
    let claims = Claims { sub: sub.to_owned(), exp: 2_000_000_000 };
    // techlead-safe
    encode(&Header::default(), &claims, &EncodingKey::from_secret(secret)).unwrap()
}

pub fn verify(token: &str, secret: &[u8]) -> Option<Claims> {
    let mut validation = Validation::default();
    // techlead-expect: rust-jwt-validation-disabled
    validation.validate_exp = false;
    // techlead-safe
    validation.leeway = 30;
    decode::<Claims>(token, &DecodingKey::from_secret(secret), &validation).ok().map(|d| d.claims)
}

pub fn seal(key: &[u8; 32], secret: &[u8]) -> Vec<u8> {
    let cipher = Aes256Gcm::new(key.into());
    // techlead-expect: rust-static-nonce
    let nonce = Nonce::from_slice(b"inventory-n1");
    cipher.encrypt(nonce, secret).unwrap()
}

pub fn seal_safe(key: &[u8; 32], secret: &[u8]) -> Vec<u8> {
    let cipher = Aes256Gcm::new(key.into());
    // techlead-safe
    let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
    let mut out = nonce.to_vec();
    out.extend(cipher.encrypt(&nonce, secret).unwrap());
    out
}

pub fn reset_token() -> String {
    // techlead-expect: rust-insecure-random-token
    let mut rng = SmallRng::from_entropy();
    format!("{:016x}", rng.gen::<u64>())
}

pub fn session_token() -> String {
    let mut bytes = [0u8; 32];
    // techlead-safe
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn backoff_ms(attempt: u32) -> u64 {
    // techlead-safe
    let mut rng = SmallRng::from_entropy();
    u64::from(attempt) * 1000 + rng.gen_range(0..250)
}

pub fn legacy_checksum(data: &[u8]) -> String {
    // techlead-expect: rust-weak-hash
    let d = md5::compute(data);
    format!("{:x}", d)
}

pub fn checksum(data: &[u8]) -> String {
    // techlead-safe
    hex::encode(Sha256::digest(data))
}

pub fn write_credentials(path: &str, body: &[u8]) -> std::io::Result<()> {
    // techlead-expect: rust-permissive-file-mode
    let mut f = OpenOptions::new().create(true).write(true).mode(0o666).open(path)?;
    f.write_all(body)?;
    // techlead-safe
    fs::set_permissions(path, Permissions::from_mode(0o600))
}

pub fn stage(body: &[u8]) -> std::io::Result<()> {
    // techlead-expect: rust-predictable-temp-file
    let mut f = File::create("/tmp/inventory-import.csv")?;
    f.write_all(body)?;
    // techlead-safe
    let mut t = tempfile::NamedTempFile::new()?;
    t.write_all(body)
}

pub fn client(insecure: bool) -> reqwest::Client {
    let builder = reqwest::Client::builder();
    if insecure {
        // techlead-expect: rust-tls-verification-disabled
        return builder.danger_accept_invalid_certs(true).build().unwrap();
    }
    // techlead-safe
    builder.https_only(true).build().unwrap()
}
