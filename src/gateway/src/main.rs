//! `tongban-gateway [--dev]`: serves the built app and the API on one address.
//! `tongban-gateway operator add|list|revoke …`: manages the named operators.
//! `tongban-gateway rekey [--dev] [--again] [--check]`: re-seals stored personal data under the
//! current keys (resumable), or counts what is not under them.
//! `tongban-gateway files migrate [--dev]`: moves attachment files from the data dir into the
//! database.
//! `tongban-gateway lists check DIR`: every refusal of the lists in DIR (file, line, reason).
//! `tongban-gateway lists publish DIR [--effective TIME]`: an editor publishes them as a version.

use std::sync::Arc;
use tongban_gateway::{
    accounts, audit, config, config::Config, sealing, startup::Gateway, store::Store, telemetry,
};

/// mimalloc instead of glibc's malloc: a request allocates and frees many small values (rows,
/// JSON, headers), and glibc's malloc and free were about an eighth of the gateway's time under
/// the lookups' load (`perf record`, docs/performance.md "The fourth round of lookups").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    telemetry::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("operator") {
        std::process::exit(command(&args[1..]).await);
    }
    if args.first().map(String::as_str) == Some("lists") {
        std::process::exit(tongban_gateway::lists::command(&args[1..]).await);
    }
    let dev = args.iter().any(|a| a == "--dev");
    if args.first().map(String::as_str) == Some("rekey") {
        std::process::exit(rekey(dev, &args[1..]).await);
    }
    if args.first().map(String::as_str) == Some("files") {
        std::process::exit(files(dev, args.get(1).map(String::as_str)).await);
    }
    let config = match Config::from_env(dev) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("tongban-gateway: {e}");
            std::process::exit(2);
        }
    };
    if dev {
        if let Some(why) = config::dev_refusal(config.addr, |k| std::env::var(k).ok()) {
            eprintln!("tongban-gateway: {why}");
            std::process::exit(2);
        }
    }
    let gateway = match Gateway::start(config).await {
        Ok(gateway) => gateway,
        Err(e) => {
            eprintln!("tongban-gateway: cannot start: {e}");
            std::process::exit(1);
        }
    };
    if dev {
        // Dev mode only: a clerk of every region, with a token made for this run, printed so
        // the operator API can be tried. Production has only the operators someone added.
        match accounts::dev_clerk(gateway.store(), chrono::Utc::now()).await {
            Ok(token) => println!("Dev operator token (this run only): {token}"),
            Err(e) => {
                eprintln!("tongban-gateway: cannot create the dev clerk: {e}");
                std::process::exit(1);
            }
        }
    }
    println!("Tongban is serving at http://{}", gateway.addr());
    if let Err(e) = gateway.serve_until(shutdown_signal()).await {
        eprintln!("tongban-gateway: {e}");
        std::process::exit(1);
    }
}

/// Ctrl-C or SIGTERM: stop accepting, finish the requests in flight, then exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutdown requested; finishing requests in flight");
}

/// `operator …` against `TONGBAN_DATABASE_URL`: needs no secret, only the database.
async fn command(args: &[String]) -> i32 {
    let url =
        std::env::var("TONGBAN_DATABASE_URL").unwrap_or_else(|_| config::DEFAULT_DATABASE.into());
    let result = match Store::connect(&url).await {
        Ok(store) => accounts::cli::run(&store, args).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => 0,
        Err(tongban_gateway::AppError::Conflict { message, .. }) => {
            eprintln!("tongban-gateway: {message}");
            2
        }
        Err(e) => {
            eprintln!("tongban-gateway: {e}");
            2
        }
    }
}

/// `files migrate`: the full configuration (the data keys open the files), then every file.
async fn files(dev: bool, sub: Option<&str>) -> i32 {
    if sub != Some("migrate") {
        eprintln!("usage: tongban-gateway files migrate [--dev]");
        return 2;
    }
    let run = async {
        let config = Config::from_env(dev)?;
        let sealer = Arc::new(sealing::keys::load(&config)?);
        let store = Store::connect(&config.database_url)
            .await?
            .with_sealer(sealer);
        let done = tongban_gateway::applications::files::migrate::migrate(&store, &config.data_dir)
            .await?;
        let detail = format!(
            "moved={} already={} missing={}",
            done.moved, done.already, done.missing
        );
        audit::record(
            &store,
            audit::Entry::console("files.migrate", detail),
            chrono::Utc::now(),
        )
        .await?;
        println!(
            "moved {} files into the database ({} were there already, {} missing)",
            done.moved, done.already, done.missing
        );
        Ok::<_, tongban_gateway::AppError>(())
    };
    match run.await {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("tongban-gateway: {e}");
            2
        }
    }
}

/// `rekey [--again] [--check]`: the full configuration (it needs the data and verifier keys),
/// then every entry of the registry of sealed data, reporting each batch.
async fn rekey(dev: bool, args: &[String]) -> i32 {
    let run = async {
        let config = Config::from_env(dev)?;
        let sealer = Arc::new(sealing::keys::load(&config)?);
        let verifier = Arc::new(sealing::keys::load_verifier(&config)?);
        let store = Store::connect(&config.database_url)
            .await?
            .with_sealer(sealer.clone())
            .with_verifier(verifier.clone());
        if args.iter().any(|a| a == "--check") {
            let stale = sealing::rekey::check(&store, &config.data_dir).await?;
            for (target, n) in &stale {
                println!("{target}: {n} in clear or under another key");
            }
            return Ok(if stale.iter().all(|(_, n)| *n == 0) {
                0
            } else {
                1
            });
        }
        if args.iter().any(|a| a == "--again") {
            sealing::rekey::forget(&store).await?;
        }
        let done = sealing::rekey::rekey(&store, &config.data_dir, |p| {
            println!(
                "{}: {} rows read, {} re-sealed{}",
                p.target,
                p.read,
                p.resealed,
                if p.finished { ", done" } else { "" }
            )
        })
        .await?;
        let detail = done
            .iter()
            .filter(|p| p.resealed > 0)
            .map(|p| format!("{}={}", p.target, p.resealed))
            .collect::<Vec<_>>()
            .join(" ");
        let detail = format!(
            "key={} verifier_key={} {detail}",
            sealer.key_id(),
            verifier.key_id()
        );
        audit::record(
            &store,
            audit::Entry::console("rekey", detail.trim_end().to_owned()),
            chrono::Utc::now(),
        )
        .await?;
        let total: u64 = done.iter().map(|p| p.resealed).sum();
        println!(
            "re-sealed {total} values under key {} ({}), verifier key {}",
            sealer.key_id(),
            sealer.algorithm().name(),
            verifier.key_id()
        );
        Ok::<_, tongban_gateway::AppError>(0)
    };
    match run.await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tongban-gateway: {e}");
            2
        }
    }
}
