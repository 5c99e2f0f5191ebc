//! Storage for tests: a fresh SQLite file, or a fresh database on the real
//! PostgreSQL server that `.ci/run` starts.

/// The variable naming the PostgreSQL server (an admin URL, e.g.
/// `postgres://postgres@127.0.0.1:55432/postgres`).
pub const POSTGRES_ENV: &str = "TECHLEAD_TEST_POSTGRES_URL";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database URL for one test; the directory keeps the SQLite file alive.
pub struct TestDb {
    pub url: String,
    _dir: tempfile::TempDir,
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join("techlead.db").display()),
            Backend::Postgres => fresh_postgres_database().await,
        };
        TestDb { url, _dir: dir }
    }
}

/// Creates an empty database on the test server and returns its URL.
pub async fn fresh_postgres_database() -> String {
    use sqlx::Connection;
    let admin = std::env::var(POSTGRES_ENV).unwrap_or_else(|_| {
        panic!(
            "{POSTGRES_ENV} is not set. The PostgreSQL tests need a real server: run ./.ci/run, which installs \
             PostgreSQL from Debian's packages and starts it, or start one yourself and set \
             {POSTGRES_ENV}=postgres://USER@HOST:PORT/postgres"
        )
    });
    let name = format!("techlead_test_{}_{}", std::process::id(), rand::random::<u32>());
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {POSTGRES_ENV}: {e}"));
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await.unwrap();
    let (base, _) = admin.rsplit_once('/').expect("the URL names a database");
    format!("{base}/{name}")
}
