//! What one test leaves behind — its data dir and, on PostgreSQL, its database — removed when the
//! last gateway using it is dropped. Several hundred tests each keeping a database of their own
//! until the cluster stops would fill a CI machine's disk.

use std::path::PathBuf;

/// A test gateway's data dir, removed on drop. Shared (`Arc`) by a restart over the same dir.
pub struct ScratchDir(pub PathBuf);

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A test's database: a SQLite file under its data dir, or a PostgreSQL database of its own in
/// the throwaway test cluster, dropped on drop. Shared (`Arc`) by restarts and other copies.
pub struct ScratchDatabase {
    pub url: String,
    /// The cluster's admin URL and the database's name, when it is PostgreSQL.
    pub postgres: Option<(String, String)>,
}

impl ScratchDatabase {
    /// Its URL, the database kept until the test cluster stops.
    pub fn keep(mut self) -> String {
        self.postgres = None;
        std::mem::take(&mut self.url)
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else {
            return;
        };
        // A drop cannot await, and the test's own runtime may be ending: a thread of its own.
        // FORCE ends the connections the stopped gateway's pool still holds.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                use sqlx::Connection;
                let mut admin = sqlx::PgConnection::connect(&admin_url).await.ok()?;
                sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin)
                    .await
                    .ok()
            })
        })
        .join();
        let _ = dropped;
    }
}
