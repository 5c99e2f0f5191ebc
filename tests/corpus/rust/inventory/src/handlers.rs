//! HTTP handlers of the inventory service (axum + sqlx).

use axum::{
    extract::{Path, Query, State},
    response::Html,
    routing::get,
    Json, Router,
};
use serde::Deserialize;
use sqlx::PgPool;
use std::process::Command;
use tower_http::cors::CorsLayer;

#[derive(Deserialize)]
pub struct Search {
    q: String,
    sort: Option<String>,
}

pub fn router(pool: PgPool) -> Router {
    Router::new()
        .route("/items", get(search))
        .route("/items/:sku", get(item))
        // techlead-expect: rust-cors-permissive
        .layer(CorsLayer::very_permissive())
        .with_state(pool)
}

pub fn admin_router(pool: PgPool) -> Router {
    let cors = CorsLayer::new()
        // techlead-safe
        .allow_origin("https://admin.example.com".parse::<axum::http::HeaderValue>().unwrap());
    Router::new().route("/admin/items", get(search)).layer(cors).with_state(pool)
}

async fn search(State(pool): State<PgPool>, Query(params): Query<Search>) -> Html<String> {
    let column = match params.sort.as_deref() {
        Some("price") => "price",
        _ => "name",
    };
    // techlead-expect: rust-sql-format
    let rows: Vec<(String,)> = sqlx::query_as(&format!("SELECT name FROM items WHERE name LIKE '%{}%' ORDER BY {}", params.q, column))
        .fetch_all(&pool)
        .await
        .unwrap_or_default();
    // techlead-safe
    let safe: Vec<(String,)> = sqlx::query_as("SELECT name FROM items WHERE name LIKE $1 ORDER BY name")
        .bind(format!("%{}%", params.q))
        .fetch_all(&pool)
        .await
        .unwrap_or_default();
    // techlead-expect: rust-html-format-response
    Html(format!("<h1>Results for {}</h1><p>{} items</p>", params.q, rows.len() + safe.len()))
}

async fn item(State(pool): State<PgPool>, Path(sku): Path<String>) -> Html<String> {
    // techlead-safe
    let row: Option<(String, i64)> = sqlx::query_as("SELECT name, stock FROM items WHERE sku = $1")
        .bind(&sku)
        .fetch_optional(&pool)
        .await
        .ok()
        .flatten();
    let name = row.map(|r| r.0).unwrap_or_default();
    // techlead-safe
    Html(format!("<h1>{}</h1>", html_escape::encode_text(&name)))
}

pub async fn restock(pool: &PgPool, table: &str, sku: &str) -> sqlx::Result<u64> {
    // techlead-expect: rust-sql-format
    let done = sqlx::query(&format!("UPDATE {table} SET stock = stock + 10 WHERE sku = '{sku}'"))
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

pub fn export(name: &str) -> std::io::Result<std::process::Output> {
    // techlead-expect: rust-command-shell-injection
    Command::new("sh").arg("-c").arg(format!("pg_dump -t {name} inventory > /backups/{name}.sql")).output()
}

pub fn export_safe(name: &str) -> std::io::Result<std::process::Output> {
    // techlead-safe
    Command::new("pg_dump").args(["-t", name, "inventory", "-f", "/backups/export.sql"]).output()
}

pub fn health() -> Json<&'static str> {
    // techlead-safe
    Json("ok")
}
