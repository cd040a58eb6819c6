//! The catalogue's data model, as `assets/catalogue/*.json` spells it (see its README).
//! Every policy fact is a [`Fact`]: a value with its source, or `"unknown"`.

use serde::{Deserialize, Serialize};

/// A value with the document it comes from (seed + row, or a national document by number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cited<T> {
    pub value: T,
    pub source: String,
}

/// The literal `"unknown"`: no source gives this value (citizens read 以当地经办机构公布为准).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unknown {
    #[serde(rename = "unknown")]
    Unknown,
}

/// A policy fact: known with its source, or explicitly unknown — never invented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Fact<T> {
    Known(Cited<T>),
    Unknown(Unknown),
}

impl Fact<bool> {
    /// A flag is on only where a source says so: `unknown` is off (the office decides, as
    /// for any item no source speaks of).
    pub fn is_true(&self) -> bool {
        self.known() == Some(&true)
    }
}

impl<T> Fact<T> {
    pub fn known(&self) -> Option<&T> {
        match self {
            Fact::Known(c) => Some(&c.value),
            Fact::Unknown(_) => None,
        }
    }

    pub fn source(&self) -> Option<&str> {
        match self {
            Fact::Known(c) => Some(&c.source),
            Fact::Unknown(_) => None,
        }
    }
}

/// 即办件 (done at once) or 承诺件 (done within promised working days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    Immediate,
    Promised,
}

/// Who applies: a person, an employer, or a designated medical institution / pharmacy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Person,
    Unit,
    Institution,
}

/// 办理层级: 市级 / 县级 / 乡镇（街道）/ 村（社区）.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    City,
    County,
    Township,
    Village,
}

impl Level {
    /// The seeds' words (GD 实施层级: 市、县).
    pub fn label(self) -> &'static str {
        match self {
            Level::City => "市级",
            Level::County => "县级",
            Level::Township => "乡镇（街道）",
            Level::Village => "村（社区）",
        }
    }
}

/// 通办: 跨省通办 / 省内通办 / 全市通办.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    CrossProvince,
    InProvince,
    CityWide,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::CrossProvince => "跨省通办",
            Scope::InProvince => "省内通办",
            Scope::CityWide => "全市通办",
        }
    }
}

/// 渠道: 全程网办, 网办+邮寄, 一体机自助办, 窗口.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Online,
    OnlineMail,
    Kiosk,
    Window,
}

impl Channel {
    pub fn label(self) -> &'static str {
        match self {
            Channel::Online => "全程网办",
            Channel::OnlineMail => "网办+邮寄",
            Channel::Kiosk => "一体机自助办",
            Channel::Window => "窗口办理",
        }
    }
}

/// 原件 / 复印件: how a material is handed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    Original,
    Copy,
    OriginalAndCopy,
    /// 电子证照 or an electronic file the system reads.
    Electronic,
}

impl Paper {
    pub fn label(self) -> &'static str {
        match self {
            Paper::Original => "原件",
            Paper::Copy => "复印件",
            Paper::OriginalAndCopy => "原件及复印件",
            Paper::Electronic => "电子材料",
        }
    }
}

/// Why a material need not be handed in (免提交).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exempt {
    /// 数据共享: the office reads it from shared data.
    SharedData,
    /// 告知承诺: on a 承诺制 item a signed 告知承诺书 stands in for it (elsewhere it is asked for).
    Commitment,
    /// The source abolished the requirement (JM 1: 取消…材料的要求).
    Abolished,
    /// The system generates it and the applicant only confirms it (JM 13: 自动生成).
    Generated,
}

impl Exempt {
    /// What the guide says after 免提交.
    pub fn why(self) -> &'static str {
        match self {
            Exempt::SharedData => "通过数据共享获取",
            Exempt::Commitment => "签署告知承诺书代替",
            Exempt::Abolished => "已取消该材料要求",
            Exempt::Generated => "由系统自动生成，确认即可",
        }
    }
}

/// `"unknown"`: the default of an optional fact the data leaves out.
pub fn unknown<T>() -> Fact<T> {
    Fact::Unknown(Unknown::Unknown)
}

impl<T> Fact<T> {
    pub fn is_unknown(&self) -> bool {
        matches!(self, Fact::Unknown(_))
    }
}

/// 申请材料 (一次性告知): its name, 原件/复印件 (`paper`) and `copies`, `when` it is needed (none:
/// always), 容缺 (`may_defer`) and 免提交 with why (`exempt`) — each fact with its source, or
/// `unknown` (left out of the JSON) where no source states it. `source` names where the material
/// is listed: a seed's row or measure, or the address of the official 办事指南.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    pub id: String,
    pub name: String,
    #[serde(default = "unknown", skip_serializing_if = "Fact::is_unknown")]
    pub paper: Fact<Paper>,
    #[serde(default = "unknown", skip_serializing_if = "Fact::is_unknown")]
    pub copies: Fact<u32>,
    /// The case in which it is needed (e.g. 委托他人办理的); none: every application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Cited<String>>,
    #[serde(default = "unknown", skip_serializing_if = "Fact::is_unknown")]
    pub may_defer: Fact<bool>,
    #[serde(default = "unknown", skip_serializing_if = "Fact::is_unknown")]
    pub exempt: Fact<Exempt>,
    pub source: String,
}

impl Material {
    /// Every application must bring it: not 容缺, not needed only in some case, not 免提交
    /// (a 告知承诺 exemption counts only on a 承诺制 item: `commitment`).
    pub fn always_required(&self, commitment: bool) -> bool {
        !self.may_defer.is_true() && self.when.is_none() && !self.is_exempt(commitment)
    }

    /// 免提交 on an item whose 承诺制 flag is `commitment`.
    pub fn is_exempt(&self, commitment: bool) -> bool {
        match self.exempt.known() {
            Some(Exempt::Commitment) => commitment,
            Some(_) => true,
            None => false,
        }
    }
}

/// A national item, modelled once (四级四同); regions state only their differences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: String,
    pub name: String,
    pub category: String,
    pub subject: Subject,
    pub kind: Fact<Kind>,
    pub statutory_days: Fact<u32>,
    pub promised_days: Fact<u32>,
    pub conditions: Vec<Cited<String>>,
    pub materials: Vec<Material>,
    /// The materials are the whole list of a published 办事指南 (its address the source); else
    /// the guide adds 其他材料以当地经办机构公布为准.
    #[serde(default = "unknown", skip_serializing_if = "Fact::is_unknown")]
    pub materials_complete: Fact<bool>,
    pub channels: Fact<Vec<Channel>>,
    /// The form file in `assets/catalogue/forms/`, or none for information-only items.
    pub form: Option<String>,
    /// 承诺制: a signed commitment letter instead of proofs. A template sets it only where a
    /// national document does; a region's own measure goes in its overrides.
    pub commitment: Fact<bool>,
    /// The system approves an application at once, without the office (a region's promise,
    /// e.g. Jingmen's measure 13 for 承诺制 filings on its self-service terminals).
    pub auto_approval: Fact<bool>,
    /// The applicant may revoke a completed filing by themself (Jingmen's measure 13); elsewhere
    /// cancelling a filing in force is a matter for the office.
    pub self_revocation: Fact<bool>,
    /// 免申即享: paid without applying.
    pub no_application: Fact<bool>,
    pub notes: Vec<Cited<String>>,
}

/// The sources of the facts an item shares with its national template, pushed onto `$out` in
/// one order for both: kind, time limits, channels, conditions and notes, materials, then the
/// four flags a template may set.
macro_rules! shared_sources {
    ($t:expr, $out:expr) => {{
        let (t, out) = ($t, $out);
        out.extend(t.kind.source());
        out.extend(t.statutory_days.source());
        out.extend(t.promised_days.source());
        out.extend(t.channels.source());
        for c in t.conditions.iter().chain(&t.notes) {
            out.push(c.source.as_str());
        }
        out.extend(t.materials_complete.source());
        for m in &t.materials {
            out.push(m.source.as_str());
            out.extend(m.paper.source());
            out.extend(m.copies.source());
            out.extend(m.when.as_ref().map(|w| w.source.as_str()));
            out.extend(m.may_defer.source());
            out.extend(m.exempt.source());
        }
        for flag in [
            &t.commitment,
            &t.auto_approval,
            &t.self_revocation,
            &t.no_application,
        ] {
            out.extend(flag.source());
        }
    }};
}
pub(crate) use shared_sources;

impl Template {
    /// Every source this template's facts cite, in [`shared_sources`]'s order.
    pub fn sources(&self) -> Vec<&str> {
        let mut out = vec![];
        shared_sources!(self, &mut out);
        out
    }
}

/// What one region states differently from the national template.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Fact<Kind>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statutory_days: Option<Fact<u32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promised_days: Option<Fact<u32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Fact<Vec<Channel>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub materials: Option<Vec<Material>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub materials_complete: Option<Fact<bool>>,
    /// Replaces the template's notes (the region repeats the national ones it keeps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<Cited<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<Fact<bool>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_approval: Option<Fact<bool>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_revocation: Option<Fact<bool>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_application: Option<Fact<bool>>,
    /// 单位代办: an employer's unit session may file this person item for its employee. Only a
    /// region's own measure grants it (Yongzhou's YZ 一(二)3), so it exists only as an override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_agency: Option<Fact<bool>>,
}

/// One row of a region's seed: the exact name and this region's handling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionRow {
    pub id: String,
    pub row: String,
    pub template: String,
    pub name: String,
    pub parent_name: Option<String>,
    pub base_code: Option<String>,
    pub item_type: Option<String>,
    pub levels: Vec<Level>,
    pub scopes: Vec<Scope>,
    /// False for informational entries (e.g. 行政权力事项) that cannot be applied for here;
    /// the seed row that lists the item is its source.
    pub applicable: Fact<bool>,
    /// 高频事项, shown first: where the region's document names it so.
    pub high_frequency: Fact<bool>,
    pub remarks: Option<String>,
    #[serde(default)]
    pub overrides: Overrides,
    pub source: String,
}

/// `regions/<code>.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionFile {
    pub schema_version: u32,
    pub region: String,
    pub source: String,
    pub items: Vec<RegionRow>,
}

/// `national.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NationalFile {
    pub schema_version: u32,
    pub templates: Vec<Template>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLng {
    pub lat: f64,
    pub lng: f64,
}

/// A region with a catalogue (`regions.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub short: String,
    pub province: String,
    pub centre: LatLng,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionsFile {
    pub schema_version: u32,
    pub regions: Vec<Region>,
}
