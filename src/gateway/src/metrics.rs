//! What a copy counts for `/metrics` (Prometheus text): requests by route and status, their
//! latency, the database pool and SQLite's group commit, the outbox's deliveries and backlog, and the periodic jobs.
//! One registry per gateway, not the process-wide default, so copies started in one process
//! (the tests) count apart. Labels are route templates and codes, never a value a citizen sent.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

#[derive(Debug, Clone)]
pub struct Metrics {
    registry: Registry,
    pub requests: IntCounterVec,
    pub latency: HistogramVec,
    pub pool: IntGaugeVec,
    pub batches: IntGaugeVec,
    pub outbox_backlog: IntGauge,
    pub outbox_oldest_seconds: IntGauge,
    pub deliveries: IntCounterVec,
    pub job_runs: IntCounterVec,
    pub job_checks: IntCounterVec,
}

impl Metrics {
    pub fn new() -> Self {
        let registry =
            Registry::new_custom(Some("tongban".into()), None).expect("a valid metrics prefix");
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by route, method and status",
            ),
            &["route", "method", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time to the response's head, by route",
            )
            .buckets(vec![
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &["route"],
        )
        .expect("valid metric");
        let pool = IntGaugeVec::new(
            Opts::new(
                "db_pool_connections",
                "Database connections by state (in_use, idle)",
            ),
            &["state"],
        )
        .expect("valid metric");
        let batches = IntGaugeVec::new(
            Opts::new(
                "store_batches",
                "SQLite's group commit since start: batch commits, the writes they carried, \
                 writes queued now (none on PostgreSQL)",
            ),
            &["what"],
        )
        .expect("valid metric");
        let outbox_backlog = IntGauge::new("outbox_backlog", "Webhook events not yet delivered")
            .expect("valid metric");
        let outbox_oldest_seconds = IntGauge::new(
            "outbox_oldest_age_seconds",
            "Age of the oldest undelivered webhook event (0 when none)",
        )
        .expect("valid metric");
        let deliveries = IntCounterVec::new(
            Opts::new(
                "webhook_deliveries_total",
                "Webhook delivery attempts by this copy, by outcome (delivered, failed)",
            ),
            &["outcome"],
        )
        .expect("valid metric");
        let job_runs = IntCounterVec::new(
            Opts::new(
                "job_runs_total",
                "Periodic job runs by this copy, by job and outcome (done, failed)",
            ),
            &["job", "outcome"],
        )
        .expect("valid metric");
        let job_checks = IntCounterVec::new(
            Opts::new(
                "job_checks_total",
                "Times this copy checked whether a periodic job was due, by job",
            ),
            &["job"],
        )
        .expect("valid metric");
        for m in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(pool.clone()),
            Box::new(batches.clone()),
            Box::new(outbox_backlog.clone()),
            Box::new(outbox_oldest_seconds.clone()),
            Box::new(deliveries.clone()),
            Box::new(job_runs.clone()),
            Box::new(job_checks.clone()),
        ] {
            registry.register(m).expect("each metric registered once");
        }
        Self {
            registry,
            requests,
            latency,
            pool,
            batches,
            outbox_backlog,
            outbox_oldest_seconds,
            deliveries,
            job_runs,
            job_checks,
        }
    }

    /// Everything counted, in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .expect("the text encoder writes to memory");
        String::from_utf8(out).unwrap_or_default()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
