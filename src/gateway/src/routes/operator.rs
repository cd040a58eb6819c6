//! The operator API (bearer `TONGBAN_OPERATOR_TOKEN`): the queue, the moves of the life cycle,
//! following up bad ratings, statistics and Guangdong's 工作进展情况表 as CSV.

use super::extract::{OptJ, J, Q};
use super::progress::{self, load};
use crate::applications::{
    moves::Request,
    record::{Summary, COLUMNS},
    stats,
    timeline::{Progress, Viewer},
};
use crate::{identity::extract::Operator, startup::AppState, AppError};
use axum::{
    extract::{Path, State},
    http::header,
    response::IntoResponse,
    Json,
};
use chrono::Utc;
use serde::Deserialize;
use tongban_rules::lifecycle::{Actor, Move, Status};

#[derive(Debug, Deserialize)]
pub struct QueueQuery {
    pub status: Option<String>,
    pub item: Option<String>,
    pub region: Option<String>,
}

/// Oldest first: the queue is worked in order of arrival.
pub async fn queue(
    State(state): State<AppState>,
    _: Operator,
    Q(q): Q<QueueQuery>,
) -> Result<Json<Vec<Summary>>, AppError> {
    let status = match q.status.as_deref() {
        Some(code) => Some(Status::from_code(code).ok_or_else(|| AppError::BadRequest {
            code: "unknown_status",
            message: format!("`{code}` is not a status code"),
            field: Some("status"),
        })?),
        None => None,
    };
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications WHERE ($1 IS NULL OR status = $1) \
         AND ($2 IS NULL OR item_id = $2) AND ($3 IS NULL OR region = $3) \
         ORDER BY submitted_at LIMIT 500"
    ))
    .bind(status.map(Status::code))
    .bind(q.item)
    .bind(q.region)
    .fetch_all(state.store.pool())
    .await?;
    Ok(Json(Summary::list(&rows, &state)?))
}

#[derive(Debug, Deserialize, Default)]
pub struct MoveBody {
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub materials: Vec<String>,
}

/// `POST /operator/applications/{receipt_no}/{accept|reject|start|return|complete}`.
pub async fn act(
    State(state): State<AppState>,
    _: Operator,
    Path((receipt_no, action)): Path<(String, String)>,
    OptJ(body): OptJ<MoveBody>,
) -> Result<Json<Progress>, AppError> {
    let mv = Move::from_code(&action)
        .filter(|m| m.actor() == Actor::Operator)
        .ok_or_else(|| AppError::NotFound {
            code: "unknown_action",
            message: format!("`{action}` is not an operator action"),
        })?;
    let record = load(&state, &receipt_no).await?;
    let req = Request {
        mv,
        actor: Actor::Operator,
        note: body.note.as_deref(),
        materials: &body.materials,
        attachments: &[],
        form: None,
    };
    progress::apply(&state, &record, &req, Viewer::Operator).await
}

#[derive(Debug, Deserialize)]
pub struct FollowUp {
    pub note: String,
}

/// One application as the office sees it: its progress and the materials on file (each readable
/// at `GET /attachments/{id}` with the operator token).
pub async fn show(
    State(state): State<AppState>,
    _: Operator,
    Path(receipt_no): Path<String>,
) -> Result<Json<Progress>, AppError> {
    progress::answer(&state, &load(&state, &receipt_no).await?, Viewer::Operator).await
}

/// 差评整改: the operator's answer to a bad rating.
pub async fn follow_up(
    State(state): State<AppState>,
    _: Operator,
    Path(receipt_no): Path<String>,
    J(body): J<FollowUp>,
) -> Result<Json<Progress>, AppError> {
    let note = body.note.trim();
    if note.is_empty() {
        return Err(AppError::BadRequest {
            code: "note_required",
            message: "a follow-up needs a note".into(),
            field: Some("note"),
        });
    }
    let done = sqlx::query(
        "UPDATE ratings SET follow_up = $1, followed_up_at = $2 WHERE receipt_no = $3 AND grade <= 2",
    )
    .bind(note)
    .bind(Utc::now().timestamp_millis())
    .bind(&receipt_no)
    .execute(state.store.pool())
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound {
            code: "no_bad_rating",
            message: "this application has no bad rating to follow up".into(),
        });
    }
    progress::answer(&state, &load(&state, &receipt_no).await?, Viewer::Operator).await
}

#[derive(Debug, Deserialize)]
pub struct RegionOnly {
    pub region: String,
}

fn region_items(
    state: &AppState,
    region: &str,
) -> Result<Vec<tongban_rules::catalogue::Item>, AppError> {
    state
        .catalogue
        .catalogue()
        .items(region)
        .map_err(|_| AppError::NotFound {
            code: "unknown_region",
            message: format!("no catalogue for region `{region}`"),
        })
}

pub async fn stats(
    State(state): State<AppState>,
    _: Operator,
    Q(q): Q<RegionOnly>,
) -> Result<Json<stats::Stats>, AppError> {
    let items = region_items(&state, &q.region)?;
    Ok(Json(
        stats::stats(&state.store, &state.calendar, &q.region, &items).await?,
    ))
}

pub async fn progress_csv(
    State(state): State<AppState>,
    _: Operator,
    Q(q): Q<RegionOnly>,
) -> Result<impl IntoResponse, AppError> {
    let items = region_items(&state, &q.region)?;
    let name = state
        .catalogue
        .catalogue()
        .regions()
        .iter()
        .find(|r| r.code == q.region)
        .map_or_else(|| q.region.clone(), |r| r.name.clone());
    let counts = stats::counts(&state.store, &state.calendar, &q.region).await?;
    let csv = stats::progress_csv(&name, &items, &counts);
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
