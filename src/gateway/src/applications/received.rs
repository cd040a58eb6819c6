//! Where an application was received (窗口代录, 异地代收): the offices of `assets/offices` read
//! back by id. Plain values in, so the record, the window and the views all use it without
//! naming each other.

use crate::offices::Offices;
use std::sync::LazyLock;

/// The offices of `assets/offices`, for reading back where an application was received.
pub(super) static OFFICES: LazyLock<Offices> =
    LazyLock::new(|| Offices::embedded().unwrap_or_default());

/// The region of office `id`, when it is a known office.
pub fn office_region(id: &str) -> Option<&'static str> {
    OFFICES.find(id).map(|(region, _)| region)
}

/// The name of office `id` (the id itself for an office no longer listed).
pub fn office_name(id: &str) -> String {
    OFFICES
        .find(id)
        .map_or_else(|| id.to_owned(), |(_, o)| o.name.clone())
}

/// The receiving office of an application of `region` received at `received_office`, by name,
/// when that office is another region's (异地代收).
pub fn received_by(received_office: Option<&str>, region: &str) -> Option<String> {
    let office = received_office?;
    (office_region(office)? != region).then(|| office_name(office))
}
