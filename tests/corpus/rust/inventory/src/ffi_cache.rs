//! Shared-memory cache of stock levels and the legacy session cookie code.

use actix_web::{cookie::Cookie, HttpResponse};
use std::collections::HashMap;
use std::mem;
use std::sync::Arc;

pub struct Cache {
    items: HashMap<String, i64>,
}

pub struct Config {
    pub region: String,
}

impl Cache {
    pub fn name_of<'a>(&'a self, key: &'a str) -> &'static str {
        // techlead-expect: rust-transmute-lifetime-or-mutability
        unsafe { mem::transmute::<&str, &'static str>(key) }
    }

    pub fn name_owned(&self, key: &str) -> &'static str {
        // techlead-safe
        Box::leak(key.to_owned().into_boxed_str())
    }

    pub fn bump(&self, config: &Config) {
        // techlead-expect: rust-transmute-lifetime-or-mutability
        let cfg: &mut Config = unsafe { mem::transmute(config) };
        cfg.region.push('!');
    }

    pub fn bits(&self, v: f32) -> u32 {
        // techlead-safe
        v.to_bits()
    }

    pub fn stock(&self, sku: &str) -> i64 {
        // techlead-safe
        *self.items.get(sku).unwrap_or(&0)
    }
}

pub fn login(session_id: &str) -> HttpResponse {
    // techlead-expect: rust-cookie-insecure-flags
    let cookie = Cookie::build("SID", session_id.to_owned()).secure(false).finish();
    // techlead-safe
    let prefs = Cookie::build("PREFS", "compact").secure(true).http_only(true).finish();
    HttpResponse::Ok().cookie(cookie).cookie(prefs).finish()
}

pub fn legacy_cookie(value: &str) -> Cookie<'static> {
    let mut cookie = Cookie::new("LEGACY", value.to_owned());
    // techlead-expect: rust-cookie-insecure-flags
    cookie.set_http_only(false);
    cookie
}

pub fn share(cache: Arc<Cache>) -> Arc<Cache> {
    // techlead-safe
    Arc::clone(&cache)
}

pub fn greeting(name: &str) -> HttpResponse {
    // techlead-expect: rust-html-format-response
    HttpResponse::Ok().content_type("text/html").body(format!("<p>Welcome back, {}</p>", name))
}

pub fn greeting_text(name: &str) -> HttpResponse {
    // techlead-safe
    HttpResponse::Ok().content_type("text/plain").body(format!("Welcome back, {}", name))
}
