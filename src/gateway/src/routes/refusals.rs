//! An operator refused on an application is recorded before the refusal answers: a 404 (an
//! application of a region they do not serve answers the same 404 as a missing one) as
//! `refused.404`, a 403 (received here for another region, an office not theirs) as
//! `refused.403`, each with the receipt number and, when the application exists, its region, so
//! the auditors of that region and of the operator's regions both see it. The extractors record
//! the other refusals (401 for a token, 403 for a role).

use crate::applications::{access::region_of, receipt::is_receipt_no};
use crate::identity::extract::{refuse, Operator};
use crate::{state::AppState, AppError};

/// The audit action and code of a refusal recorded here, if `result` is one.
fn refusal<T>(result: &Result<T, AppError>) -> Option<(&'static str, &'static str)> {
    match result {
        Err(AppError::NotFound { code, .. }) => Some(("refused.404", code)),
        Err(AppError::Forbidden { code, .. }) => Some(("refused.403", code)),
        _ => None,
    }
}

/// `result` of `op`'s request on application `receipt_no`; a 404 or 403 is recorded first.
pub async fn on_application<T>(
    state: &AppState,
    op: &Operator,
    receipt_no: &str,
    result: Result<T, AppError>,
) -> Result<T, AppError> {
    let Some((action, code)) = refusal(&result) else {
        return result;
    };
    // Only a receipt number is recorded: whatever else was typed in its place (an ID number
    // pasted by mistake) stays out of the trail.
    let receipt_no = is_receipt_no(receipt_no).then_some(receipt_no);
    let region = match receipt_no {
        Some(no) => region_of(&state.store, no).await?,
        None => None,
    };
    let mut entry = op.audit(action).region(region.as_deref());
    entry.receipt_no = receipt_no;
    let entry = entry.detail(code.to_owned());
    match result {
        Err(error) => Err(refuse(state, entry, error).await),
        ok => ok,
    }
}

/// `result` of `op`'s request on no application (an office not theirs); a 403 or 404 is
/// recorded first.
pub async fn on_request<T>(
    state: &AppState,
    op: &Operator,
    result: Result<T, AppError>,
) -> Result<T, AppError> {
    let Some((action, code)) = refusal(&result) else {
        return result;
    };
    let entry = op.audit(action).detail(code.to_owned());
    match result {
        Err(error) => Err(refuse(state, entry, error).await),
        ok => ok,
    }
}
