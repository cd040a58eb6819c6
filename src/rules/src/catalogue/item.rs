//! An item as a citizen meets it in one region: the national template with that region's
//! differences applied. This is what the guide page shows and the gateway serves.

use super::model::{
    unknown, Channel, Cited, Fact, Kind, Level, Material, RegionRow, Scope, Subject, Template,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub region: String,
    pub name: String,
    pub parent_name: Option<String>,
    pub base_code: Option<String>,
    pub item_type: Option<String>,
    pub template: String,
    pub category: String,
    pub subject: Subject,
    pub kind: Fact<Kind>,
    pub statutory_days: Fact<u32>,
    pub promised_days: Fact<u32>,
    pub conditions: Vec<Cited<String>>,
    pub materials: Vec<Material>,
    /// The materials are a 办事指南's whole list; else only what the sources name.
    #[serde(default = "unknown", skip_serializing_if = "Fact::is_unknown")]
    pub materials_complete: Fact<bool>,
    pub channels: Fact<Vec<Channel>>,
    pub levels: Vec<Level>,
    pub scopes: Vec<Scope>,
    pub form: Option<String>,
    pub commitment: Fact<bool>,
    pub auto_approval: Fact<bool>,
    pub self_revocation: Fact<bool>,
    pub no_application: Fact<bool>,
    /// 单位代办: a unit session may file it for an employee (a region's own measure; off
    /// where no source of the region says so).
    #[serde(default = "unknown")]
    pub unit_agency: Fact<bool>,
    pub applicable: Fact<bool>,
    pub high_frequency: Fact<bool>,
    pub remarks: Option<String>,
    pub notes: Vec<Cited<String>>,
    /// The seed row this item comes from.
    pub row: String,
    pub source: String,
}

/// The members of an [`Item`] that a list of items shows and searches by (the app's home page:
/// names, category, 高频, the badges' facts, who files it). `index.html`'s catalogue carries only these, so a
/// catalogue of thousands of items stays a small page; the guide asks for the whole item.
pub const LISTED: [&str; 11] = [
    "id",
    "region",
    "name",
    "parent_name",
    "category",
    "high_frequency",
    "applicable",
    "no_application",
    "scopes",
    "channels",
    "subject",
];

impl Item {
    pub(crate) fn resolve(region: &str, row: &RegionRow, t: &Template) -> Self {
        let o = &row.overrides;
        Self {
            id: row.id.clone(),
            region: region.to_owned(),
            name: row.name.clone(),
            parent_name: row.parent_name.clone(),
            base_code: row.base_code.clone(),
            item_type: row.item_type.clone(),
            template: t.id.clone(),
            category: t.category.clone(),
            subject: t.subject,
            kind: o.kind.clone().unwrap_or_else(|| t.kind.clone()),
            statutory_days: o
                .statutory_days
                .clone()
                .unwrap_or_else(|| t.statutory_days.clone()),
            promised_days: o
                .promised_days
                .clone()
                .unwrap_or_else(|| t.promised_days.clone()),
            conditions: t.conditions.clone(),
            materials: o.materials.clone().unwrap_or_else(|| t.materials.clone()),
            materials_complete: match &o.materials {
                // A region's own list is complete only where the region says so.
                Some(_) => o.materials_complete.clone().unwrap_or_else(unknown),
                None => t.materials_complete.clone(),
            },
            channels: o.channels.clone().unwrap_or_else(|| t.channels.clone()),
            levels: row.levels.clone(),
            scopes: row.scopes.clone(),
            form: if row.applicable.is_true() {
                t.form.clone()
            } else {
                None
            },
            commitment: o.commitment.clone().unwrap_or_else(|| t.commitment.clone()),
            auto_approval: o
                .auto_approval
                .clone()
                .unwrap_or_else(|| t.auto_approval.clone()),
            self_revocation: o
                .self_revocation
                .clone()
                .unwrap_or_else(|| t.self_revocation.clone()),
            no_application: o
                .no_application
                .clone()
                .unwrap_or_else(|| t.no_application.clone()),
            unit_agency: o.unit_agency.clone().unwrap_or_else(unknown),
            applicable: row.applicable.clone(),
            high_frequency: row.high_frequency.clone(),
            remarks: row.remarks.clone(),
            notes: o.notes.clone().unwrap_or_else(|| t.notes.clone()),
            row: row.row.clone(),
            source: row.source.clone(),
        }
    }

    /// Every source this item's facts cite — the row, then what it shares with its template
    /// (time limits, channels, conditions, notes, materials, the template's flags), then its own
    /// flags — in that order, repeats included. Citizens read them through
    /// [`crate::citation::cite`].
    pub fn sources(&self) -> Vec<&str> {
        let mut out = vec![self.source.as_str()];
        super::model::shared_sources!(self, &mut out);
        for flag in [&self.unit_agency, &self.applicable, &self.high_frequency] {
            out.extend(flag.source());
        }
        out
    }

    /// Whether the region's channels let a citizen file this item from a phone: its sourced
    /// channels name 全程网办 or 网办+邮寄. Channels no source states (`unknown`) do not forbid
    /// it; channels that name only the window or the self-service terminal (JM 19's 医疗救助
    /// 手工报销: 窗口) do. A clerk may still file it at the window (窗口代录).
    pub fn offered_online(&self) -> bool {
        match self.channels.known() {
            Some(channels) => channels
                .iter()
                .any(|c| matches!(c, Channel::Online | Channel::OnlineMail)),
            None => true,
        }
    }

    /// The form to apply with, when this item can be applied for here: it has a form, the
    /// region lets it be applied for online, and it is not 免申即享.
    pub fn application_form(&self) -> Option<&str> {
        self.form
            .as_deref()
            .filter(|_| self.applicable.is_true() && !self.no_application.is_true())
    }

    /// The working days an application may take: none for a 即办件, else the region's
    /// promise, else the statutory limit (the wait is still bounded where no promise is
    /// published). `None` where no source gives either.
    pub fn limit(&self) -> Option<Limit> {
        if self.kind.known() == Some(&Kind::Immediate) {
            return Some(Limit {
                days: 0,
                statutory: false,
            });
        }
        if let Some(&days) = self.promised_days.known() {
            return Some(Limit {
                days,
                statutory: false,
            });
        }
        self.statutory_days.known().map(|&days| Limit {
            days,
            statutory: true,
        })
    }

    /// The materials the applicant sends with the application, by photo or file: not those
    /// 免提交 (shared data, abolished, generated, or — on a 承诺制 item — stood in for by a signed
    /// 告知承诺书). A 容缺 material (`may_defer`) may follow after acceptance; one needed only in
    /// some case (`when`) is offered, not demanded.
    pub fn uploads(&self) -> impl Iterator<Item = &Material> + '_ {
        let commitment = self.commitment.is_true();
        self.materials
            .iter()
            .filter(move |m| !m.is_exempt(commitment))
    }

    /// The names of the materials every application must bring ([`Material::always_required`]):
    /// the gateway's `materials_missing` and the app's 请上传 read this one list.
    pub fn required_uploads(&self) -> Vec<String> {
        let commitment = self.commitment.is_true();
        self.materials
            .iter()
            .filter(|m| m.always_required(commitment))
            .map(|m| m.name.clone())
            .collect()
    }

    /// How far the guide's 申请材料 go: a 办事指南's whole list, some materials the sources
    /// name (the rest 以当地经办机构公布为准), or nothing known.
    pub fn materials_known(&self) -> MaterialsKnown {
        if self.materials_complete.is_true() {
            MaterialsKnown::Complete
        } else if self.materials.is_empty() {
            MaterialsKnown::Unknown
        } else {
            MaterialsKnown::Partial
        }
    }
}

/// [`Item::materials_known`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaterialsKnown {
    Complete,
    Partial,
    Unknown,
}

/// How long an application may take, in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    pub days: u32,
    /// True when this is the statutory limit because no shorter promise is published.
    pub statutory: bool,
}
