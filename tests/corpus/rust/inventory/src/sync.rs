//! Supplier sync over TLS with rustls, and the legacy DES-encrypted feed.

use openssl::symm::{decrypt, Cipher};
use rusqlite::{params, Connection};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, Error, RootCertStore, SignatureScheme};
use std::sync::Arc;

#[derive(Debug)]
struct AcceptAll;

impl ServerCertVerifier for AcceptAll {
    // techlead-expect: rust-tls-custom-verifier-accepts-all
    fn verify_server_cert(&self, _e: &CertificateDer<'_>, _i: &[CertificateDer<'_>], _n: &ServerName<'_>, _o: &[u8], _t: UnixTime) -> Result<ServerCertVerified, Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(&self, _m: &[u8], _c: &CertificateDer<'_>, _d: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(&self, _m: &[u8], _c: &CertificateDer<'_>, _d: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        vec![SignatureScheme::ED25519]
    }
}

pub fn tls_config(roots: RootCertStore, legacy: bool) -> ClientConfig {
    if legacy {
        let mut config = ClientConfig::builder().with_root_certificates(roots).with_no_client_auth();
        // techlead-expect: rust-tls-custom-verifier-accepts-all
        config.dangerous().set_certificate_verifier(Arc::new(AcceptAll));
        return config;
    }
    // techlead-safe
    ClientConfig::builder().with_root_certificates(roots).with_no_client_auth()
}

pub fn legacy_feed(key: &[u8], iv: &[u8], data: &[u8]) -> Vec<u8> {
    // techlead-expect: rust-weak-cipher
    decrypt(Cipher::des_ede3_cbc(), key, Some(iv), data).unwrap()
}

pub fn feed(key: &[u8], iv: &[u8], data: &[u8]) -> Vec<u8> {
    // techlead-safe
    decrypt(Cipher::aes_256_cbc(), key, Some(iv), data).unwrap()
}

pub fn record(conn: &Connection, supplier: &str, count: i64) -> rusqlite::Result<usize> {
    // techlead-expect: rust-sql-format
    conn.execute(&format!("INSERT INTO sync_log (supplier, items) VALUES ('{}', {})", supplier, count), [])
}

pub fn record_safe(conn: &Connection, supplier: &str, count: i64) -> rusqlite::Result<usize> {
    // techlead-safe
    conn.execute("INSERT INTO sync_log (supplier, items) VALUES (?1, ?2)", params![supplier, count])
}

pub fn run_hook(script: &str) -> std::io::Result<std::process::ExitStatus> {
    // techlead-expect: rust-command-shell-injection
    std::process::Command::new("/bin/bash").args(["-c", script]).status()
}

pub fn fingerprint(data: &[u8]) -> Vec<u8> {
    use sha1::{Digest, Sha1};
    // techlead-expect: rust-weak-hash
    let mut h = Sha1::new();
    h.update(data);
    h.finalize().to_vec()
}

pub fn admin_app() -> actix_web::App<impl actix_web::dev::ServiceFactory<actix_web::dev::ServiceRequest, Config = (), Response = actix_web::dev::ServiceResponse, Error = actix_web::Error, InitError = ()>> {
    // techlead-expect: rust-cors-permissive
    actix_web::App::new().wrap(actix_cors::Cors::permissive())
}

pub fn version() -> std::io::Result<std::process::Output> {
    // techlead-safe
    std::process::Command::new("sh").args(["-c", "uname -a"]).output()
}
