//! The words of an item's guide (一次性告知), once: the app's guide page renders them, and the
//! gateway writes the same words into a guide's shared link as static markup, so its first paint
//! shows the guide before the app has started (`routes/guide_markup.rs` in the gateway). A fact no
//! source gives reads [`UNKNOWN`], never a guess.

use super::{Channel, Fact, Item, Kind, Material, Scope, Subject};
use crate::citation::cite;

pub const UNKNOWN: &str = "以当地经办机构公布为准";

/// How a channel reads on the guide (longer than [`Channel::label`], which the list's filters use).
pub fn channel_label(c: Channel) -> &'static str {
    match c {
        Channel::Online => "全程网办",
        Channel::OnlineMail => "网上申请 + 邮寄材料",
        Channel::Kiosk => "自助一体机",
        Channel::Window => "窗口办理",
    }
}

/// 事项类型.
pub fn kind(item: &Item) -> String {
    match item.kind.known() {
        Some(Kind::Immediate) => "即办件（当场办结）".to_owned(),
        Some(Kind::Promised) => "承诺件".to_owned(),
        None => UNKNOWN.to_owned(),
    }
}

/// 承诺时限 / 法定时限.
pub fn days(f: &Fact<u32>) -> String {
    f.known()
        .map_or_else(|| UNKNOWN.to_owned(), |d| format!("{d} 个工作日"))
}

/// 办理层级.
pub fn levels(item: &Item) -> String {
    if item.levels.is_empty() {
        return UNKNOWN.to_owned();
    }
    let labels: Vec<&str> = item.levels.iter().map(|l| l.label()).collect();
    labels.join("、")
}

/// 通办范围; empty when none is stated (the row is left out).
pub fn scopes(item: &Item) -> String {
    let labels: Vec<&str> = item.scopes.iter().map(|s: &Scope| s.label()).collect();
    labels.join("、")
}

/// 办理渠道.
pub fn channels(item: &Item) -> String {
    item.channels.known().map_or_else(
        || UNKNOWN.to_owned(),
        |c| {
            let labels: Vec<&str> = c.iter().map(|c| channel_label(*c)).collect();
            labels.join("、")
        },
    )
}

/// 预计办结 as the gateway counted it from today (`date`, already written the Chinese way).
pub fn expected(date: &str, statutory: bool, estimated: bool) -> String {
    if statutory {
        format!("最迟 {date}（按法定时限计算）")
    } else if estimated {
        format!("{date}（节假日安排未公布，按周末推算）")
    } else {
        date.to_owned()
    }
}

/// What the guide says of one material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialText {
    /// 免提交, with why (a 告知承诺 exemption only on a 承诺制 item).
    pub exempt: Option<&'static str>,
    /// 容缺: may be brought later (never shown with 免提交).
    pub deferrable: bool,
    /// 原件/复印件 and copies, where known: `原件，2 份`; empty when neither is.
    pub facts: String,
    /// `适用：…`, the case it is for.
    pub when: Option<String>,
    /// `依据：…`, every document it rests on, once each.
    pub source: String,
}

/// The 容缺 mark's words: its title and the text after it.
pub const DEFERRABLE_TITLE: &str = "暂缺时可先受理，之后补交";

pub fn material(m: &Material, commitment: bool) -> MaterialText {
    let mut facts: Vec<String> = m
        .paper
        .known()
        .map(|p| p.label().to_owned())
        .into_iter()
        .collect();
    facts.extend(m.copies.known().map(|n| format!("{n} 份")));
    let exempt = m
        .exempt
        .known()
        .filter(|_| m.is_exempt(commitment))
        .map(|e| e.why());
    let mut sources: Vec<String> = vec![];
    let cited = [
        Some(m.source.as_str()),
        m.paper.source(),
        m.copies.source(),
        m.when.as_ref().map(|w| w.source.as_str()),
        m.may_defer.source(),
        m.exempt.source(),
    ];
    for line in cited.into_iter().flatten().map(cite) {
        if !sources.contains(&line) {
            sources.push(line);
        }
    }
    MaterialText {
        exempt,
        deferrable: m.may_defer.is_true() && exempt.is_none(),
        facts: facts.join("，"),
        when: m.when.as_ref().map(|w| format!("适用：{}", w.value)),
        source: format!("依据：{}", sources.join("；")),
    }
}

/// 告知承诺制 as this item's region states it, with the document that says so in full.
pub fn commitment_hint(item: &Item) -> Option<String> {
    let source = item
        .commitment
        .is_true()
        .then(|| item.commitment.source())??;
    // JM 13: automatic approval at the self-service terminal only (lifecycle::SELF_SERVICE).
    let decided = if item.auto_approval.is_true() {
        "在手机上提交后由经办机构审核办理（在自助服务终端办理的，系统自动审核办结）"
    } else {
        "提交后由经办机构审核办理"
    };
    Some(format!(
        "本事项实行告知承诺制：签署承诺书即可，{decided}。（依据：{}）",
        cite(source)
    ))
}

/// What a citizen reads on an item that only a unit or an institution files; `None` for a
/// person's item.
pub fn not_for_citizens(subject: Subject) -> Option<&'static str> {
    match subject {
        Subject::Person => None,
        Subject::Unit => Some("本事项须由单位办理，个人不能申请。请联系您单位的医保经办人员；单位经办人可用单位账号登录后申请。"),
        Subject::Institution => Some("本事项由定点医药机构办理，个人不能申请。"),
    }
}

pub const NO_APPLICATION: [&str; 2] = [
    "免申即享：您无需申请，也不用做任何事。",
    "符合条件的，经办机构通过数据比对自动为您办理，待遇直接发放。如有疑问，可咨询当地经办机构。",
];
pub const NOT_APPLICABLE: &str = "本事项暂不能在手机上申请，以下信息供您了解。";
pub const WINDOW_ONLY: &str = "本事项只能到窗口办理，不能在线申请。";
