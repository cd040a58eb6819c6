//! Whose tickets the gateway believes: the integrators' public keys (`TONGBAN_TICKET_ISSUERS`,
//! see `identity::issuers`), the audience tickets must name (`TONGBAN_TICKET_AUDIENCE`), and
//! the transition of the old shared-secret `v1` tickets: read only when `TONGBAN_TICKET_SECRET`
//! is set together with `TONGBAN_TICKET_HMAC_UNTIL=YYYY-MM-DD`, up to the end of that day
//! (China Standard Time, UTC+8), refused from then on.

use crate::{identity::issuers, AppError};
use chrono::NaiveDate;

/// The ticket settings read from the environment (see the fields of `Config`).
pub(super) struct Tickets {
    pub issuers: Vec<issuers::IssuerKey>,
    pub audience: String,
    pub hmac_until: Option<NaiveDate>,
}

/// `TONGBAN_TICKET_AUDIENCE` when unset.
pub const DEFAULT_AUDIENCE: &str = "tongban";

pub(super) fn read(
    has_secret: bool,
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Tickets, AppError> {
    let issuers = match get("TONGBAN_TICKET_ISSUERS").filter(|v| !v.trim().is_empty()) {
        Some(v) => issuers::read(&v)?,
        None => Vec::new(),
    };
    if let Some(k) = issuers.iter().find(|k| k.iss == issuers::DEV_ISSUER) {
        return Err(AppError::Config(format!(
            "TONGBAN_TICKET_ISSUERS: iss `{}` (kid `{}`) is reserved for --dev's own key",
            k.iss, k.kid
        )));
    }
    let audience = get("TONGBAN_TICKET_AUDIENCE")
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| DEFAULT_AUDIENCE.into());
    if audience.len() > 128 || !audience.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::Config(format!(
            "TONGBAN_TICKET_AUDIENCE `{audience}` must be 1 to 128 printable ASCII characters"
        )));
    }
    let hmac_until = match get("TONGBAN_TICKET_HMAC_UNTIL").filter(|v| !v.trim().is_empty()) {
        None => None,
        Some(v) => {
            let date = NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| {
                AppError::Config(format!(
                    "TONGBAN_TICKET_HMAC_UNTIL `{v}` must be a date like 2027-03-31"
                ))
            })?;
            if !has_secret {
                return Err(AppError::Config(
                    "TONGBAN_TICKET_HMAC_UNTIL needs TONGBAN_TICKET_SECRET, the old shared \
                     ticket secret it keeps readable"
                        .into(),
                ));
            }
            Some(date)
        }
    };
    Ok(Tickets {
        issuers,
        audience,
        hmac_until,
    })
}

/// The instant (Unix seconds) from which `v1` tickets are refused: the end of `until` in
/// China Standard Time.
pub fn hmac_refused_from(until: NaiveDate) -> i64 {
    let next = until.succ_opt().unwrap_or(until);
    next.and_hms_opt(0, 0, 0)
        .map_or(i64::MIN, |t| t.and_utc().timestamp() - 8 * 3600)
}
