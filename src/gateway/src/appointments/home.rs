//! 预约上门: a citizen asks for a clerk to come to them (self-declared reason, two or three
//! preferred half days on working days, an address and a phone); the region's clerks confirm a
//! half day (one of those, or another proposed), assign a clerk, mark it done or cancel it with
//! a reason. The address and phone are sealed at rest under the row's id, answered only to
//! their citizen and to a clerk reading the one request (the route audits it), and set to NULL
//! by retention (`purge`). A home visit is no trip of the citizen's: it writes no `visits` row.

use super::{events, hall::own_application, may_cancel, new_id, not_found, slots};
use crate::accounts::Regions;
use crate::catalogue::item_name;
use crate::{family, store::Store, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use tongban_rules::api::{
    appointment_label, china_today, instant, reason_label, HomeVisit, HomeVisitMove,
    HomeVisitRequest, HomeVisitStep,
};
use tongban_rules::calendar::Calendar;
use tongban_rules::catalogue::Catalogue;
use tongban_rules::validate::Phone;
use tongban_rules::FieldError;

/// Preferred half days may lie this many working days ahead at most.
const AHEAD: usize = 20;

fn sealed_context(id: &str, what: &str) -> String {
    format!("home_visit:{id}:{what}")
}

/// The half days a citizen may choose from: both halves of the next ten working days.
pub fn half_days(calendar: &Calendar, now: DateTime<Utc>) -> Vec<String> {
    slots::working_days_after(calendar, china_today(now.timestamp_millis()), 10)
        .into_iter()
        .flat_map(|d| [format!("{d} am"), format!("{d} pm")])
        .collect()
}

/// A half day `YYYY-MM-DD am|pm` on one of the next working days, or a field error.
fn half_day(
    calendar: &Calendar,
    today: NaiveDate,
    text: &str,
    field: &str,
) -> Result<String, FieldError> {
    let days = slots::working_days_after(calendar, today, AHEAD);
    match slots::parse_half_day(text) {
        Some((day, half)) if days.contains(&day) => Ok(format!("{day} {half}")),
        Some(_) => Err(FieldError::new(
            field,
            "slot_not_working_day",
            "请选择今后的工作日（节假日、周末不上门）",
        )),
        None => Err(FieldError::new(
            field,
            "slot_invalid",
            "请选择上门日期和上午/下午",
        )),
    }
}

/// Records a request of `owner`; the address and phone are sealed.
pub async fn request(
    store: &Store,
    cat: &Catalogue,
    calendar: &Calendar,
    owner: &str,
    req: &HomeVisitRequest,
    now: DateTime<Utc>,
) -> Result<HomeVisit, AppError> {
    // 亲情代办: asked by the agent of a live binding, the visit is the member's (their 我的预约
    // and inbox); the agent sees it too while the binding lives.
    let binding = match req.on_behalf_of.as_deref() {
        Some(id) => Some(family::acting::live_binding(store, owner, id).await?),
        None => None,
    };
    let agent = binding.as_ref().map(|_| owner);
    let owner = binding.as_ref().map_or(owner, |b| b.member.as_str());
    cat.item(&req.region, &req.item_id)
        .map_err(|_| AppError::BadRequest {
            code: "unknown_item",
            message: "no such item in this region".into(),
            field: Some("item_id"),
        })?;
    let today = china_today(now.timestamp_millis());
    let mut errors = Vec::new();
    if reason_label(&req.reason).is_none() {
        errors.push(FieldError::new(
            "reason",
            "reason_invalid",
            "请选择申请上门的原因",
        ));
    }
    let address = req.address.trim();
    let chars = address.chars().count();
    if !(5..=200).contains(&chars) {
        errors.push(FieldError::new(
            "address",
            "address_length",
            "请填写详细地址（5至200个字）",
        ));
    }
    let phone = match Phone::parse(&req.phone) {
        Ok(p) => Some(p),
        Err(r) => {
            errors.push(FieldError::new("phone", r.code, r.message));
            None
        }
    };
    let mut preferred = Vec::new();
    if !(2..=3).contains(&req.preferred.len()) {
        errors.push(FieldError::new(
            "preferred",
            "preferred_count",
            "请选择两到三个方便上门的时间",
        ));
    }
    for (i, p) in req.preferred.iter().enumerate().take(3) {
        match half_day(calendar, today, p, &format!("preferred.{i}")) {
            Ok(h) if preferred.contains(&h) => errors.push(FieldError::new(
                format!("preferred.{i}"),
                "slot_repeated",
                "请选择不同的时间",
            )),
            Ok(h) => preferred.push(h),
            Err(e) => errors.push(e),
        }
    }
    let Some(phone) = phone.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    own_application(store, owner, req.receipt_no.as_deref()).await?;
    let sealer = store.sealer()?;
    let id = new_id();
    let preferred_text = serde_json::to_string(&preferred).unwrap_or_default();
    sqlx::query(
        "INSERT INTO home_visits (id, owner, region, item_id, receipt_no, reason, preferred, \
         address, phone, status, created_at, updated_at, on_behalf_of) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'requested', $10, $10, $11)",
    )
    .bind(&id)
    .bind(owner)
    .bind(&req.region)
    .bind(&req.item_id)
    .bind(req.receipt_no.as_deref())
    .bind(&req.reason)
    .bind(&preferred_text)
    .bind(sealer.seal_text(&sealed_context(&id, "address"), address))
    .bind(sealer.seal_text(&sealed_context(&id, "phone"), phone.as_str()))
    .bind(now.timestamp_millis())
    .bind(binding.as_ref().map(|b| b.id.as_str()))
    .execute(store.pool())
    .await?;
    if let (Some(b), Some(agent)) = (&binding, agent) {
        let event = family::events::Event {
            binding: &b.id,
            kind: family::events::Kind::HomeVisitRequested,
            actor: agent,
            agent,
            member: &b.member,
            receipt_no: None,
            at: now,
        };
        family::events::record(store.pool(), &event).await?;
    }
    let name = item_name(cat, &req.region, &req.item_id);
    let step = events::Step {
        owner,
        ref_id: &id,
        status: "requested",
        note: None,
        message: format!("您申请的“{name}”上门服务已提交，工作人员将与您确认上门时间"),
    };
    events::record(store, step, now).await?;
    tracing::info!(region = %req.region, item = %req.item_id, "home visit requested");
    one(store, cat, &id, Some(owner), true, now).await
}

struct Row_ {
    v: HomeVisit,
    owner: String,
    address: Option<String>,
    phone: Option<String>,
}

const COLUMNS: &str = "id, owner, region, item_id, receipt_no, reason, preferred, address, \
                       phone, status, slot, clerk";

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
            region,
            item_id,
            reason,
            preferred,
            status,
            slot,
            clerk: r.try_get("clerk")?,
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

async fn row(
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
async fn one(
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

fn refused(code: &'static str, message: &str) -> AppError {
    AppError::Conflict {
        code,
        message: message.into(),
    }
}

/// A clerk's move: `confirm`, `assign`, `done` or `cancel`. `clerk_name` is the clerk moving.
#[allow(clippy::too_many_arguments)]
pub async fn act(
    store: &Store,
    cat: &Catalogue,
    calendar: &Calendar,
    served: &Regions,
    clerk_name: &str,
    id: &str,
    action: &str,
    mv: &HomeVisitMove,
    now: DateTime<Utc>,
) -> Result<HomeVisit, AppError> {
    let r = row(store, cat, id, now).await?;
    if !served.covers(&r.v.region) {
        return Err(not_found());
    }
    let today = china_today(now.timestamp_millis());
    let open_now = matches!(r.v.status.as_str(), "requested" | "confirmed");
    let note = mv.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let clerk = mv.clerk.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let name = &r.v.item_name;
    let (status, slot, who, finished, message) = match action {
        "confirm" => {
            if !open_now {
                return Err(refused("move_not_allowed", "this request is closed"));
            }
            let text = mv.slot.as_deref().ok_or_else(|| AppError::BadRequest {
                code: "slot_required",
                message: "confirm names a `slot` (YYYY-MM-DD am|pm)".into(),
                field: Some("slot"),
            })?;
            let slot =
                half_day(calendar, today, text, "slot").map_err(|e| AppError::Invalid(vec![e]))?;
            let label = slots::half_day_label(&slot);
            let message = if r.v.preferred.contains(&slot) {
                format!("您申请的“{name}”上门服务已确认：{label}上门")
            } else {
                format!("您申请的“{name}”上门服务，工作人员建议改为{label}上门；如不方便可取消后重新申请")
            };
            let who = clerk
                .map(str::to_owned)
                .or(r.v.clerk.clone())
                .unwrap_or_else(|| clerk_name.to_owned());
            ("confirmed", Some(slot), Some(who), false, message)
        }
        "assign" => {
            if !open_now {
                return Err(refused("move_not_allowed", "this request is closed"));
            }
            let who = clerk.ok_or_else(|| AppError::BadRequest {
                code: "clerk_required",
                message: "assign names the `clerk` who will come".into(),
                field: Some("clerk"),
            })?;
            let message = format!("您申请的“{name}”上门服务已安排工作人员{who}");
            (
                r.v.status.as_str(),
                r.v.slot.clone(),
                Some(who.to_owned()),
                false,
                message,
            )
        }
        "done" => {
            if r.v.status != "confirmed" {
                return Err(refused(
                    "move_not_allowed",
                    "only a confirmed visit is done",
                ));
            }
            let message = format!("您申请的“{name}”已上门办结，感谢您的配合");
            ("done", r.v.slot.clone(), r.v.clerk.clone(), true, message)
        }
        "cancel" => {
            if !open_now {
                return Err(refused("move_not_allowed", "this request is closed"));
            }
            let n = note.ok_or_else(|| AppError::BadRequest {
                code: "note_required",
                message: "cancel needs a `note`: the reason the citizen reads".into(),
                field: Some("note"),
            })?;
            let message = format!("您申请的“{name}”上门服务已被取消。原因：{n}");
            (
                "cancelled",
                r.v.slot.clone(),
                r.v.clerk.clone(),
                true,
                message,
            )
        }
        _ => {
            return Err(AppError::NotFound {
                code: "unknown_action",
                message: format!("`{action}` is not confirm, assign, done or cancel"),
            })
        }
    };
    let moved = sqlx::query(
        "UPDATE home_visits SET status = $1, slot = $2, clerk = $3, updated_at = $4, \
         finished_at = $5 WHERE id = $6 AND status = $7",
    )
    .bind(status)
    .bind(slot.as_deref())
    .bind(who.as_deref())
    .bind(now.timestamp_millis())
    .bind(finished.then_some(now.timestamp_millis()))
    .bind(id)
    .bind(&r.v.status)
    .execute(store.pool())
    .await?;
    changed_meanwhile(moved.rows_affected())?;
    let step = events::Step {
        owner: &r.owner,
        ref_id: id,
        status,
        note: if action == "cancel" { note } else { None },
        message,
    };
    events::record(store, step, now).await?;
    tracing::info!(action, "home visit moved");
    one(store, cat, id, None, false, now).await
}

/// A move guarded by the status it was read in: 409 `status_changed` when another move came
/// first (no row matched).
fn changed_meanwhile(rows: u64) -> Result<(), AppError> {
    if rows == 1 {
        Ok(())
    } else {
        Err(refused(
            "status_changed",
            "the request changed meanwhile; reload",
        ))
    }
}

/// The citizen cancels their own request: any time before it is confirmed, and a confirmed
/// one until the day before the visit (China time).
pub async fn cancel(
    store: &Store,
    cat: &Catalogue,
    owner: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<HomeVisit, AppError> {
    let r = row(store, cat, id, now).await?;
    if r.owner != owner {
        return Err(not_found());
    }
    if !r.v.cancellable {
        return Err(refused(
            "too_late_to_cancel",
            "a confirmed home visit can be cancelled until the day before it",
        ));
    }
    let moved = sqlx::query(
        "UPDATE home_visits SET status = 'cancelled', updated_at = $1, finished_at = $1 \
         WHERE id = $2 AND status = $3",
    )
    .bind(now.timestamp_millis())
    .bind(id)
    .bind(&r.v.status)
    .execute(store.pool())
    .await?;
    changed_meanwhile(moved.rows_affected())?;
    let step = events::Step {
        owner,
        ref_id: id,
        status: "cancelled",
        note: None,
        message: format!("您已取消“{}”的上门服务申请", r.v.item_name),
    };
    events::record(store, step, now).await?;
    one(store, cat, id, Some(owner), true, now).await
}

/// Retention: forgets the address and phone of requests finished before `before`. Answers how
/// many were purged (at most `limit`).
pub async fn purge(
    store: &Store,
    before: DateTime<Utc>,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<u64, AppError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM home_visits WHERE finished_at < $1 AND purged_at IS NULL LIMIT $2",
    )
    .bind(before.timestamp_millis())
    .bind(limit)
    .fetch_all(store.pool())
    .await?;
    let mut n = 0;
    for id in ids {
        n += sqlx::query(
            "UPDATE home_visits SET address = NULL, phone = NULL, purged_at = $1 WHERE id = $2",
        )
        .bind(now.timestamp_millis())
        .bind(&id)
        .execute(store.pool())
        .await?
        .rows_affected();
    }
    Ok(n)
}
