//! The three gateway copies of the drill: started in production mode with the environment the
//! caller exported (the shared secrets) plus each copy's name and port, killed and restarted.

use crate::client::Api;
use std::time::Duration;
use tokio::process::{Child, Command};

/// One copy: its name, port, process and log.
pub struct Copy {
    pub name: String,
    pub port: u16,
    pub api: Api,
    child: Option<Child>,
    gateway: String,
    log: String,
    issuers: String,
}

impl Copy {
    pub fn new(gateway: &str, name: &str, port: u16, log_dir: &str, issuers: &str) -> Self {
        Self {
            name: name.into(),
            port,
            api: Api::new(&format!("http://127.0.0.1:{port}")),
            child: None,
            gateway: gateway.into(),
            log: format!("{log_dir}/gateway-{name}.log"),
            issuers: issuers.into(),
        }
    }

    /// Starts the process (the caller waits for [`Copy::ready`]).
    pub fn start(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("the copy's log file");
        // The gateway logs to stdout: both streams go to the copy's log.
        let out = log.try_clone().expect("the copy's log file");
        let child = Command::new(&self.gateway)
            .env("TONGBAN_ADDR", format!("127.0.0.1:{}", self.port))
            .env("TONGBAN_COPY_NAME", &self.name)
            .env("TONGBAN_TICKET_ISSUERS", &self.issuers)
            .stdout(out)
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .expect("start a gateway copy");
        self.child = Some(child);
    }

    /// Waits until `/readyz` answers 200 on the copy's own port, at most 60 s.
    pub async fn ready(&self) -> bool {
        self.api.wait_ready(Duration::from_secs(60)).await
    }

    /// `kill -9`: the process ends at once, whatever it holds.
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.start_kill();
            let _ = child.wait().await;
        }
    }

    /// SIGTERM, then waits for the process to end (it drains first), at most 90 s.
    pub async fn terminate(&mut self) -> bool {
        let Some(mut child) = self.child.take() else {
            return true;
        };
        if let Some(pid) = child.id() {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
        }
        tokio::time::timeout(Duration::from_secs(90), child.wait())
            .await
            .is_ok()
    }
}

/// Runs `tongban-gateway operator add` for a clerk of every region; its token.
pub fn clerk_token(gateway: &str) -> Option<String> {
    let out = std::process::Command::new(gateway)
        .args([
            "operator",
            "add",
            "--name",
            "bench-clerk",
            "--regions",
            "all",
        ])
        .args(["--role", "clerk"])
        .output()
        .ok()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines = stdout.lines().skip_while(|l| !l.starts_with("token "));
    lines.next()?;
    lines.next().map(|t| t.trim().to_string())
}

/// One statement through `psql` on `url`; its rows, one a line.
pub fn psql(url: &str, sql: &str) -> String {
    let out = std::process::Command::new("psql")
        .arg(url)
        .args(["-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .output()
        .expect("run psql");
    if !out.status.success() {
        eprintln!(
            "cluster: psql failed on {sql}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
