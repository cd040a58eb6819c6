//! Reading requests back: the citizen's own (personal data opened), the clerks' queue
//! (without it), and one request for a clerk (opened; the route audits the read).

use super::sealed_context;
use crate::accounts::Regions;
use crate::appointments::{events, may_cancel, not_found, slots};
use crate::catalogue::item_name;
use crate::{store::Store, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use tongban_rules::api::{
    appointment_label, china_today, instant, reason_label, HomeVisit, HomeVisitStep,
};
use tongban_rules::catalogue::Catalogue;

pub(super) struct Row_ {
    pub(super) v: HomeVisit,
    pub(super) owner: String,
    address: Option<String>,
    phone: Option<String>,
}

/// With the clerk's 工号 and work phone when the clerk named is an operator.
const COLUMNS: &str = "id, owner, region, item_id, receipt_no, reason, preferred, address, \
                       phone, status, slot, clerk, \
                       (SELECT work_no FROM operators o WHERE o.name = home_visits.clerk) AS clerk_work_no, \
                       (SELECT phone FROM operators o WHERE o.name = home_visits.clerk) AS clerk_phone";

async fn read(
    store: &Store,
    cat: &Catalogue,
    r: &sqlx::any::AnyRow,
    today: NaiveDate,
) -> Result<Row_, AppError> {
    let id: String = r.try_get("id")?;
    let region: String = r.try_get("region")?;
    let item_id: String = r.try_get("item_id")?;
    let reason: String = r.try_get("reason")?;
    let status: String = r.try_get("status")?;
    let slot: Option<String> = r.try_get("slot")?;
    let preferred: Vec<String> = serde_json::from_str(&r.try_get::<String, _>("preferred")?)
        .map_err(|_| AppError::Corrupt {
            what: "home_visits.preferred",
        })?;
    let cancellable = match status.as_str() {
        "requested" => true,
        "confirmed" => slot
            .as_deref()
            .and_then(slots::parse_half_day)
            .is_some_and(|(day, _)| may_cancel(today, day)),
        _ => false,
    };
    let steps = events::of_ref(store, &id)
        .await?
        .into_iter()
        .map(|s| {
            Ok(HomeVisitStep {
                label: appointment_label(&s.status).to_owned(),
                status: s.status,
                note: s.note,
                at: instant(
                    DateTime::from_timestamp_millis(s.at).ok_or(AppError::Corrupt {
                        what: "appointment_events.at",
                    })?,
                ),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Row_ {
        owner: r.try_get("owner")?,
        address: r.try_get("address")?,
        phone: r.try_get("phone")?,
        v: HomeVisit {
            item_name: item_name(cat, &region, &item_id),
            reason_label: reason_label(&reason).unwrap_or("").to_owned(),
            label: appointment_label(&status).to_owned(),
            id,
            region_name: tongban_rules::division::region_name(&region),
            region,
            item_id,
            reason,
            preferred,
            status,
            slot,
            clerk: r.try_get("clerk")?,
            clerk_work_no: r.try_get("clerk_work_no")?,
            clerk_phone: r.try_get("clerk_phone")?,
            receipt_no: r.try_get("receipt_no")?,
            address: None,
            phone: None,
            cancellable,
            steps,
        },
    })
}

/// Opens the sealed address and phone into the answer.
fn open(store: &Store, mut r: Row_) -> Result<HomeVisit, AppError> {
    let sealer = store.sealer()?;
    if let Some(a) = &r.address {
        r.v.address = Some(sealer.open_text(&sealed_context(&r.v.id, "address"), a)?);
    }
    if let Some(p) = &r.phone {
        r.v.phone = Some(sealer.open_text(&sealed_context(&r.v.id, "phone"), p)?);
    }
    Ok(r.v)
}

pub(super) async fn row(
    store: &Store,
    cat: &Catalogue,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Row_, AppError> {
    let r = sqlx::query(&format!("SELECT {COLUMNS} FROM home_visits WHERE id = $1"))
        .bind(id)
        .fetch_optional(store.pool())
        .await?
        .ok_or_else(not_found)?;
    read(store, cat, &r, china_today(now.timestamp_millis())).await
}

/// Request `id` as `owner` reads it (404 for another's), with the personal data when `open`.
pub(super) async fn one(
    store: &Store,
    cat: &Catalogue,
    id: &str,
    owner: Option<&str>,
    open_data: bool,
    now: DateTime<Utc>,
) -> Result<HomeVisit, AppError> {
    let r = row(store, cat, id, now).await?;
    if owner.is_some_and(|o| o != r.owner) {
        return Err(not_found());
    }
    if open_data {
        open(store, r)
    } else {
        Ok(r.v)
    }
}

/// The requests of `owner`, newest first, with their address and phone.
pub async fn of_owner(
    store: &Store,
    cat: &Catalogue,
    owner: &str,
    now: DateTime<Utc>,
) -> Result<Vec<HomeVisit>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM home_visits WHERE owner = $1 OR on_behalf_of IN \
         (SELECT id FROM family_bindings WHERE agent = $1 AND status = 'live') \
         ORDER BY created_at DESC LIMIT 50"
    ))
    .bind(owner)
    .fetch_all(store.pool())
    .await?;
    let today = china_today(now.timestamp_millis());
    let mut out = Vec::new();
    for r in &rows {
        out.push(open(store, read(store, cat, r, today).await?)?);
    }
    Ok(out)
}

/// The queue of the regions `served` (or `region` of them), oldest first, without the address
/// or phone; open requests unless `status` is given.
pub async fn queue(
    store: &Store,
    cat: &Catalogue,
    served: &Regions,
    region: Option<&str>,
    status: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<HomeVisit>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM home_visits WHERE ($1 = '' AND status IN ('requested', 'confirmed')) \
         OR status = $1 ORDER BY created_at LIMIT 500"
    ))
    .bind(status.unwrap_or(""))
    .fetch_all(store.pool())
    .await?;
    let today = china_today(now.timestamp_millis());
    let mut out = Vec::new();
    for r in &rows {
        let reg: String = r.try_get("region")?;
        if served.covers(&reg) && region.is_none_or(|x| x == reg) {
            out.push(read(store, cat, r, today).await?.v);
        }
    }
    Ok(out)
}

/// One request as a clerk of `served` reads it, address and phone opened (the route audits the
/// read before answering).
pub async fn for_clerk(
    store: &Store,
    cat: &Catalogue,
    served: &Regions,
    id: &str,
    now: DateTime<Utc>,
) -> Result<HomeVisit, AppError> {
    let r = row(store, cat, id, now).await?;
    if !served.covers(&r.v.region) {
        return Err(not_found());
    }
    open(store, r)
}

/// The region of request `id`, when a clerk of `served` may work it.
pub async fn region_of(store: &Store, served: &Regions, id: &str) -> Result<String, AppError> {
    let region: String = sqlx::query_scalar("SELECT region FROM home_visits WHERE id = $1")
        .bind(id)
        .fetch_optional(store.pool())
        .await?
        .ok_or_else(not_found)?;
    if served.covers(&region) {
        Ok(region)
    } else {
        Err(not_found())
    }
}
