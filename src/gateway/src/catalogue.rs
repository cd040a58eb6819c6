//! The catalogue as the gateway serves it: one list version's (`lists`), resolved once per
//! version and serialised once per region (with the list version and a content hash for the
//! ETag). One item comes with its
//! form schema and its expected completion date, so the app carries neither the forms nor the
//! holiday calendar: the definition it validates with is the one the gateway validates with
//! again, whatever version of the app is on the phone.

use crate::AppError;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use tongban_rules::api::ListVersion;
use tongban_rules::calendar::Calendar;
use tongban_rules::catalogue::{Catalogue, Item, LISTED};
use tongban_rules::form::Form;

/// The catalogue as served: each region's items, pre-serialised, with a version for caching.
#[derive(Debug)]
pub struct CatalogueView {
    catalogue: Catalogue,
    bodies: BTreeMap<String, (String, String)>,
    /// The first region's catalogue with each item cut to the members a list reads
    /// ([`LISTED`]), for `index.html`.
    listing: String,
    /// Every item resolved, by region and id: a progress lookup names its item (the version
    /// is immutable, so resolved once, not per lookup).
    items: HashMap<String, HashMap<String, Item>>,
}

#[derive(Serialize)]
struct CatalogBody<'a> {
    region: &'a str,
    /// The ETag: `v<list version>.<content hash>`.
    version: &'a str,
    list_version: i64,
    items: Vec<Item>,
}

impl CatalogueView {
    /// The catalogue of list version `list_version`.
    pub fn new(catalogue: Catalogue, list_version: i64) -> Result<Self, AppError> {
        let config = |e: serde_json::Error| AppError::Config(e.to_string());
        let mut bodies = BTreeMap::new();
        let mut listing = String::new();
        let mut resolved = HashMap::new();
        for region in catalogue.regions() {
            let items = catalogue.items(&region.code)?;
            let by_id = items.iter().map(|i| (i.id.clone(), i.clone())).collect();
            resolved.insert(region.code.clone(), by_id);
            let probe =
                serde_json::to_string(&items).map_err(|e| AppError::Config(e.to_string()))?;
            let version = format!("v{list_version}.{:016x}", fnv1a(probe.as_bytes()));
            let body = CatalogBody {
                region: &region.code,
                version: &version,
                list_version,
                items,
            };
            let json = serde_json::to_string(&body).map_err(config)?;
            if listing.is_empty() {
                let mut value = serde_json::to_value(&body).map_err(config)?;
                for item in value["items"].as_array_mut().into_iter().flatten() {
                    if let Some(members) = item.as_object_mut() {
                        members.retain(|k, _| LISTED.contains(&k.as_str()));
                    }
                }
                listing = value.to_string();
            }
            bodies.insert(region.code.clone(), (version, json));
        }
        Ok(Self {
            catalogue,
            bodies,
            listing,
            items: resolved,
        })
    }

    /// The first region's catalogue as a list reads it (`index.html`'s data block): the
    /// `/catalog` answer with each item cut to [`LISTED`], same region and version.
    pub fn listing(&self) -> &str {
        &self.listing
    }

    /// Item `id` of `region`, resolved (as `Catalogue::item` answers it); `None`: no such item.
    pub fn item(&self, region: &str, id: &str) -> Option<&Item> {
        self.items.get(region)?.get(id)
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// `region`'s catalogue as `(version, JSON body)`; `None`: the first region's. Or why not.
    pub fn body(&self, region: Option<&str>) -> Result<(&str, &str), AppError> {
        let region = match region {
            Some(r) => r,
            None => self
                .catalogue
                .regions()
                .first()
                .map_or("", |r| r.code.as_str()),
        };
        self.bodies
            .get(region)
            .map(|(v, b)| (v.as_str(), b.as_str()))
            .ok_or_else(|| unknown_region(region))
    }
}

/// FNV-1a, 64 bit: a stable content version for the ETag (not a security hash).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub fn unknown_region(region: &str) -> AppError {
    AppError::NotFound {
        code: "unknown_region",
        message: format!("no catalogue for region `{region}`"),
    }
}

/// `GET /items/{id}`: the item, and what the guide and the form need with it.
#[derive(Debug, Serialize)]
pub struct ItemView {
    #[serde(flatten)]
    item: Item,
    /// The form to apply with (standard blocks in place), when the item can be applied for.
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<Form>,
    /// 预计办结 for an application made today (China), when a limit is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<Expected>,
    /// The list version the guide comes from: 本指南更新于 its effective date, and its sources.
    list: ListVersion,
}

impl ItemView {
    pub fn item(&self) -> &Item {
        &self.item
    }

    pub fn expected(&self) -> Option<&Expected> {
        self.expected.as_ref()
    }
}

#[derive(Debug, Serialize)]
pub struct Expected {
    pub due: NaiveDate,
    /// Counted past the published holiday calendar (weekends only).
    pub estimated: bool,
    /// Counted with the statutory limit: no shorter promise is published.
    pub statutory: bool,
}

/// Item `id` of `region` with its form and its expected completion date if applied `today`,
/// from list version `list`.
pub fn item_view(
    cat: &Catalogue,
    calendar: &Calendar,
    list: ListVersion,
    (region, id): (&str, &str),
    today: NaiveDate,
) -> Result<ItemView, AppError> {
    if !cat.regions().iter().any(|r| r.code == region) {
        return Err(unknown_region(region));
    }
    let item = cat.item(region, id).map_err(|_| AppError::NotFound {
        code: "unknown_item",
        message: format!("region {region} has no item `{id}`"),
    })?;
    let schema = item
        .application_form()
        .map(|f| cat.form(f).cloned())
        .transpose()?;
    let expected = item.limit().map(|l| {
        let d = calendar.deadline(today, l.days);
        Expected {
            due: d.due,
            estimated: d.estimated,
            statutory: l.statutory,
        }
    });
    Ok(ItemView {
        item,
        schema,
        expected,
        list,
    })
}

/// An item that can be applied for in a region, resolved once, with its form; or why not.
pub fn applicable_form<'a>(
    cat: &'a Catalogue,
    region: &str,
    item: &str,
) -> Result<(Item, &'a Form), AppError> {
    let item = cat.item(region, item).map_err(|_| AppError::NotFound {
        code: "unknown_item",
        message: format!("region `{region}` has no item `{item}`"),
    })?;
    let form = item
        .application_form()
        .ok_or_else(|| AppError::BadRequest {
            code: "item_not_applicable",
            message: format!("item `{}` cannot be applied for here", item.id),
            field: Some("item"),
        })?;
    let form = cat.form(form)?;
    Ok((item, form))
}

/// 409 `not_online` for an item whose channels exclude filing from a phone
/// ([`Item::offered_online`]); a clerk's window filing does not ask this.
pub fn require_online(item: &Item) -> Result<(), AppError> {
    if item.offered_online() {
        return Ok(());
    }
    let channels = item
        .channels
        .known()
        .map(|c| c.iter().map(|c| c.label()).collect::<Vec<_>>().join("、"))
        .unwrap_or_default();
    Err(AppError::Conflict {
        code: "not_online",
        message: format!(
            "item `{}` is not filed online in this region ({channels}): apply at a service office",
            item.id
        ),
    })
}

/// The items of `region`, or 404 `unknown_region`.
pub fn region_items(cat: &Catalogue, region: &str) -> Result<Vec<Item>, AppError> {
    cat.items(region).map_err(|_| unknown_region(region))
}

/// The region's name (its code when the catalogue has no such region).
pub fn region_name(cat: &Catalogue, region: &str) -> String {
    cat.regions()
        .iter()
        .find(|r| r.code == region)
        .map_or_else(|| region.to_owned(), |r| r.name.clone())
}

/// The item's name in the catalogue (its id when the catalogue no longer has it).
pub fn item_name(cat: &Catalogue, region: &str, item: &str) -> String {
    cat.item(region, item)
        .map_or_else(|_| item.to_owned(), |i| i.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tongban_rules::catalogue::embedded;

    #[test]
    fn an_item_resolved_once_is_the_item_the_catalogue_resolves() {
        let catalogue = Catalogue::parse(
            embedded::REGIONS,
            embedded::NATIONAL,
            &embedded::REGION_FILES,
            &embedded::FORM_FILES,
        )
        .unwrap();
        let view = CatalogueView::new(catalogue.clone(), 1).unwrap();
        let mut seen = 0;
        for region in catalogue.regions() {
            for item in catalogue.items(&region.code).unwrap() {
                let resolved = catalogue.item(&region.code, &item.id).unwrap();
                assert_eq!(view.item(&region.code, &item.id), Some(&resolved));
                seen += 1;
            }
        }
        assert!(seen > 0);
        assert_eq!(view.item("no-such-region", "x"), None);
        let region = &catalogue.regions()[0].code;
        assert_eq!(view.item(region, "no-such-item"), None);
    }
}
