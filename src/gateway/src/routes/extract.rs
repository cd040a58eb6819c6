//! Query strings and JSON bodies parsed into typed values at the edge; a malformed one is a 400
//! in the one error shape, never axum's plain-text rejection.

use crate::applications::{receipt::typed, timeline::not_found};
use crate::AppError;
use axum::{
    extract::{FromRequest, FromRequestParts, Query, RawPathParams, Request},
    http::request::Parts,
};
use serde::de::DeserializeOwned;

/// A query string; a malformed or mistyped one is `400 bad_query`.
pub struct ValidQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ValidQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ValidQuery(value)),
            Err(rejection) => Err(AppError::BadRequest {
                code: "bad_query",
                message: rejection.body_text(),
                field: None,
            }),
        }
    }
}

/// A JSON body; a malformed or mistyped one is `400 bad_json`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(JsonBody(value)),
            Err(rejection) if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::Upload {
                    status: 413,
                    code: "body_too_large",
                    message: rejection.body_text(),
                })
            }
            Err(rejection) => Err(AppError::BadRequest {
                code: "bad_json",
                message: rejection.body_text(),
                field: None,
            }),
        }
    }
}

/// A JSON body that may be left out entirely: an empty body is `T::default()`.
pub struct OptionalJsonBody<T>(pub T);

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequest<S> for OptionalJsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|r| AppError::BadRequest {
                code: "bad_body",
                message: r.body_text(),
                field: None,
            })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJsonBody(T::default()));
        }
        serde_json::from_slice(&bytes)
            .map(OptionalJsonBody)
            .map_err(|e| AppError::BadRequest {
                code: "bad_json",
                message: e.to_string(),
                field: None,
            })
    }
}

/// The `{receipt_no}` path segment, read once at the edge (`receipt::typed`): a number typed
/// with spaces, in lower case or with O for 0 and I or L for 1 is its stored form from here on,
/// for the lookup, the per-receipt limits and the audit alike.
pub struct ReceiptPath(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ReceiptPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| not_found())?;
        let raw = params
            .iter()
            .find(|(name, _)| *name == "receipt_no")
            .map(|(_, value)| value)
            .ok_or_else(not_found)?;
        Ok(ReceiptPath(typed(raw)))
    }
}

/// The progress of `record` as `viewer` sees it, as the answer (shared by the application
/// routes).
pub async fn answer(
    state: &crate::state::AppState,
    record: &crate::applications::record::Record,
    viewer: crate::applications::timeline::Viewer,
) -> Result<axum::Json<tongban_rules::api::Progress>, AppError> {
    // Shown with the rules of the list version it was filed under.
    let lists = state.lists.version(record.list_version).await?;
    let cat = lists.catalogue.catalogue();
    let store = &state.store;
    let progress = crate::applications::access::answer(store, cat, record, viewer).await?;
    Ok(axum::Json(progress))
}
