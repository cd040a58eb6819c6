//! The catalogue: regions, a region's items, one item with its form and expected date.

use super::decode::{self, defaulted, member, optional_text, text};
use super::{get_value, ApiError};
use crate::badges::Badges;
use serde::Deserialize;
use std::cell::OnceCell;
use std::rc::Rc;
use tongban_rules::api::ListVersion;
use tongban_rules::catalogue::{Item, Region, Subject};
use tongban_rules::form::Form;
use tongban_rules::search::{letters, Initials};
use wasm_bindgen::JsValue;

/// `GET /regions`
pub async fn regions() -> Result<Vec<Region>, ApiError> {
    decode::elements(&get_value("/regions").await?, decode::region).ok_or(ApiError::Decode)
}

/// A region's catalogue as the home page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub region: String,
    pub version: String,
    pub items: Vec<Listed>,
}

/// One item as the list shows and searches it. The answer carries whole items (the wire type
/// [`Item`]); the list reads only what a card needs, so a catalogue of thousands of items is read
/// in a blink, and the guide asks for the whole item when it is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    pub region: String,
    pub name: String,
    /// The main item it belongs to (主项名称).
    pub parent_name: Option<String>,
    pub category: String,
    /// 高频事项 that can be applied for here: shown first.
    pub frequent: bool,
    /// A person files it (not a unit or an institution): 长辈版's tiles offer only these.
    pub for_person: bool,
    pub badges: Badges,
    /// The pinyin initials of the name and the main item's name, worked out at the first
    /// initials search (`ydjy`) and kept: a catalogue is searched again at every keystroke.
    letters: OnceCell<[Vec<&'static str>; 2]>,
}

impl Listed {
    /// The list's view of a whole item.
    pub fn of(item: &Item) -> Self {
        Self {
            id: item.id.clone(),
            region: item.region.clone(),
            name: item.name.clone(),
            parent_name: item.parent_name.clone(),
            category: item.category.clone(),
            frequent: tongban_rules::catalogue::home::frequent(item),
            for_person: item.subject == Subject::Person,
            badges: Badges::of(item),
            letters: OnceCell::new(),
        }
    }

    /// Whether `initials` are those of a run of the name's characters, or the main item's.
    pub fn has_initials(&self, initials: &Initials) -> bool {
        self.letters
            .get_or_init(|| {
                [
                    letters(&self.name),
                    self.parent_name.as_deref().map(letters).unwrap_or_default(),
                ]
            })
            .iter()
            .any(|l| initials.matches_letters(l))
    }

    /// Reads one item of a catalogue answer.
    fn read(v: &JsValue) -> Option<Self> {
        // The facts' values only: their sources are the guide's (copying each into the wasm
        // was most of the time a catalogue of thousands of items took to read).
        let on = |key: &'static str| {
            decode::known(&member(v, key), JsValue::as_bool).map(|f| f == Some(true))
        };
        let scopes = decode::list(v, "scopes", decode::scope)?;
        let channels = decode::known(&member(v, "channels"), |c| {
            decode::elements(c, decode::channel)
        })?;
        let applicable = on("applicable")?;
        Some(Self {
            id: text(v, "id")?,
            region: text(v, "region")?,
            name: text(v, "name")?,
            parent_name: optional_text(v, "parent_name")?,
            category: text(v, "category")?,
            frequent: on("high_frequency")? && applicable,
            for_person: decode::subject(&member(v, "subject"))? == Subject::Person,
            badges: Badges::from_facts(
                on("no_application")?,
                &scopes,
                channels.as_deref(),
                applicable,
            ),
            letters: OnceCell::new(),
        })
    }
}

/// Reads a catalogue answer (`{"region", "version", "items"}`).
fn read_catalog(v: &JsValue) -> Option<Catalog> {
    Some(Catalog {
        region: text(v, "region")?,
        version: text(v, "version")?,
        items: decode::list(v, "items", Listed::read)?,
    })
}

/// `GET /catalog?region=R`; with no region (a first visit), the first region's, named in the
/// answer, so the list need not wait for `/regions`.
pub async fn catalog(region: Option<&str>) -> Result<Catalog, ApiError> {
    let answer = match region {
        Some(r) => get_value(&format!("/catalog?region={r}")).await?,
        None => get_value("/catalog").await?,
    };
    read_catalog(&answer).ok_or(ApiError::Decode)
}

/// The default region's catalogue the gateway put in index.html (`<script type="application/json"
/// id="catalog">`), when it is `region`'s (or `region` is not chosen yet); read once, so a retry or
/// a later visit to the region asks the gateway. The text is parsed where it is, in JavaScript.
pub fn inline_catalog(region: Option<&str>) -> Option<Catalog> {
    let catalog = read_catalog(&data_block("catalog")?)?;
    region
        .is_none_or(|r| r == catalog.region)
        .then_some(catalog)
}

/// 预计办结 for an application made today, counted by the gateway's holiday calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub due: String,
    /// Counted past the published holiday calendar (weekends only).
    pub estimated: bool,
    /// The statutory limit: no shorter promise is published.
    pub statutory: bool,
}

impl Expected {
    /// The answer's `expected` member: absent or `null` when no limit is known.
    fn read(answer: &JsValue) -> Option<Option<Self>> {
        let v = member(answer, "expected");
        if v.is_null() || v.is_undefined() {
            return Some(None);
        }
        let yes = |key: &'static str| defaulted(&v, key, JsValue::as_bool);
        Some(Some(Self {
            due: text(&v, "due")?,
            estimated: yes("estimated")?,
            statutory: yes("statutory")?,
        }))
    }
}

/// One item as the guide and the form need it.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemView {
    pub item: Item,
    /// The form to apply with, standard blocks in place: the definition the gateway validates
    /// the submission with again.
    pub schema: Option<Rc<Form>>,
    pub expected: Option<Expected>,
    /// The published list version the guide comes from (本指南更新于, its sources).
    pub list: Option<ListVersion>,
}

#[derive(Deserialize)]
struct WithSchema {
    #[serde(default)]
    schema: Option<Form>,
}

/// `GET /items/{id}?region=R` for the guide: the item as the region resolves it and its expected
/// completion date. The form schema is left undecoded: the guide does not show it, and its
/// decoder (the form's `Check`s, fields, conditions) stays in the second wasm module with the
/// apply page, which asks with [`item_with_form`].
pub async fn item(region: &str, id: &str) -> Result<ItemView, ApiError> {
    if let Some(inline) = inline_item(region, id) {
        let view = guide_view(&inline);
        // Decoded in this task, rendered in the next: two short tasks rather than one long one.
        crate::tasks::next_task().await;
        return view;
    }
    guide_view(&get_value(&format!("/items/{id}?region={region}")).await?)
}

/// The item the gateway put in a guide's deep link (`<script type="application/json"
/// id="item">`), when it is this one; read once, so a retry or a later visit asks the gateway.
fn inline_item(region: &str, id: &str) -> Option<JsValue> {
    let value = data_block("item")?;
    (text(&value, "region")? == region && text(&value, "id")? == id).then_some(value)
}

/// A JSON data block the gateway put in the page (`<script type="application/json" id=…>`),
/// parsed where it is, in JavaScript, and removed: it is read once.
fn data_block(id: &str) -> Option<JsValue> {
    let block = gloo::utils::document().get_element_by_id(id)?;
    block.remove();
    let text = js_sys::Reflect::get(&block, &JsValue::from_str("textContent")).ok()?;
    decode::parse(&text).ok()
}

/// `GET /items/{id}?region=R` for applying: [`item`] with its form schema.
pub async fn item_with_form(region: &str, id: &str) -> Result<ItemView, ApiError> {
    let value = get_value(&format!("/items/{id}?region={region}")).await?;
    let view = guide_view(&value)?;
    let with: WithSchema = crate::json::from_value(value).ok_or(ApiError::Decode)?;
    Ok(ItemView {
        schema: with.schema.map(Rc::new),
        ..view
    })
}

fn guide_view(value: &JsValue) -> Result<ItemView, ApiError> {
    Ok(ItemView {
        item: decode::item(value).ok_or(ApiError::Decode)?,
        schema: None,
        expected: Expected::read(value).ok_or(ApiError::Decode)?,
        list: decode::list_version(&member(value, "list")),
    })
}
