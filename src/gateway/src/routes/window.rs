//! 窗口代录 (a clerk enters a walk-in citizen's application at an office's window, also for
//! another region: 异地代收代办) and the printed receipt. Owner, trip and audit: see
//! `applications::window`.

use super::applications::idempotency_key;
use super::extract::{JsonBody, ReceiptPath};
use super::html::esc;
use super::refusals::{on_application, on_request};
use super::validate::parse_answers;
use crate::applications::{
    receipt::is_receipt_no,
    submit::{submit_with, Caller, Filing, Outcome, Submission},
    timeline::not_found,
    window::{self, readable, receiving_office, Window},
};
use crate::audit;
use crate::{
    catalogue::{applicable_form, item_name},
    identity::extract::Clerk,
    qr,
    state::AppState,
    AppError,
};
use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::IntoResponse,
    Json,
};
use serde::{Deserialize, Serialize};
use tongban_rules::api::{self, china_today, ErrorBody, Receipt};
use tongban_rules::receipt_no;

/// Where a citizen came in person (`POST /operator/applications/{receipt_no}/visits`).
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"office": "jm-city-hall"}))]
pub struct VisitBody {
    /// The office they came to (`GET /offices`), one of the clerk's regions'.
    pub office: String,
}

#[utoipa::path(
    post, path = "/operator/applications/{receipt_no}/visits", tag = "operator",
    security(("operator_token" = [])),
    params(("receipt_no" = String, Path, example = "TB7K2M9Q4R8T1V6W3X")),
    request_body = VisitBody,
    responses((status = 204, description = "recorded: one more 跑动 for the application (a 退回补正 that needed a visit)"),
              (status = 400, description = "`bad_json`, `unknown_office`", body = ErrorBody),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: not a clerk; `office_not_served`: the office is not in one of the clerk's regions", body = ErrorBody),
              (status = 404, description = "`not_found`", body = ErrorBody),
              (status = 409, description = "`not_returned`: the application does not wait for a correction", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
/// The citizen of a returned application came to the hall to hand in what was asked for: the
/// clerk records the trip (QJ 二(六): 跑动次数). Audited as `visit.return`.
pub async fn return_visit(
    State(state): State<AppState>,
    Clerk(op): Clerk,
    ReceiptPath(receipt_no): ReceiptPath,
    JsonBody(body): JsonBody<VisitBody>,
) -> Result<StatusCode, AppError> {
    let lists = state.lists.current();
    if !is_receipt_no(&receipt_no) {
        return Err(not_found());
    }
    let found = readable(&state.store, &op.account.regions, &receipt_no).await;
    let record = on_application(&state, &op, &receipt_no, found).await?;
    let office = receiving_office(&lists.offices, &op.account.regions, &body.office);
    let office = on_application(&state, &op, &receipt_no, office).await?;
    let now = chrono::Utc::now();
    let entry = op
        .audit("visit.return")
        .on(&record.receipt_no, &record.region)
        .detail(format!("office={office}"));
    window::record_return_visit(&state.store, &record, office, &entry, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The citizen's `POST /applications` body, plus where and how it was received.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(example = json!({
    "region": "500114",
    "item": "qj-02",
    "form": {"applicant.name": "王小明", "applicant.id_type": "resident",
             "applicant.id_number": "11010519491231002X", "applicant.phone": "13800138000"},
    "channel": "window",
    "office": "qj-district-hall"
}))]
pub struct WindowSubmission {
    #[serde(flatten)]
    pub submission: Submission,
    /// Always `window`: entered by a clerk at a hall window.
    pub channel: String,
    /// The receiving office (`GET /offices`), one of the clerk's regions'. `region` may be
    /// another region's (异地代收代办): the application then goes to that region's queue.
    pub office: String,
}

#[utoipa::path(
    post, path = "/operator/applications", tag = "operator",
    security(("operator_token" = [])),
    params(("Idempotency-Key" = String, Header, description = "8 to 100 printable characters; a retry with the same key and body answers the same receipt", example = "window-3f2a9c1e-1")),
    request_body = WindowSubmission,
    responses((status = 201, description = "stored, received at the window (one 跑动); `acting` names the office", body = Receipt),
              (status = 200, description = "a replay: same key and body, same receipt", body = Receipt),
              (status = 400, description = "`bad_json`, `idempotency_key_required`, `unknown_channel`, `unknown_office`, `item_not_applicable`, `unknown_attachment`", body = ErrorBody),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: not a clerk; `office_not_served`: the office is not in one of the clerk's regions", body = ErrorBody),
              (status = 404, description = "`unknown_item`", body = ErrorBody),
              (status = 409, description = "`idempotency_key_reused` for another body", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 422, description = "`validation_failed`: the rules refused the form; `errors[]` as `/validate`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
/// 窗口代录: a clerk submits for a walk-in citizen, validated by the same rules as the citizen's
/// own submission; audited as `window.submit`.
pub async fn submit(
    State(state): State<AppState>,
    Clerk(op): Clerk,
    headers: HeaderMap,
    JsonBody(body): JsonBody<WindowSubmission>,
) -> Result<(StatusCode, Json<Receipt>), AppError> {
    let lists = state.lists.current();
    let key = idempotency_key(&headers)?;
    if body.channel != "window" {
        return Err(AppError::BadRequest {
            code: "unknown_channel",
            message: "a clerk's submission is received at a window: send `channel: \"window\"`"
                .into(),
            field: Some("channel"),
        });
    }
    let office = receiving_office(&lists.offices, &op.account.regions, &body.office);
    let office = on_request(&state, &op, office).await?;
    let sub = &body.submission;
    let (item, form) = applicable_form(lists.catalogue.catalogue(), &sub.region, &sub.item)?;
    let parsed = parse_answers(form, &sub.form)?;
    let owner = window::owner(office);
    let caller = Caller {
        owner: &owner,
        key,
        agent: None,
    };
    let at = Window {
        clerk: op.name(),
        office,
        audit: op
            .audit("window.submit")
            .detail(format!("office={office} item={}", sub.item)),
    };
    let now = chrono::Utc::now();
    let today = china_today(now.timestamp_millis());
    // The citizen's own session (a real-name `idh`) finds what the clerk filed for them.
    let filing = Filing {
        acting_unit: None,
        applicant_idh: state.keys.applicant_id_hash(&parsed),
        at_window: Some(&at),
        list_version: Some(lists.version.number),
    };
    let outcome = submit_with(
        &state.store,
        &caller,
        &filing,
        sub,
        &parsed,
        &item,
        &lists.calendar,
        now,
        today,
    )
    .await?;
    let (status, mut receipt) = match outcome {
        // Its audit row was written with it.
        Outcome::Created(r) => (StatusCode::CREATED, r),
        Outcome::Replayed(r) => {
            // Nothing stored: the clerk read the receipt of their earlier submission.
            let entry = at.audit.clone().on(&r.receipt_no, &sub.region);
            audit::record(
                &state.store,
                entry.detail(format!("office={office} replayed")),
                now,
            )
            .await?;
            (StatusCode::OK, r)
        }
    };
    let foreign = window::office_region(office) != Some(sub.region.as_str());
    receipt.acting = Some(api::Acting {
        window_office: Some(office.to_owned()),
        received_by: foreign.then(|| window::office_name(office)),
        ..api::Acting::default()
    });
    Ok((status, Json(receipt)))
}

/// The page's own policy: no script at all, its one inline style sheet.
const PRINT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

const PRINT_CSS: &str = "\
body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif;margin:0;\
color:#000;background:#fff;font-size:16px;line-height:1.5}\
main{max-width:180mm;margin:0 auto;padding:12mm}\
h1{font-size:22px;margin:0 0 4mm;text-align:center}\
dl{display:grid;grid-template-columns:auto 1fr;gap:2mm 6mm;margin:0 0 6mm}\
dt{font-weight:bold}dd{margin:0}\
.no{font-family:monospace;font-size:20px;letter-spacing:1px}\
.receipt-group{display:inline-block;white-space:nowrap}.receipt-group+.receipt-group{margin-left:.6em}\
.qr{text-align:center}.qr svg{width:45mm;height:45mm}\
.hint{font-size:14px}\
@page{size:A4;margin:10mm}\
@media print{main{padding:0}}\
@media print and (max-width:90mm){@page{size:80mm auto;margin:3mm}\
main{max-width:none}h1{font-size:16px}body{font-size:12px}dl{display:block}\
dd{margin:0 0 2mm}.qr svg{width:40mm;height:40mm}}";

/// The receipt number in groups of four (`tongban_rules::receipt_no::groups`), each a box that a
/// line never breaks inside; no text between them, so the number copies as it is stored.
fn groups_html(no: &str) -> String {
    receipt_no::groups(no)
        .iter()
        .map(|g| format!("<span class=\"receipt-group\">{}</span>", esc(g)))
        .collect()
}

#[utoipa::path(
    get, path = "/receipt/{receipt_no}/print", tag = "operator",
    security(("operator_token" = [])),
    params(("receipt_no" = String, Path, example = "TB7K2M9Q4R8T1V6W3X")),
    responses((status = 200, description = "the printable receipt (HTML, A4 or an 80 mm receipt printer), with a QR code opening the progress page; the verifier is never on it", content_type = "text/html", body = String),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: not a clerk", body = ErrorBody),
              (status = 404, description = "`not_found`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
/// 受理回执 to print and hand to a walk-in citizen: the receipt number, the item, the dates, the
/// receiving office and a QR code of the progress page. The citizen follows it with the receipt
/// number and the last six characters of their ID number, which they type themselves. Audited as
/// `receipt.print`.
pub async fn print(
    State(state): State<AppState>,
    Clerk(op): Clerk,
    ReceiptPath(receipt_no): ReceiptPath,
) -> Result<impl IntoResponse, AppError> {
    let lists = state.lists.current();
    if !is_receipt_no(&receipt_no) {
        return Err(not_found());
    }
    let found = readable(&state.store, &op.account.regions, &receipt_no).await;
    let record = on_application(&state, &op, &receipt_no, found).await?;
    let entry = op
        .audit("receipt.print")
        .on(&record.receipt_no, &record.region);
    audit::record(&state.store, entry, chrono::Utc::now()).await?;
    // From the configuration (TONGBAN_PUBLIC_URL), never from the request's Host header.
    let link = format!(
        "{}{}/applications/{}",
        state.public_url, state.base_path, record.receipt_no
    );
    let code = qr::svg(&link).ok_or_else(not_found)?;
    // The SVG document without its XML declaration, inline in the page.
    let svg = code.find("<svg").map_or(code.as_str(), |at| &code[at..]);
    let cat = lists.catalogue.catalogue();
    let item = item_name(cat, &record.region, &record.item);
    let office = record
        .received_office
        .as_deref()
        .map(window::office_name)
        .unwrap_or_default();
    let received_by = window::received_by(&record)
        .map(|o| format!("<dt>代收</dt><dd>代收：{}</dd>", esc(&o)))
        .unwrap_or_default();
    // China time (UTC+8), as the citizen reads it.
    let submitted = (record.submitted_at + chrono::Duration::hours(8))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let due = record
        .due_date
        .map_or_else(|| "—".to_owned(), |d| d.to_string());
    let applicant = api::mask::name(record.field("applicant.name"));
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>受理回执 {title_no}</title><style>{PRINT_CSS}</style></head><body><main>\
         <h1>医疗保障业务受理回执</h1><dl>\
         <dt>受理编号</dt><dd class=\"no\" id=\"receipt-no\">{no}</dd>\
         <dt>办理事项</dt><dd>{item}</dd>\
         <dt>申请人</dt><dd>{applicant}</dd>\
         <dt>受理窗口</dt><dd>{office}</dd>{received_by}\
         <dt>受理时间</dt><dd>{submitted}</dd>\
         <dt>办理状态</dt><dd>{status}</dd>\
         <dt>预计办结</dt><dd>{due}</dd></dl>\
         <div class=\"qr\" id=\"progress-qr\" data-href=\"{link}\" role=\"img\" aria-label=\"扫码查看办理进度\">{svg}</div>\
         <p class=\"hint\">扫码或打开“通办”→“我的办件”，输入受理编号和本人证件号码后6位，即可查询办理进度。\
         证件号码后6位请自行输入，回执上不打印。</p>\
         </main></body></html>",
        title_no = esc(&receipt_no::grouped(&record.receipt_no)),
        no = groups_html(&record.receipt_no),
        item = esc(&item),
        applicant = esc(&applicant),
        office = esc(&office),
        status = esc(record.status.label()),
        due = esc(&due),
        link = esc(&link),
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, PRINT_CSP),
        ],
        html,
    ))
}
