//! Service offices: those of the published list version (`lists`; `assets/offices/` is version
//! 1), parsed once per version; nearest first when a position is given (the app sends the
//! device position, or nothing).

use crate::AppError;
use serde::{Deserialize, Serialize};

/// The office files compiled in: the first list version's.
pub const FILES: [&str; 4] = [
    include_str!("../../../assets/offices/440000.json"),
    include_str!("../../../assets/offices/431100.json"),
    include_str!("../../../assets/offices/420800.json"),
    include_str!("../../../assets/offices/500114.json"),
];

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Location {
    pub lat: f64,
    pub lng: f64,
    #[serde(default)]
    pub approximate: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Office {
    pub id: String,
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub hours: Option<String>,
    pub location: Location,
    pub source: String,
    /// 预约到厅: present when the office takes hall appointments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<Booking>,
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<u32>,
}

/// How an office takes hall appointments: its opening hours as `HH:MM-HH:MM` spans (slots are
/// cut from them), the slot length, and the places per slot.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Booking {
    pub hours: Vec<String>,
    pub slot_minutes: u32,
    pub capacity: u32,
}

#[derive(Debug, Deserialize)]
struct OfficeFile {
    region: String,
    offices: Vec<Office>,
}

/// All offices by region, parsed once at start.
#[derive(Debug, Default)]
pub struct Offices(Vec<(String, Vec<Office>)>);

/// One office file: its region and its offices, or serde's reason (with its line).
pub fn parse_file(text: &str) -> Result<(String, Vec<Office>), serde_json::Error> {
    let file: OfficeFile = serde_json::from_str(text)?;
    Ok((file.region, file.offices))
}

impl Offices {
    pub fn embedded() -> Result<Self, AppError> {
        Self::parse(&FILES)
    }

    /// The offices of these files (`offices/<region>.json`).
    pub fn parse(files: &[&str]) -> Result<Self, AppError> {
        files
            .iter()
            .map(|f| parse_file(f).map_err(|e| AppError::Config(format!("offices: {e}"))))
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// The office with this id, and its region.
    pub fn find(&self, id: &str) -> Option<(&str, &Office)> {
        self.0.iter().find_map(|(region, list)| {
            list.iter()
                .find(|o| o.id == id)
                .map(|o| (region.as_str(), o))
        })
    }

    /// Office `id` of `region`.
    pub fn in_region(&self, region: &str, id: &str) -> Option<&Office> {
        self.of(region)?.iter().find(|o| o.id == id)
    }

    pub fn of(&self, region: &str) -> Option<&[Office]> {
        self.0
            .iter()
            .find(|(r, _)| r == region)
            .map(|(_, o)| o.as_slice())
    }
}

/// Great-circle distance in metres (haversine, mean Earth radius).
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * h.sqrt().asin()
}

/// The offices of `region`, nearest to `here` first (with their distance) when it is given.
pub fn near(
    offices: &Offices,
    region: &str,
    here: Option<(f64, f64)>,
) -> Result<Vec<Office>, AppError> {
    let mut list = offices
        .of(region)
        .ok_or_else(|| AppError::NotFound {
            code: "unknown_region",
            message: format!("no offices for region `{region}`"),
        })?
        .to_vec();
    if let Some(here) = here {
        for o in &mut list {
            o.distance_m = Some(distance_m(here, (o.location.lat, o.location.lng)).round() as u32);
        }
        list.sort_by_key(|o| o.distance_m);
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guangzhou_to_jingmen_is_about_eight_hundred_kilometres() {
        let d = distance_m((23.129, 113.264), (31.035, 112.2));
        assert!((850_000.0..900_000.0).contains(&d), "{d}");
    }

    #[test]
    fn every_region_has_offices_with_sources() {
        let o = Offices::embedded().unwrap();
        for r in ["440000", "431100", "420800", "500114"] {
            let list = o.of(r).unwrap();
            assert!(!list.is_empty());
            assert!(list.iter().all(|o| !o.source.is_empty()));
        }
    }

    #[test]
    fn an_office_phone_comes_with_the_page_that_gives_it_and_no_contact_persons_number() {
        let o = Offices::embedded().unwrap();
        for (_, list) in &o.0 {
            for office in list.iter().filter(|o| o.phone.is_some()) {
                assert!(
                    office.source.contains("https://"),
                    "{}: a phone needs the address of the page that gives it",
                    office.id
                );
            }
        }
        // The notices' 联系人 numbers are people's, not an office's (GD header, YZ last page).
        let contacts = ["020-83260327", "020-83260332", "0746-8367386"];
        let phones: Vec<_> =
            o.0.iter()
                .flat_map(|(_, l)| l)
                .filter_map(|o| o.phone.as_deref())
                .collect();
        assert!(phones.iter().all(|p| !contacts.contains(p)), "{phones:?}");
    }

    #[test]
    fn an_office_whose_position_is_not_verified_says_so() {
        let o = Offices::embedded().unwrap();
        for office in o.0.iter().flat_map(|(_, l)| l) {
            if office.location.approximate {
                assert!(
                    office.source.contains("not verified"),
                    "{}: the source says the position is not verified",
                    office.id
                );
            }
        }
    }
}
