//! `POST /applications`: re-validate with the rules, then store the application, its first
//! timeline event and its Idempotency-Key in one transaction. The same key with the same body
//! returns the stored receipt; the same key with another body is refused.

use super::{
    attachments,
    events::{self, Change},
    receipt::{new_receipt_no, sha256_hex},
    record, units,
    window::{self, Window},
};
use crate::{
    family,
    store::{rows_of, Columns, Once, Row, Script, Store, Work},
    AppError,
};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use tongban_rules::{
    api::{self, Receipt},
    calendar::Calendar,
    catalogue::Item,
    form::Parsed,
    lifecycle::{initial_status, Actor, Status},
};

pub use tongban_rules::api::Submission;

/// A stable hash of the body as parsed (maps are ordered; the answers in their normalised
/// spelling, so a retry typed with other spacing is the same request), to tell a retry from a
/// new request.
pub fn body_hash(sub: &Submission, form: &Parsed) -> String {
    let parsed = Submission {
        form: form.values().clone(),
        ..sub.clone()
    };
    let json = serde_json::to_vec(&parsed).unwrap_or_default();
    sha256_hex(&[&json])
}

pub enum Outcome {
    Created(Receipt),
    Replayed(Receipt),
}

/// Who submits, under which key.
pub struct Caller<'a> {
    pub owner: &'a str,
    pub key: &'a str,
    /// 亲情代办: the agent filing for `owner` (the member) through a live binding; the uploads
    /// are the agent's.
    pub agent: Option<&'a family::acting::Agent>,
}

impl Caller<'_> {
    /// Whose Idempotency-Key this is: the agent's when an agent files for a member (the key
    /// came from the agent's app, and two agents of one member never share keys), else the
    /// owner's.
    fn key_owner(&self) -> &str {
        self.agent.map_or(self.owner, |a| a.owner.as_str())
    }
}

/// Who filed it and for which real-name ID: the 经办单位 when a unit filed it for its employee,
/// and the ID hash of the applicant's ID number (`Keys::id_hash`), stored so the applicant's own
/// session (`idh`) finds it. Default: filed by the applicant, no hash.
#[derive(Debug, Default)]
pub struct Filing<'a> {
    pub acting_unit: Option<&'a str>,
    pub applicant_idh: Option<String>,
    /// 窗口代录: received at a window by a clerk; then the first event names the clerk, the trip
    /// is recorded, and the materials are the paper ones the clerk checked (no uploads required).
    pub at_window: Option<&'a Window<'a>>,
    /// The list version the item and form were resolved from (`lists`), recorded with it.
    pub list_version: Option<i64>,
}

/// 代办 on a receipt: the unit that filed it, or the family member who did (masked).
fn acting_of(unit: Option<String>, agent: Option<String>) -> Option<api::Acting> {
    (unit.is_some() || agent.is_some()).then(|| api::Acting {
        unit,
        agent,
        ..api::Acting::default()
    })
}

/// The receipt `caller`'s key already made, if it made one with this body, from the row of
/// [`replay_script`].
fn replay(
    row: Option<&Row>,
    calendar: &Calendar,
    caller: &Caller<'_>,
    body_hash: &str,
) -> Result<Option<Receipt>, AppError> {
    let Some(row) = row else { return Ok(None) };
    if row.get::<String>("body_hash")? != body_hash {
        // Keys are the caller's own (stored per owner): the application the key made is
        // theirs, so say which it is. Their app shows it instead of submitting a second one.
        return Err(AppError::KeyReused {
            receipt_no: row.get("receipt_no")?,
        });
    }
    let status = record::status(&row.get::<String>("status")?, "applications.status")?;
    let due: Option<String> = row.get("due_date")?;
    let due = record::date(due.as_deref(), "applications.due_date")?;
    let submitted_at = record::millis(row.get("submitted_at")?, "applications.submitted_at")?;
    Ok(Some(Receipt {
        receipt_no: row.get("receipt_no")?,
        status,
        status_label: status.label().to_owned(),
        submitted_at: api::instant(submitted_at),
        due_date: due.map(|d| d.to_string()),
        due_estimated: due.is_some_and(|d| !calendar.knows(d)),
        acting: acting_of(
            row.get("acting_unit")?,
            caller.agent.map(|a| api::mask::name(&a.name)),
        ),
        list_version: row.get("list_version")?,
    }))
}

/// What is written for one new application, prepared (sealed, hashed) before the write.
struct New<'a> {
    receipt_no: String,
    body_hash: String,
    form_json: String,
    verifier_hash: String,
    status: Status,
    due: Option<String>,
    caller: &'a Caller<'a>,
    filing: &'a Filing<'a>,
    sub: &'a Submission,
    form: &'a Parsed,
    item: &'a Item,
    now: DateTime<Utc>,
}

/// Stores a submission whose answers the rules accepted (`form`, parsed from `sub.form` at the
/// edge), recording who filed it (`Filing`); `item` is the resolved catalogue item.
#[allow(clippy::too_many_arguments)]
pub async fn submit_with(
    store: &Store,
    caller: &Caller<'_>,
    filing: &Filing<'_>,
    sub: &Submission,
    form: &Parsed,
    item: &Item,
    calendar: &Calendar,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Outcome, AppError> {
    // A retry is told from a new request by its key, inside the write: the key's row fails
    // the script on its primary key, and the stored receipt is answered (below).
    let body_hash = body_hash(sub, form);
    let status = initial_status(item);
    // Decided at once: nothing is due. Otherwise the date shown now is the expectation from
    // today; acceptance fixes it (see `moves`).
    let deadline = item
        .limit()
        .filter(|_| status == Status::Submitted)
        .map(|l| calendar.deadline(today, l.days));
    let receipt_no = new_receipt_no(now);
    let id_number = form.applicant_id().unwrap_or("");
    let new = New {
        form_json: store.sealer()?.seal_text(
            &receipt_no,
            &serde_json::to_string(form.values()).unwrap_or_default(),
        ),
        verifier_hash: store.verifier()?.hash(&receipt_no, id_number),
        receipt_no,
        body_hash,
        status,
        due: deadline.map(|d| d.due.to_string()),
        caller,
        filing,
        sub,
        form,
        item,
        now,
    };
    let stored = store.write(insert(store, &new)?).await;
    match stored {
        Ok(()) => {
            tracing::info!(receipt_no = %new.receipt_no, item = %sub.item, status = status.code(), "application stored");
            Ok(Outcome::Created(Receipt {
                receipt_no: new.receipt_no,
                status,
                status_label: status.label().to_owned(),
                submitted_at: api::instant(now.trunc_subsecs(3)),
                due_date: new.due,
                due_estimated: deadline.is_some_and(|d| d.estimated),
                acting: acting_of(
                    filing.acting_unit.map(str::to_owned),
                    caller.agent.map(|a| api::mask::name(&a.name)),
                ),
                list_version: filing.list_version,
            }))
        }
        // The key was there after all: a retry in the same batch, one committed since the first
        // look, or a concurrent one in a transaction of its own (PostgreSQL) that won the race or
        // linked the uploads first. Nothing of this request was kept: answer with its receipt,
        // read where the batch's uncommitted rows are seen and acknowledged once durable.
        Err(e @ AppError::Database(_)) => {
            match replay_written(store, calendar, caller, &new.body_hash).await? {
                Some(receipt) => Ok(Outcome::Replayed(receipt)),
                None => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

/// [`replay`] read by a write of its own: on SQLite a member of the writer's batch, which sees
/// what the batch holds, answered only once that is durable.
async fn replay_written(
    store: &Store,
    calendar: &Calendar,
    caller: &Caller<'_>,
    body_hash: &str,
) -> Result<Option<Receipt>, AppError> {
    let mut script = Script::new();
    script
        .push(
            "SELECT k.body_hash, a.receipt_no, a.status, a.submitted_at, a.due_date, a.acting_unit, a.list_version FROM idempotency_keys k \
             JOIN applications a ON a.receipt_no = k.receipt_no WHERE k.owner = $1 AND k.key = $2",
        )
        .bind(caller.key_owner())
        .bind(caller.key);
    let rows = store.write(rows_of(script)).await?;
    let row = rows.first().and_then(|r| r.first());
    replay(row, calendar, caller, body_hash)
}

/// The write of a new application: the application, its first events, its key, its uploads'
/// links and what 代办 and 窗口 record, as one [`Script`], then the check that the uploads
/// linked cover the materials the item needs. A key already there (a retry) fails the script
/// on the key's primary key, before the uploads are linked, and the caller answers the stored
/// receipt; an upload that is unknown, someone else's or used, or a material missing, undoes
/// it all.
fn insert(store: &Store, n: &New<'_>) -> Result<impl Work<Output = ()>, AppError> {
    let (sub, caller, filing, receipt_no) = (n.sub, n.caller, n.filing, &n.receipt_no);
    let at = n.now.timestamp_millis();
    let finished = (n.status != Status::Submitted).then_some(at);
    let mut script = Script::new();
    script
        .push(
            "INSERT INTO applications (receipt_no, region, item_id, owner, verifier_hash, status, form_json, \
             submitted_at, due_date, updated_at, finished_at, acting_unit, applicant_idh, list_version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(receipt_no)
        .bind(&sub.region)
        .bind(&sub.item)
        .bind(caller.owner)
        .bind(&n.verifier_hash)
        .bind(n.status.code())
        .bind(&n.form_json)
        .bind(at)
        .bind(n.due.clone())
        .bind(at)
        .bind(finished)
        .bind(filing.acting_unit)
        .bind(filing.applicant_idh.clone())
        .bind(filing.list_version);
    // 即办件 and 承诺制 filings are decided by the system at once: the timeline shows both the
    // submission and the decision.
    let mut steps = vec![(Status::Submitted, Actor::Applicant)];
    if n.status != Status::Submitted {
        steps.push((n.status, Actor::System));
    }
    for (seq, (step, actor)) in (1..).zip(steps) {
        let change = Change {
            receipt_no,
            region: &sub.region,
            item: &sub.item,
            owner: caller.owner,
            seq,
            status: step,
            actor,
            operator: filing.at_window.filter(|_| seq == 1).map(|w| w.clerk),
            note: None,
            at: n.now,
        };
        events::add(&mut script, &change);
    }
    script
        .push(
            "INSERT INTO idempotency_keys (owner, key, body_hash, receipt_no) VALUES ($1, $2, $3, $4)",
        )
        .bind(caller.key_owner())
        .bind(caller.key)
        .bind(&n.body_hash)
        .bind(receipt_no.as_str());
    let links = script.len()..script.len() + sub.attachments.len();
    let uploader = caller.agent.map_or(caller.owner, |a| a.owner.as_str());
    attachments::link_into(&mut script, receipt_no, uploader, &sub.attachments);
    if let Some(unit) = filing.acting_unit {
        let name = n.form.answer("applicant.name").unwrap_or("");
        units::record(
            &mut script,
            receipt_no,
            unit,
            &sub.region,
            &sub.item,
            name,
            at,
        );
        tracing::info!(receipt_no = %receipt_no, item = %sub.item, "filed by a unit for its employee");
    }
    if let Some(agent) = caller.agent {
        family::acting::record(&mut script, store.sealer()?, receipt_no, agent, n.now);
    }
    if let Some(w) = filing.at_window {
        window::record(&mut script, receipt_no, &sub.region, &sub.item, w, n.now);
    }
    // The materials the item needs come with it (the same list the app asks for); at a window
    // the clerk has checked them on paper.
    let required = if filing.at_window.is_none() {
        n.item.required_uploads()
    } else {
        Vec::new()
    };
    Ok(Once::new(script, move |results: Vec<Vec<Row>>| {
        let sent = attachments::linked(results.get(links).unwrap_or_default())?;
        attachments::covers(&required, &sent)
    }))
}
