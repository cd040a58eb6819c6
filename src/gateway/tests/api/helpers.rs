//! `spawn_app()`: a real gateway on 127.0.0.1:0 with its own SQLite database.

use serde_json::{json, Value};
use std::{
    path::PathBuf,
    sync::atomic::{AtomicU32, Ordering},
};
use tongban_gateway::{config::Config, startup::Gateway};

pub struct TestApp {
    pub url: String,
    pub client: reqwest::Client,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl TestApp {
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let res = self
            .client
            .get(self.at(path))
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }
}

fn fresh_data_dir() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tongban-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// SQLite in a fresh folder by default; with `TONGBAN_TEST_POSTGRES_URL` (set by
/// `pkg-scripts/test`, which starts a throwaway cluster) a fresh PostgreSQL database per test.
async fn fresh_database(data: &std::path::Path) -> String {
    let Ok(admin_url) = std::env::var("TONGBAN_TEST_POSTGRES_URL") else {
        return format!("sqlite://{}/tongban.db", data.display());
    };
    use sqlx::Connection;
    let name = data
        .file_name()
        .unwrap()
        .to_string_lossy()
        .replace('-', "_");
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .expect("connect to the test cluster");
    sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create database");
    admin_url
        .rsplit_once('/')
        .map(|(base, _)| format!("{base}/{name}"))
        .unwrap()
}

pub async fn spawn_app() -> TestApp {
    let data = fresh_data_dir();
    let db = fresh_database(&data).await;
    let config = Config::from_lookup(true, |k| match k {
        "TONGBAN_ADDR" => Some("127.0.0.1:0".into()),
        "TONGBAN_DATABASE_URL" => Some(db.clone()),
        "TONGBAN_STATIC_DIR" => Some(data.join("dist").display().to_string()),
        _ => None,
    })
    .expect("config");
    let gateway = Gateway::start(config).await.expect("gateway starts");
    let url = format!("http://{}", gateway.addr());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(gateway.serve_until(async {
        let _ = rx.await;
    }));
    TestApp {
        url,
        client: reqwest::Client::new(),
        _shutdown: tx,
    }
}

/// A complete Jingmen transfer (JM 1–4) by the applicant with this ID number.
pub fn transfer(id_number: &str) -> Value {
    json!({"region": "420800", "item": "jm-transfer", "form": {
        "applicant.name": "王小明", "applicant.id_type": "resident",
        "applicant.id_number": id_number, "applicant.phone": "13800138000",
        "transfer.direction": "in", "transfer.from_region": "广东省广州市",
        "transfer.to_region": "湖北省荆门市", "transfer.insurance_type": "employee"}})
}
