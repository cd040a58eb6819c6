//! 异地就医备案 (filing for medical treatment away from the insured place) as rules: the six
//! filing types, how long a filing is valid, when a long-term filing may be changed, how a stay
//! away is settled when the filing came late or never (emergencies), the both-way benefits of
//! long-term filers, and the 承诺制 documents (备案登记表 and 承诺书) the applicant signs.
//!
//! Every rule cites its source: a measure of the Jingmen notice (`JM 6` = 荆医保发〔2023〕18号
//! measure 6) or a national document by number. A value no source gives is [`Fact::Unknown`]
//! (citizens read 以当地经办机构公布为准) — never a guess.

mod answers;
mod documents;

pub use answers::{check, FilingAnswers};
pub use documents::{render_documents, Documents};

use crate::catalogue::{Cited, Fact};
use chrono::{Months, NaiveDate};

/// 医保发〔2022〕22号《关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》.
pub const NOTICE_2022_22: &str = "医保发〔2022〕22号";

/// The filing types (`filing.type` on the `filing` form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilingType {
    /// 异地安置退休人员
    Retiree,
    /// 异地长期居住人员
    LongTermResident,
    /// 常驻异地工作人员
    PostedWorker,
    /// 异地转诊人员
    Referral,
    /// 异地急诊抢救人员
    Emergency,
    /// 其他临时外出就医人员
    Temporary,
}

/// 跨省异地长期居住人员 or 跨省临时外出就医人员 (医保发〔2022〕22号; JM 19 lists all six).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Term {
    LongTerm,
    Temporary,
}

impl FilingType {
    pub const ALL: [FilingType; 6] = [
        Self::Retiree,
        Self::LongTermResident,
        Self::PostedWorker,
        Self::Referral,
        Self::Emergency,
        Self::Temporary,
    ];

    /// The form value, as `assets/catalogue/forms/filing.json` spells it.
    pub fn value(self) -> &'static str {
        match self {
            Self::Retiree => "retiree",
            Self::LongTermResident => "long_term_resident",
            Self::PostedWorker => "posted_worker",
            Self::Referral => "referral",
            Self::Emergency => "emergency",
            Self::Temporary => "temporary",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.value() == value.trim())
    }

    /// The national item name (JM 19).
    pub fn label(self) -> &'static str {
        match self {
            Self::Retiree => "异地安置退休人员",
            Self::LongTermResident => "异地长期居住人员",
            Self::PostedWorker => "常驻异地工作人员",
            Self::Referral => "异地转诊人员",
            Self::Emergency => "异地急诊抢救人员",
            Self::Temporary => "其他临时外出就医人员",
        }
    }

    /// The `national.json` template of this type's item.
    pub fn template(self) -> &'static str {
        match self {
            Self::Retiree => "filing-retiree",
            Self::LongTermResident => "filing-long-term",
            Self::PostedWorker => "filing-posted-worker",
            Self::Referral => "filing-referral",
            Self::Emergency => "filing-emergency",
            Self::Temporary => "filing-temporary",
        }
    }

    /// The type a catalogue item files, from its template.
    pub fn of_template(template: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.template() == template)
    }

    pub fn term(self) -> Term {
        match self {
            Self::Retiree | Self::LongTermResident | Self::PostedWorker => Term::LongTerm,
            Self::Referral | Self::Emergency | Self::Temporary => Term::Temporary,
        }
    }

    /// Whether a stay of this type counts as filed without a filing: an emergency does (JM 8),
    /// settled directly at the insured place's emergency rates.
    pub fn counted_as_filed_without_filing(self) -> bool {
        self == Self::Emergency
    }
}

fn cited<T>(value: T, source: &str) -> Fact<T> {
    Fact::Known(Cited {
        value,
        source: source.into(),
    })
}

/// A temporary filing is valid for at least this many months (医保发〔2022〕22号:
/// 跨省临时外出就医人员备案有效期原则上不少于6个月).
pub const TEMPORARY_MIN_VALIDITY_MONTHS: u32 = 6;

/// The insured place may set a period before which a long-term filing cannot be changed or
/// cancelled; that period is at most this many months (医保发〔2022〕22号:
/// 参保地设置变更或取消备案时限的，原则上不超过6个月).
pub const LONG_TERM_CHANGE_LIMIT_MAX_MONTHS: u32 = 6;

/// The minimum validity of a filing of `term`, with its source; none for long-term filings,
/// which are valid until changed (JM 6).
pub fn min_validity_months(term: Term) -> Option<Fact<u32>> {
    match term {
        Term::Temporary => Some(cited(TEMPORARY_MIN_VALIDITY_MONTHS, "医保发〔2022〕22号")),
        Term::LongTerm => None,
    }
}

/// How long a filing is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validity {
    /// 长期有效: until the applicant changes it or the insurance status changes (JM 6;
    /// 医保发〔2022〕22号).
    UntilChanged,
    /// To the end date, inclusive; any number of visits within it (医保发〔2022〕22号).
    Until(NaiveDate),
}

/// The validity of a filing of `kind` with the chosen end date (temporary filings only).
pub fn validity(kind: FilingType, end: Option<NaiveDate>) -> Option<Validity> {
    match kind.term() {
        Term::LongTerm => Some(Validity::UntilChanged),
        Term::Temporary => end.map(Validity::Until),
    }
}

/// The earliest end date of a temporary filing that starts on `start`.
pub fn earliest_temporary_end(start: NaiveDate) -> Option<NaiveDate> {
    start.checked_add_months(Months::new(TEMPORARY_MIN_VALIDITY_MONTHS))
}

/// Whether a long-term filing in force since `since` may be changed or cancelled on `on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeWindow {
    /// The national cap on the insured place's waiting period has passed: the change is
    /// allowed everywhere (医保发〔2022〕22号).
    Open,
    /// Within the first six months: the insured place may (but need not) refuse a change until
    /// `open_from`; its own period is not in any source (以当地经办机构公布为准).
    LocalRule { open_from: NaiveDate },
}

pub fn change_window(since: NaiveDate, on: NaiveDate) -> ChangeWindow {
    match since.checked_add_months(Months::new(LONG_TERM_CHANGE_LIMIT_MAX_MONTHS)) {
        Some(open_from) if on < open_from => ChangeWindow::LocalRule { open_from },
        _ => ChangeWindow::Open,
    }
}

/// A stay away (a hospital admission), as far as filing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stay {
    pub emergency: bool,
    /// The day the filing was completed, if it was.
    pub filed_on: Option<NaiveDate>,
    /// The day of the discharge settlement, if the stay has been settled.
    pub settled_on: Option<NaiveDate>,
}

/// How a stay away is settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// Settled directly at the networked hospital of the filed city.
    Direct { source: &'static str },
    /// Paid by the applicant, then reimbursed by hand under the insured place's rules.
    ManualReimbursement { source: &'static str },
    /// Not filed yet and not settled: filing before the discharge settlement still gives direct
    /// settlement (JM 7).
    FileBeforeDischarge { source: &'static str },
}

/// JM 7 (late filing until discharge settlement), JM 8 (emergency counted as filed), JM 9
/// (self-pay, then manual reimbursement after late filing); 医保发〔2022〕22号.
pub fn settlement(stay: Stay) -> Settlement {
    if stay.emergency && stay.filed_on.is_none() {
        return Settlement::Direct { source: "JM 8" };
    }
    match (stay.filed_on, stay.settled_on) {
        (Some(filed), Some(settled)) if filed > settled => {
            Settlement::ManualReimbursement { source: "JM 9" }
        }
        (Some(_), _) => Settlement::Direct { source: "JM 7" },
        (None, Some(_)) => Settlement::ManualReimbursement { source: "JM 9" },
        (None, None) => Settlement::FileBeforeDischarge { source: "JM 7" },
    }
}

/// Whether a filer may also be settled at the insured place while the filing is valid. Long-term
/// filers may, both ways (JM 11); for temporary filers no seed says.
pub fn home_settlement(term: Term) -> Fact<bool> {
    match term {
        Term::LongTerm => cited(true, "JM 11"),
        Term::Temporary => Fact::Unknown(crate::catalogue::model::Unknown::Unknown),
    }
}

/// One rule of 异地就医备案 as the guide shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub text: &'static str,
    pub source: &'static str,
}

/// The rules, in the order the guide shows them.
pub const RULES: [Rule; 11] = [
    Rule {
        id: "types",
        text: "跨省异地长期居住人员包括异地安置退休人员、异地长期居住人员、常驻异地工作人员；跨省临时外出就医人员包括异地转诊人员、异地急诊抢救人员和其他临时外出就医人员。",
        source: "医保发〔2022〕22号；JM 19",
    },
    Rule {
        id: "long_term_validity",
        text: "跨省异地长期居住人员登记备案后，未申请变更备案或参保状态未发生变更的，备案长期有效；备案有效期内可在就医地多次就诊并享受跨省异地就医直接结算服务。",
        source: "JM 6",
    },
    Rule {
        id: "long_term_change",
        text: "参保地设置变更或取消备案时限的，原则上不超过6个月；备案满6个月后可申请变更或取消。",
        source: "医保发〔2022〕22号",
    },
    Rule {
        id: "temporary_validity",
        text: "跨省临时外出就医人员备案有效期原则上不少于6个月，有效期内可在就医地多次就诊并享受跨省异地就医直接结算服务。",
        source: "医保发〔2022〕22号",
    },
    Rule {
        id: "late_filing",
        text: "住院前未办理异地就医备案的，可在定点医药机构指引下申请办理登记备案手续；出院结算前完成登记备案的，跨省联网定点医疗机构应提供跨省异地就医直接结算服务。",
        source: "JM 7",
    },
    Rule {
        id: "emergency",
        text: "发生急诊抢救时，未办理异地就医备案的视同已备案，按参保地异地急诊抢救相关待遇标准直接结算相关门诊、住院医疗费用。",
        source: "JM 8",
    },
    Rule {
        id: "manual_reimbursement",
        text: "跨省异地就医出院自费结算后按规定补办备案手续的，可以按参保地规定申请医保手工报销。",
        source: "JM 9",
    },
    Rule {
        id: "city",
        text: "直接备案到就医地市或直辖市，在备案地开通的所有跨省联网定点医疗机构享受住院费用跨省直接结算服务，无需指定医院。",
        source: "JM 10",
    },
    Rule {
        id: "both_ways",
        text: "跨省长期居住人员可在备案地和参保地双向享受待遇；备案有效期内确需回参保地就医的，也可以在参保地享受医保结算服务。",
        source: "JM 11",
    },
    Rule {
        id: "commitment",
        text: "在自助服务终端办理承诺制备案的，免去提交身份证照片信息，自动生成备案登记表及承诺书，参保人确认提交后系统自动审核办结；通过手机提交的，由参保地医保经办机构审核办理。",
        source: "JM 13",
    },
    Rule {
        id: "revocation",
        text: "参保人可通过自助服务终端撤销异地就医备案。",
        source: "JM 13",
    },
];

pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}
