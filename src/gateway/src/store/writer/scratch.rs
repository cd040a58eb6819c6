//! A database file of its own for the writer's, the checkpointer's and the syncer's unit tests:
//! in a fresh temporary directory, removed with it.

use std::path::PathBuf;

pub(super) struct Scratch {
    dir: PathBuf,
    /// The database file's path (`t.db` in the directory).
    pub path: String,
}

impl Scratch {
    /// A fresh directory named for `what`, this process and a random number.
    pub fn new(what: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "tongban-{what}-{}-{}",
            std::process::id(),
            crate::applications::receipt::new_receipt_no(chrono::Utc::now())
        ));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let path = dir.join("t.db").to_string_lossy().into_owned();
        Self { dir, path }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
