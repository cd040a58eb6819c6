//! `--dev` is for one developer's machine (#29.4): it serves only on a loopback address and
//! never with a production secret, and the all-region dev clerk it leaves in a database is
//! removed at the first start without `--dev`.

use crate::helpers::{restart_without_dev, spawn_app};
use std::process::Command;
use tongban_gateway::accounts;

/// Runs the binary with `--dev` and `env` (no production secret unless given): its exit code
/// and what it wrote to stderr. It is expected to refuse before it binds anything.
fn dev_start(env: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = std::env::temp_dir().join(format!("tongban-dev-refused-{}", std::process::id()));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tongban-gateway"));
    cmd.arg("--dev")
        .env(
            "TONGBAN_DATABASE_URL",
            format!("sqlite://{}/t.db", dir.display()),
        )
        .env("TONGBAN_DATA_DIR", &dir)
        .env("TONGBAN_ADDR", "127.0.0.1:0");
    for name in tongban_gateway::config::PRODUCTION_SECRETS {
        cmd.env_remove(name);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run the gateway binary");
    let _ = std::fs::remove_dir_all(&dir);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn dev_mode_refuses_to_start_on_an_address_others_can_reach() {
    let (code, err) = dev_start(&[("TONGBAN_ADDR", "0.0.0.0:0")]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("--dev serves only on a loopback address"),
        "{err}"
    );
}

#[test]
fn dev_mode_refuses_to_start_with_a_production_secret_and_names_it() {
    let (code, err) = dev_start(&[(
        "TONGBAN_SESSION_KEY",
        "a-production-session-key-0123456789abcdef",
    )]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("production secrets set (TONGBAN_SESSION_KEY)"),
        "{err}"
    );
}

#[tokio::test]
async fn the_dev_clerk_is_removed_at_the_first_start_without_dev_and_its_token_stops_working() {
    let app = spawn_app().await;
    let dev_token = accounts::dev_clerk(&app.store, chrono::Utc::now())
        .await
        .unwrap();
    let (status, _) = app
        .operator_as(&dev_token, "/api/v1/operator/applications", None)
        .await;
    assert_eq!(status, 200, "the dev clerk works in --dev");
    let prod = restart_without_dev(&app, "clerk-prod").await;
    let (status, _) = prod
        .operator_as(&dev_token, "/api/v1/operator/applications", None)
        .await;
    assert_eq!(
        status, 401,
        "the dev clerk's token no longer signs anyone in"
    );
    let (status, _) = prod.operator("/api/v1/operator/applications", None).await;
    assert_eq!(status, 200, "named operators stay");
    let names: Vec<String> = accounts::list(&prod.store)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert!(!names.contains(&"dev".to_owned()), "{names:?}");
    assert!(names.contains(&"clerk".to_owned()), "{names:?}");
}

#[test]
fn no_operator_may_be_added_under_the_dev_clerks_name() {
    let dir = std::env::temp_dir().join(format!("tongban-dev-name-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}/t.db", dir.display());
    let out = Command::new(env!("CARGO_BIN_EXE_tongban-gateway"))
        .args(["operator", "add", "--name", "dev", "--regions", "all"])
        .env("TONGBAN_DATABASE_URL", &db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--dev's own clerk"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
