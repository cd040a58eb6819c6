//! The citizen's request: checked field by field (reason, address, phone, two or three
//! preferred half days), the address and phone sealed, the step written to the inbox.

use super::read::one;
use super::sealed_context;
use crate::appointments::{events, new_id, own_application, slots};
use crate::catalogue::item_name;
use crate::{family, store::Store, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use tongban_rules::api::{china_today, HomeVisit, HomeVisitRequest};
use tongban_rules::calendar::Calendar;
use tongban_rules::catalogue::Catalogue;
use tongban_rules::validate::Phone;
use tongban_rules::FieldError;

/// Preferred half days may lie this many working days ahead at most.
const AHEAD: usize = 20;

/// The half days a citizen may choose from: both halves of the next ten working days.
pub fn half_days(calendar: &Calendar, now: DateTime<Utc>) -> Vec<String> {
    slots::working_days_after(calendar, china_today(now.timestamp_millis()), 10)
        .into_iter()
        .flat_map(|d| [format!("{d} am"), format!("{d} pm")])
        .collect()
}

/// A half day `YYYY-MM-DD am|pm` on one of the next working days, or a field error.
pub(super) fn half_day(
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
    // The answers as the app checked them on their pages (the rules crate's own function).
    let mut errors = req.field_errors();
    let (address, phone) = (req.address.trim(), Phone::parse(&req.phone).ok());
    let mut preferred = Vec::new();
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
    own_application(
        store,
        owner,
        req.receipt_no.as_deref(),
        &req.region,
        &req.item_id,
    )
    .await?;
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
        family::events::record(&mut *store.pool().acquire().await?, &event).await?;
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
