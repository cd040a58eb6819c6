//! The one error shape every failed request answers with.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// `{code, message, field?, errors?}`: `code` and `message` are English for integrators' logs;
/// `errors[]` (422 `validation_failed`) carries the citizens' Chinese messages per field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "code": "validation_failed",
    "message": "the form has errors; see errors[]",
    "errors": [{"field": "applicant.id_number", "code": "id_number.check_digit",
                "message": "证件号码最后一位校验不正确，请核对"}]
})))]
pub struct ErrorBody {
    /// A stable machine code, e.g. `session_required`, `not_found`, `storage_unavailable`.
    #[serde(default)]
    pub code: String,
    /// What went wrong, in English.
    #[serde(default)]
    pub message: String,
    /// The request field at fault, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The refused form fields (422 `validation_failed` only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// 429 (`too_many_failed_lookups`, `lookup_locked`): seconds until a lookup may be tried
    /// again, as in `Retry-After`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
    /// 409 `idempotency_key_reused`: the application the key already made (keys are per
    /// citizen, so always the caller's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_no: Option<String>,
}
