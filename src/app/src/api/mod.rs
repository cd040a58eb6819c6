//! The gateway's API as the app uses it: one small async fn per endpoint (one file per
//! resource) over one request helper that maps failures to [`ApiError`], the crate's one error
//! enum. Calls that act for the citizen carry the session's `Authorization: Bearer`.

pub mod applications;
pub mod appointments;
pub mod attachments;
pub mod catalogue;
pub mod decode;
pub mod family;
pub mod me;
pub mod offices;
pub mod refusals;
pub mod session;

pub use catalogue::{catalog, inline_catalog, item, item_with_form, regions, Catalog};

use gloo::net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use tongban_rules::api::ErrorBody;
use tongban_rules::FieldError;

/// The API root: by default `api/v1`, relative — resolved against the page's `<base href>`
/// (`/`, or the gateway's `TONGBAN_BASE_PATH`), or, in hash routing, against the page itself,
/// so the API sits beside the bundle under any path. A package may name another origin, and
/// the host page may override it at run time ([`crate::shell::api_base`]).
pub fn base() -> String {
    crate::shell::api_base()
}

/// Sends a request: `fetch`, or the host's gateway (浙里办's mgop) for a bundle packaged for
/// it. `None`: no answer.
async fn send(req: Request) -> Option<Response> {
    if crate::shell::via_mgop() {
        return crate::shell::send_via_mgop(req).await;
    }
    req.send().await.ok()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: offline, or the network dropped.
    Network,
    /// The gateway answered with an error status and its stable `code`.
    Status(u16, String),
    /// 422: the rules refused some fields; the same messages the form shows.
    Invalid(Vec<FieldError>),
    /// 429: too many failed lookups; seconds until one may be tried again.
    Limited(u64),
    /// 409 `idempotency_key_reused`: this draft's key already made the application with this
    /// receipt number (the first answer was lost, then an answer was changed).
    AlreadySubmitted(String),
    /// The answer was not what this version of the app understands.
    Decode,
}

impl ApiError {
    /// What the citizen reads: calm, and says what to do.
    pub fn message(&self) -> &'static str {
        match self {
            ApiError::Network => "网络好像断开了，请检查网络后点“重试”。已填写的内容不会丢失。",
            ApiError::Invalid(_) => "有几项需要修改，请按提示修改后再提交。",
            ApiError::Status(400, c) if c == "materials_missing" => {
                "请先上传要求的全部材料，再提交。"
            }
            ApiError::Status(400, c) if c == "unknown_attachment" => {
                "有一份材料需要重新上传：请删除后再传一次。"
            }
            ApiError::Status(401, _) => "登录状态已过期，请重新进入后再试。",
            ApiError::Status(403, c) if c == "unit_session_required" => {
                "这是单位办理的事项，须由该单位登录单位网厅（统一社会信用代码与表中所填一致）后提交。"
            }
            ApiError::Status(403, c) if c == "not_for_units" => {
                "单位账号只能为职工代办异地就医备案和死亡职工个人账户一次性支取，其他个人事项请本人登录办理。"
            }
            ApiError::Status(404, _) => "没有找到相关记录，请核对受理编号和证件号码后6位。",
            ApiError::Status(409, _) => "当前状态下不能进行这项操作，请刷新查看最新进度。",
            ApiError::Status(429, _) | ApiError::Limited(_) => "查询次数过多，请稍后再试。",
            ApiError::AlreadySubmitted(_) => "该申请已提交，请查看办理进度。",
            ApiError::Status(500.., _) => "服务暂时繁忙，请稍后点“重试”。",
            ApiError::Status(..) | ApiError::Decode => "页面需要更新，请刷新后再试。",
        }
    }

    /// [`Self::message`], with the time to wait when the gateway said it.
    pub fn text(&self) -> String {
        match self {
            ApiError::Limited(secs) => {
                let minutes = secs.div_ceil(60).max(1);
                let wait = if minutes >= 120 {
                    format!("{}小时", minutes.div_ceil(60))
                } else {
                    format!("{minutes}分钟")
                };
                format!("查询失败次数过多，为保护您的信息，请在{wait}后再试。本人登录后可随时查看自己的申请。")
            }
            ApiError::Status(403, c) if c == tongban_rules::api::real_name::REQUIRED => {
                tongban_rules::api::real_name::required_message(crate::shell::detect().code())
                    + "后再办理。"
            }
            e => e.message().into(),
        }
    }

    pub fn code(&self) -> &str {
        match self {
            ApiError::Status(_, code) => code,
            _ => "",
        }
    }
}

/// Adds the session's bearer token, when there is one.
pub fn authed(builder: RequestBuilder) -> RequestBuilder {
    match crate::session_store::token() {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    }
}

async fn check(res: Response) -> Result<Response, ApiError> {
    if res.ok() {
        return Ok(res);
    }
    let status = res.status();
    let body = body(res).await;
    Err(failed(status, body.as_ref().and_then(decode::error_body)))
}

/// A response's JSON body as the browser parsed it (`Response.json()`); `None` when it cannot
/// be read or is not JSON.
pub async fn body(res: Response) -> Option<wasm_bindgen::JsValue> {
    let raw: web_sys::Response = res.into();
    wasm_bindgen_futures::JsFuture::from(raw.json().ok()?)
        .await
        .ok()
}

/// An error status and its body (when it had the error shape) as the app's error.
pub(super) fn failed(status: u16, body: Option<ErrorBody>) -> ApiError {
    match body {
        // 422: the rules' field errors; 403 `applicant_not_self` names its field the same way.
        Some(b) if matches!(status, 403 | 422) && !b.errors.is_empty() => {
            ApiError::Invalid(b.errors)
        }
        Some(ErrorBody {
            retry_after_secs: Some(secs),
            ..
        }) if status == 429 => ApiError::Limited(secs),
        Some(ErrorBody {
            receipt_no: Some(no),
            ..
        }) if status == 409 => ApiError::AlreadySubmitted(no),
        Some(b) => ApiError::Status(status, b.code),
        None => ApiError::Status(status, String::new()),
    }
}

/// Sends a request and reads its JSON answer as the browser parsed it, for [`decode`].
pub async fn fetch_value(req: Request) -> Result<wasm_bindgen::JsValue, ApiError> {
    let res = send(req).await.ok_or(ApiError::Network)?;
    body(check(res).await?).await.ok_or(ApiError::Decode)
}

/// Sends a request and reads its JSON answer into `T` (serde: the second module's answers).
pub async fn fetch<T: DeserializeOwned>(req: Request) -> Result<T, ApiError> {
    crate::json::from_value(fetch_value(req).await?).ok_or(ApiError::Decode)
}

/// Sends a request whose answer has no body (204).
pub async fn fetch_empty(req: Request) -> Result<(), ApiError> {
    let res = send(req).await.ok_or(ApiError::Network)?;
    check(res).await.map(drop)
}

/// `GET` a path under `/api/v1`, with the session when there is one; the answer as the
/// browser parsed it, for [`decode`].
pub async fn get_value(path: &str) -> Result<wasm_bindgen::JsValue, ApiError> {
    let req = authed(Request::get(&format!("{}{path}", base())))
        .build()
        .map_err(|_| ApiError::Decode)?;
    fetch_value(req).await
}

/// `GET` a path under `/api/v1` into `T` (serde: the second module's answers).
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    crate::json::from_value(get_value(path).await?).ok_or(ApiError::Decode)
}

/// `POST` JSON to a path under `/api/v1`, with the session when there is one.
pub fn post_json<B: serde::Serialize>(
    path: &str,
    body: &B,
    headers: &[(&str, &str)],
) -> Result<Request, ApiError> {
    let mut builder = authed(Request::post(&format!("{}{path}", base())));
    for (k, v) in headers {
        builder = builder.header(k, v);
    }
    let body = crate::json::to_string(body).ok_or(ApiError::Decode)?;
    builder
        .header("Content-Type", "application/json")
        .body(body)
        .map_err(|_| ApiError::Decode)
}
