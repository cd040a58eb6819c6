//! The operator API (a clerk's bearer token, `tongban-gateway operator add`): the queue, the
//! moves of the life cycle (these three also with the core system's token, `Worker`), following up bad ratings, statistics and Guangdong's 工作进展情况表
//! as CSV — each limited to the regions the clerk serves, each read and move audited.

use super::extract::{JsonBody, OptionalJsonBody, ReceiptPath, ValidQuery};
use super::refusals::{on_application, on_request};
use crate::applications::{
    access::{self, served},
    moves::Request,
    record::{self, QueueFilter},
    stats,
    timeline::Viewer,
    window,
};
use crate::audit;
use crate::catalogue::{region_items, region_name};
use crate::identity::extract::{Clerk, Operator, Worker};
use crate::{ratings, state::AppState, AppError};
use axum::{
    extract::{Path, State},
    http::header,
    response::IntoResponse,
    Json,
};
use chrono::Utc;
use serde::Deserialize;
use tongban_rules::api::ErrorBody;
use tongban_rules::api::{Progress, Summary};
use tongban_rules::lifecycle::{Actor, Move, Status};

#[derive(Debug, Deserialize)]
pub struct QueueQuery {
    pub status: Option<String>,
    pub item: Option<String>,
    pub region: Option<String>,
}

#[utoipa::path(
    get, path = "/operator/applications", tag = "operator",
    security(("operator_token" = [])),
    params(("status" = Option<Status>, Query), ("item" = Option<String>, Query), ("region" = Option<String>, Query, example = "420800")),
    responses((status = 200, description = "the queue, oldest first (at most 500)", body = [Summary]),
              (status = 400, description = "`bad_query`, `unknown_status`", body = ErrorBody),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: neither a clerk nor the system", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
/// Oldest first: the queue is worked in order of arrival.
pub async fn queue(
    State(state): State<AppState>,
    Worker(op): Worker,
    ValidQuery(q): ValidQuery<QueueQuery>,
) -> Result<Json<Vec<Summary>>, AppError> {
    let lists = state.lists.current();
    let status = match q.status.as_deref() {
        Some(code) => Some(Status::from_code(code).ok_or_else(|| AppError::BadRequest {
            code: "unknown_status",
            message: format!("`{code}` is not a status code"),
            field: Some("status"),
        })?),
        None => None,
    };
    let detail = format!(
        "status={} item={}",
        status.map_or("*", Status::code),
        q.item.as_deref().unwrap_or("*")
    );
    let filter = QueueFilter {
        status,
        item: q.item,
        region: q.region.clone(),
        served: op.account.regions.clone(),
    };
    let cat = lists.catalogue.catalogue();
    let list = record::queue(&state.store, cat, filter).await?;
    let entry = op
        .audit("queue.read")
        .region(q.region.as_deref())
        .detail(format!("{detail} rows={}", list.len()));
    audit::record(&state.store, entry, Utc::now()).await?;
    Ok(Json(list))
}

pub use tongban_rules::api::MoveRequest as MoveBody;

/// The progress of application `receipt_no` as `op` sees it, audited as `action` (`None`: the
/// act that led here was audited with it).
async fn answer(
    state: &AppState,
    op: &Operator,
    receipt_no: &str,
    action: Option<&'static str>,
) -> Result<Json<Progress>, AppError> {
    // 异地代收: the receiving region's clerks follow what they received for another region.
    let found = window::readable(&state.store, &op.account.regions, receipt_no).await;
    let record = on_application(state, op, receipt_no, found).await?;
    // Shown with the rules of the list version it was filed under.
    let filed = state.lists.version(record.list_version).await?;
    let cat = filed.catalogue.catalogue();
    let progress = access::answer(&state.store, cat, &record, Viewer::Operator).await?;
    // Answered only once recorded: a read whose row fails is a 503, never the data.
    if let Some(action) = action {
        let entry = op.audit(action).on(&record.receipt_no, &record.region);
        audit::record(&state.store, entry, Utc::now()).await?;
    }
    Ok(Json(progress))
}

/// The audit action of an operator's move.
fn mv_action(mv: Move) -> &'static str {
    match mv {
        Move::Accept => "move.accept",
        Move::Reject => "move.reject",
        Move::Start => "move.start",
        Move::Return => "move.return",
        Move::Complete => "move.complete",
        _ => "move.other",
    }
}

#[utoipa::path(
    post, path = "/operator/applications/{receipt_no}/{action}", tag = "operator",
    security(("operator_token" = [])),
    params(("receipt_no" = String, Path, example = "TB7K2M9Q4R8T1V6W3X"),
           ("action" = String, Path, description = "`accept`, `reject`, `start`, `return` or `complete`", example = "accept")),
    request_body(content = Option<MoveBody>, description = "optional; `reject` and `return` need a `note`, `return` names `materials`"),
    responses((status = 200, description = "the progress after the move", body = Progress),
              (status = 400, description = "`bad_json`, `note_required`", body = ErrorBody),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: neither a clerk nor the system; `received_only`: received here for another region, which moves it", body = ErrorBody),
              (status = 404, description = "`not_found`, `unknown_action`", body = ErrorBody),
              (status = 409, description = "`move_not_allowed`, `status_changed`", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
/// `POST /operator/applications/{receipt_no}/{accept|reject|start|return|complete}`.
pub async fn act(
    State(state): State<AppState>,
    Worker(op): Worker,
    Path((_, action)): Path<(String, String)>,
    ReceiptPath(receipt_no): ReceiptPath,
    OptionalJsonBody(body): OptionalJsonBody<MoveBody>,
) -> Result<Json<Progress>, AppError> {
    let lists = state.lists.current();
    let mv = Move::from_code(&action)
        .filter(|m| m.actor() == Actor::Operator)
        .ok_or_else(|| AppError::NotFound {
            code: "unknown_action",
            message: format!("`{action}` is not an operator action"),
        })?;
    let found = match served(&state.store, &op.account.regions, &receipt_no).await {
        // Received here for another region: readable, but moved by that region only.
        Err(AppError::NotFound { .. }) => {
            match window::readable(&state.store, &op.account.regions, &receipt_no).await {
                Ok(record) => Err(window::not_handled_here(&record)),
                Err(e) => Err(e),
            }
        }
        found => found,
    };
    let record = on_application(&state, &op, &receipt_no, found).await?;
    let req = Request {
        mv,
        actor: Actor::Operator,
        operator: Some(op.name()),
        note: body.note.as_deref(),
        materials: &body.materials,
        attachments: &[],
        form: None,
        audit: Some(
            op.audit(mv_action(mv))
                .on(&record.receipt_no, &record.region),
        ),
    };
    // Moved by the rules of the list version it was filed under, counted on today's calendar.
    let filed = state.lists.version(record.list_version).await?;
    let cat = filed.catalogue.catalogue();
    let progress = access::apply(
        &state.store,
        cat,
        &lists.calendar,
        &record,
        &req,
        Viewer::Operator,
    )
    .await?;
    Ok(Json(progress))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"note": "已电话联系申请人，说明补正要求并加快办理"}))]
pub struct FollowUp {
    pub note: String,
}

#[utoipa::path(
    get, path = "/operator/applications/{receipt_no}", tag = "operator",
    security(("operator_token" = [])),
    params(("receipt_no" = String, Path, example = "TB7K2M9Q4R8T1V6W3X")),
    responses((status = 200, description = "the progress with the materials on file", body = Progress),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: neither a clerk nor the system", body = ErrorBody),
              (status = 404, description = "`not_found`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
/// One application as the office sees it: its progress and the materials on file (each readable
/// at `GET /attachments/{id}` with the clerk's token); the read is audited.
pub async fn show(
    State(state): State<AppState>,
    Worker(op): Worker,
    ReceiptPath(receipt_no): ReceiptPath,
) -> Result<Json<Progress>, AppError> {
    answer(&state, &op, &receipt_no, Some("application.read")).await
}

#[utoipa::path(
    post, path = "/operator/applications/{receipt_no}/follow-up", tag = "operator",
    security(("operator_token" = [])),
    params(("receipt_no" = String, Path, example = "TB7K2M9Q4R8T1V6W3X")),
    request_body = FollowUp,
    responses((status = 200, description = "差评整改 recorded: the progress after it", body = Progress),
              (status = 400, description = "`bad_json`, `note_required`", body = ErrorBody),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: not a clerk", body = ErrorBody),
              (status = 404, description = "`not_found`, `no_bad_rating`", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
/// 差评整改: the operator's answer to a bad rating.
pub async fn follow_up(
    State(state): State<AppState>,
    clerk: Clerk,
    ReceiptPath(receipt_no): ReceiptPath,
    JsonBody(body): JsonBody<FollowUp>,
) -> Result<Json<Progress>, AppError> {
    let op = &clerk.0;
    let found = served(&state.store, &op.account.regions, &receipt_no).await;
    let record = on_application(&state, op, &receipt_no, found).await?;
    let entry = op
        .audit("rating.follow_up")
        .on(&record.receipt_no, &record.region);
    ratings::follow_up(&state.store, &receipt_no, &body.note, &entry, Utc::now()).await?;
    answer(&state, op, &receipt_no, None).await
}

/// `region` if the clerk serves it; any other is as unknown as a region with no catalogue.
fn served_region<'a>(op: &Operator, region: &'a str) -> Result<&'a str, AppError> {
    if op.serves(region) {
        Ok(region)
    } else {
        Err(AppError::NotFound {
            code: "unknown_region",
            message: format!("no catalogue for region `{region}`"),
        })
    }
}

#[derive(Debug, Deserialize)]
pub struct RegionOnly {
    pub region: String,
}

#[utoipa::path(
    get, path = "/operator/stats", tag = "operator",
    security(("operator_token" = [])),
    params(("region" = String, Query, example = "420800")),
    responses((status = 200, description = "全程网办率, 即办件比例, days used vs statutory, 差评整改率; 跑动次数, the 代收 count, and QJ 二(六)'s measures per region and per item, with targets and verdicts in QJ's region only", body = stats::Stats),
              (status = 400, description = "`bad_query`", body = ErrorBody),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: not a clerk", body = ErrorBody),
              (status = 404, description = "`unknown_region`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn stats(
    State(state): State<AppState>,
    Clerk(op): Clerk,
    ValidQuery(q): ValidQuery<RegionOnly>,
) -> Result<Json<stats::Stats>, AppError> {
    let lists = state.lists.current();
    let region = on_request(&state, &op, served_region(&op, &q.region)).await?;
    let items = region_items(lists.catalogue.catalogue(), region)?;
    let entry = op.audit("stats.read").region(Some(&q.region));
    audit::record(&state.store, entry, Utc::now()).await?;
    Ok(Json(
        stats::stats(&state.store, &lists.calendar, &q.region, &items).await?,
    ))
}

#[utoipa::path(
    get, path = "/operator/reports/progress.csv", tag = "operator",
    security(("operator_token" = [])),
    params(("region" = String, Query, example = "440000")),
    responses((status = 200, description = "Guangdong's 工作进展情况表, UTF-8 CSV with BOM", content_type = "text/csv", body = String),
              (status = 400, description = "`bad_query`", body = ErrorBody),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: not a clerk", body = ErrorBody),
              (status = 404, description = "`unknown_region`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn progress_csv(
    State(state): State<AppState>,
    Clerk(op): Clerk,
    ValidQuery(q): ValidQuery<RegionOnly>,
) -> Result<impl IntoResponse, AppError> {
    let lists = state.lists.current();
    let cat = lists.catalogue.catalogue();
    let region = on_request(&state, &op, served_region(&op, &q.region)).await?;
    let items = region_items(cat, region)?;
    let name = region_name(cat, &q.region);
    let figures = stats::stats(&state.store, &lists.calendar, &q.region, &items).await?;
    let csv = stats::progress_csv(&name, &items, &figures);
    let entry = op.audit("report.csv").region(Some(&q.region));
    audit::record(&state.store, entry, Utc::now()).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"progress-{}.csv\"", q.region),
            ),
        ],
        csv,
    ))
}
