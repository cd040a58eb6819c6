//! 预约到厅 and 预约上门: an office's free slots, booking and cancelling a place, asking for
//! and cancelling a home visit, and 我的预约. The moves answer nothing the pages read (they load 我的预约 again): their answers are not
//! decoded, which keeps their decoders out of the wasm.

use super::{fetch_empty, get, post_json, ApiError};
pub use tongban_rules::api::{Booking, HomeVisitRequest, MyAppointments, OfficeSlots};

/// `GET /offices/{office}/slots?region=R`
pub async fn slots(region: &str, office: &str) -> Result<OfficeSlots, ApiError> {
    get(&format!("/offices/{office}/slots?region={region}")).await
}

/// `POST /appointments`
pub async fn book(b: &Booking) -> Result<(), ApiError> {
    fetch_empty(post_json("/appointments", b, &[])?).await
}

/// `POST /appointments/{id}/cancel`
pub async fn cancel(id: &str) -> Result<(), ApiError> {
    fetch_empty(post_json(&format!("/appointments/{id}/cancel"), &(), &[])?).await
}

/// `GET /me/appointments`
pub async fn mine() -> Result<MyAppointments, ApiError> {
    get("/me/appointments").await
}

/// `GET /home-visits/half-days`: `YYYY-MM-DD am|pm` on the next working days.
pub async fn half_days() -> Result<Vec<String>, ApiError> {
    get("/home-visits/half-days").await
}

/// `POST /home-visits`
pub async fn ask_visit(req: &HomeVisitRequest) -> Result<(), ApiError> {
    fetch_empty(post_json("/home-visits", req, &[])?).await
}

/// `POST /home-visits/{id}/cancel`
pub async fn cancel_visit(id: &str) -> Result<(), ApiError> {
    fetch_empty(post_json(&format!("/home-visits/{id}/cancel"), &(), &[])?).await
}
