//! One decoding path for the answers the first load reads (the catalogue, one item, the
//! regions, an error body): plain functions over the value the browser's `JSON.parse` made,
//! instead of a serde-wasm-bindgen decoder per type. Each of those was a large generic function
//! (the catalogue `Item`'s alone was 16 KB of wasm, its untagged facts buffered through serde's
//! `Content`); these are a handful of small non-generic readers the types below share.
//!
//! The shapes are the wire types of `tongban_rules` as serde writes them; `tests/decode.rs`
//! decodes every item of every region's catalogue, every region and error bodies and compares
//! them with the originals, so the two cannot drift apart unnoticed. A value that is not the
//! shape gives `None` (the caller's `ApiError::Decode`), never a guess.

use js_sys::{Array, Reflect};
use std::cell::RefCell;
use tongban_rules::api::{ErrorBody, ListVersion};
use tongban_rules::catalogue::model::{unknown, LatLng, Unknown};
use tongban_rules::catalogue::{
    Channel, Cited, Exempt, Fact, Item, Kind, Level, Material, Paper, Region, Scope, Subject,
};
use tongban_rules::FieldError;
use wasm_bindgen::{prelude::wasm_bindgen, JsCast, JsValue};

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` over a JavaScript string, so a large text (the catalogue in index.html)
    /// never crosses into the wasm and back.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn parse(text: &JsValue) -> Result<JsValue, JsValue>;
}

thread_local! {
    /// The member names asked for, each made a JavaScript string once: a catalogue of thousands
    /// of items asks for the same few names thousands of times, and making a string from the
    /// wasm's memory costs more than the lookup itself.
    static NAMES: RefCell<Vec<(&'static str, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// `f` with `name` as a JavaScript string, made once.
fn with_name<R>(name: &'static str, f: impl FnOnce(&JsValue) -> R) -> R {
    NAMES.with_borrow_mut(|names| {
        let at = match names.iter().position(|(n, _)| std::ptr::eq(*n, name)) {
            Some(at) => at,
            None => {
                names.push((name, JsValue::from_str(name)));
                names.len() - 1
            }
        };
        f(&names[at].1)
    })
}

/// `value[key]`: `undefined` when it has no such member (or is not an object).
pub fn member(value: &JsValue, key: &'static str) -> JsValue {
    if !value.is_object() {
        return JsValue::UNDEFINED;
    }
    with_name(key, |name| {
        Reflect::get(value, name).unwrap_or(JsValue::UNDEFINED)
    })
}

/// Whether `v` is the string `word`, compared in JavaScript: nothing is copied into the wasm (a
/// catalogue of thousands of items has tens of thousands of such words, and copying each string
/// out of JavaScript costs far more than the comparison).
fn is(v: &JsValue, word: &'static str) -> bool {
    with_name(word, |w| v == w)
}

/// The value of `names` that `v` is the string of; `None` for any other value.
fn one_of<T: Copy>(v: &JsValue, names: &[(&'static str, T)]) -> Option<T> {
    if !v.is_string() {
        return None;
    }
    names.iter().find(|(n, _)| is(v, n)).map(|(_, t)| *t)
}

/// A string member.
pub fn text(value: &JsValue, key: &'static str) -> Option<String> {
    member(value, key).as_string()
}

/// An optional string member: absent or `null` is `None`; anything else but a string fails.
pub fn optional_text(value: &JsValue, key: &'static str) -> Option<Option<String>> {
    let v = member(value, key);
    if v.is_null() || v.is_undefined() {
        Some(None)
    } else {
        v.as_string().map(Some)
    }
}

/// A member that may be left out (serde's `#[serde(default)]`): its default when absent or
/// `null`, else `read` must accept it.
pub fn defaulted<T: Default>(
    value: &JsValue,
    key: &'static str,
    read: impl Fn(&JsValue) -> Option<T>,
) -> Option<T> {
    let v = member(value, key);
    if v.is_null() || v.is_undefined() {
        Some(T::default())
    } else {
        read(&v)
    }
}

/// A whole number in `0..=max`.
pub fn whole(v: &JsValue, max: f64) -> Option<f64> {
    v.as_f64()
        .filter(|n| n.fract() == 0.0 && (0.0..=max).contains(n))
}

/// The list version a guide comes from (`GET /items/{id}`'s `list`), when it is one.
pub fn list_version(v: &JsValue) -> Option<ListVersion> {
    Some(ListVersion {
        number: whole(&member(v, "number"), 1e15)? as i64,
        effective_at: text(v, "effective_at")?,
        sources: list(v, "sources", JsValue::as_string)?,
    })
}

/// An array member, each element read by `each`.
pub fn list<T>(
    value: &JsValue,
    key: &'static str,
    each: impl Fn(&JsValue) -> Option<T>,
) -> Option<Vec<T>> {
    elements(&member(value, key), each)
}

/// An array, each element read by `each`.
pub fn elements<T>(v: &JsValue, each: impl Fn(&JsValue) -> Option<T>) -> Option<Vec<T>> {
    let array = v.dyn_ref::<Array>()?;
    array.iter().map(|e| each(&e)).collect()
}

/// A policy fact: the string `"unknown"`, or `{"value": …, "source": …}`.
pub fn fact<T>(v: &JsValue, read: impl Fn(&JsValue) -> Option<T>) -> Option<Fact<T>> {
    if is(v, "unknown") {
        return Some(Fact::Unknown(Unknown::Unknown));
    }
    cited(v, read).map(Fact::Known)
}

/// What a policy fact says, without its source (a list reads only the values): `None` within
/// when it is `"unknown"`. The source must still be there, a string, as [`fact`] reads it.
pub fn known<T>(v: &JsValue, read: impl Fn(&JsValue) -> Option<T>) -> Option<Option<T>> {
    if is(v, "unknown") {
        return Some(None);
    }
    if !member(v, "source").is_string() {
        return None;
    }
    read(&member(v, "value")).map(Some)
}

fn cited<T>(v: &JsValue, read: impl Fn(&JsValue) -> Option<T>) -> Option<Cited<T>> {
    Some(Cited {
        value: read(&member(v, "value"))?,
        source: text(v, "source")?,
    })
}

fn cited_text(v: &JsValue) -> Option<Cited<String>> {
    cited(v, JsValue::as_string)
}

/// A fact serde leaves out when it is `unknown`: absent reads as `unknown`.
fn omitted<T>(
    value: &JsValue,
    key: &'static str,
    read: impl Fn(&JsValue) -> Option<T>,
) -> Option<Fact<T>> {
    match member(value, key) {
        absent if absent.is_undefined() => Some(unknown()),
        present => fact(&present, read),
    }
}

/// A flag fact.
pub fn flag(value: &JsValue, key: &'static str) -> Option<Fact<bool>> {
    fact(&member(value, key), JsValue::as_bool)
}

fn days(value: &JsValue, key: &'static str) -> Option<Fact<u32>> {
    fact(&member(value, key), |v| {
        whole(v, f64::from(u32::MAX)).map(|n| n as u32)
    })
}

pub(crate) fn subject(v: &JsValue) -> Option<Subject> {
    one_of(
        v,
        &[
            ("person", Subject::Person),
            ("unit", Subject::Unit),
            ("institution", Subject::Institution),
        ],
    )
}

fn kind(v: &JsValue) -> Option<Kind> {
    Some(match text(v, "type")?.as_str() {
        "immediate" => Kind::Immediate,
        "promised" => Kind::Promised,
        _ => return None,
    })
}

fn level(v: &JsValue) -> Option<Level> {
    one_of(
        v,
        &[
            ("city", Level::City),
            ("county", Level::County),
            ("township", Level::Township),
            ("village", Level::Village),
        ],
    )
}

/// A scope (跨省通办 …), as the list's badges read it too.
pub fn scope(v: &JsValue) -> Option<Scope> {
    one_of(
        v,
        &[
            ("cross_province", Scope::CrossProvince),
            ("in_province", Scope::InProvince),
            ("city_wide", Scope::CityWide),
        ],
    )
}

/// A channel (全程网办 …), as the list's badges read it too.
pub fn channel(v: &JsValue) -> Option<Channel> {
    one_of(
        v,
        &[
            ("online", Channel::Online),
            ("online_mail", Channel::OnlineMail),
            ("kiosk", Channel::Kiosk),
            ("window", Channel::Window),
        ],
    )
}

fn paper(v: &JsValue) -> Option<Paper> {
    one_of(
        v,
        &[
            ("original", Paper::Original),
            ("copy", Paper::Copy),
            ("original_and_copy", Paper::OriginalAndCopy),
            ("electronic", Paper::Electronic),
        ],
    )
}

fn exempt(v: &JsValue) -> Option<Exempt> {
    one_of(
        v,
        &[
            ("shared_data", Exempt::SharedData),
            ("commitment", Exempt::Commitment),
            ("abolished", Exempt::Abolished),
            ("generated", Exempt::Generated),
        ],
    )
}

fn material(v: &JsValue) -> Option<Material> {
    let when = member(v, "when");
    Some(Material {
        id: text(v, "id")?,
        name: text(v, "name")?,
        paper: omitted(v, "paper", paper)?,
        copies: omitted(v, "copies", |c| {
            whole(c, f64::from(u32::MAX)).map(|n| n as u32)
        })?,
        when: match when.is_undefined() || when.is_null() {
            true => None,
            false => Some(cited_text(&when)?),
        },
        may_defer: omitted(v, "may_defer", JsValue::as_bool)?,
        exempt: omitted(v, "exempt", exempt)?,
        source: text(v, "source")?,
    })
}

/// One item of the catalogue (`tongban_rules::catalogue::Item`).
pub fn item(v: &JsValue) -> Option<Item> {
    Some(Item {
        id: text(v, "id")?,
        region: text(v, "region")?,
        name: text(v, "name")?,
        parent_name: optional_text(v, "parent_name")?,
        base_code: optional_text(v, "base_code")?,
        item_type: optional_text(v, "item_type")?,
        template: text(v, "template")?,
        category: text(v, "category")?,
        subject: subject(&member(v, "subject"))?,
        kind: fact(&member(v, "kind"), kind)?,
        statutory_days: days(v, "statutory_days")?,
        promised_days: days(v, "promised_days")?,
        conditions: list(v, "conditions", cited_text)?,
        materials: list(v, "materials", material)?,
        materials_complete: omitted(v, "materials_complete", JsValue::as_bool)?,
        channels: fact(&member(v, "channels"), |c| elements(c, channel))?,
        levels: list(v, "levels", level)?,
        scopes: list(v, "scopes", scope)?,
        form: optional_text(v, "form")?,
        commitment: flag(v, "commitment")?,
        auto_approval: flag(v, "auto_approval")?,
        self_revocation: flag(v, "self_revocation")?,
        no_application: flag(v, "no_application")?,
        unit_agency: omitted(v, "unit_agency", JsValue::as_bool)?,
        applicable: flag(v, "applicable")?,
        high_frequency: flag(v, "high_frequency")?,
        remarks: optional_text(v, "remarks")?,
        notes: list(v, "notes", cited_text)?,
        row: text(v, "row")?,
        source: text(v, "source")?,
    })
}

/// A region (`GET /regions`).
pub fn region(v: &JsValue) -> Option<Region> {
    let centre = member(v, "centre");
    Some(Region {
        code: text(v, "code")?,
        name: text(v, "name")?,
        short: text(v, "short")?,
        province: text(v, "province")?,
        centre: LatLng {
            lat: member(&centre, "lat").as_f64()?,
            lng: member(&centre, "lng").as_f64()?,
        },
        source: text(v, "source")?,
    })
}

fn field_error(v: &JsValue) -> Option<FieldError> {
    Some(FieldError {
        field: text(v, "field")?,
        code: text(v, "code")?,
        message: text(v, "message")?,
    })
}

/// The gateway's error body (`tongban_rules::api::ErrorBody`).
pub fn error_body(v: &JsValue) -> Option<ErrorBody> {
    if !v.is_object() || Array::is_array(v) {
        return None;
    }
    Some(ErrorBody {
        code: defaulted(v, "code", JsValue::as_string)?,
        message: defaulted(v, "message", JsValue::as_string)?,
        field: optional_text(v, "field")?,
        errors: defaulted(v, "errors", |e| elements(e, field_error))?,
        retry_after_secs: match member(v, "retry_after_secs") {
            n if n.is_null() || n.is_undefined() => None,
            n => Some(whole(&n, 9_007_199_254_740_991.0)? as u64),
        },
        receipt_no: optional_text(v, "receipt_no")?,
    })
}
