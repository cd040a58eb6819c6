//! 异地就医备案 (filing for medical treatment away from the insured place) as rules: the six
//! filing types, how long a filing is valid, when a long-term filing may be changed, how a stay
//! away is settled when the filing came late or never (emergencies), the both-way benefits of
//! long-term filers, and the 承诺制 documents (备案登记表 and 承诺书) the applicant signs.
//!
//! Every rule cites its source: a measure of the Jingmen notice (`JM 6` = 荆医保发〔2023〕18号
//! measure 6) or a national document by number. A value no source gives is [`Fact::Unknown`]
//! (citizens read 以当地经办机构公布为准) — never a guess.

use crate::catalogue::{Cited, Fact};
use crate::form::{parse_date, Values};
use crate::FieldError;
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

/// 跨省异地长期居住人员 or 跨省临时外出就医人员 (医保发〔2022〕22号 二（二）; JM 19 lists all six).
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

/// A temporary filing is valid for at least this many months (医保发〔2022〕22号 二（三）:
/// 跨省临时外出就医人员备案有效期原则上不少于6个月).
pub const TEMPORARY_MIN_VALIDITY_MONTHS: u32 = 6;

/// The insured place may set a period before which a long-term filing cannot be changed or
/// cancelled; that period is at most this many months (医保发〔2022〕22号 二（三）:
/// 参保地设置变更或取消备案时限的，原则上不超过6个月).
pub const LONG_TERM_CHANGE_LIMIT_MAX_MONTHS: u32 = 6;

/// The minimum validity of a filing of `term`, with its source; none for long-term filings,
/// which are valid until changed (JM 6).
pub fn min_validity_months(term: Term) -> Option<Fact<u32>> {
    match term {
        Term::Temporary => Some(cited(
            TEMPORARY_MIN_VALIDITY_MONTHS,
            "医保发〔2022〕22号 二（三）",
        )),
        Term::LongTerm => None,
    }
}

/// How long a filing is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validity {
    /// 长期有效: until the applicant changes it or the insurance status changes (JM 6;
    /// 医保发〔2022〕22号 二（三）).
    UntilChanged,
    /// To the end date, inclusive; any number of visits within it (医保发〔2022〕22号 二（三）).
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
    /// allowed everywhere (医保发〔2022〕22号 二（三）).
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
/// (self-pay, then manual reimbursement after late filing); 医保发〔2022〕22号 二（四）.
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
        source: "医保发〔2022〕22号 二（二）；JM 19",
    },
    Rule {
        id: "long_term_validity",
        text: "跨省异地长期居住人员登记备案后，未申请变更备案或参保状态未发生变更的，备案长期有效；备案有效期内可在就医地多次就诊并享受跨省异地就医直接结算服务。",
        source: "JM 6",
    },
    Rule {
        id: "long_term_change",
        text: "参保地设置变更或取消备案时限的，原则上不超过6个月；备案满6个月后可申请变更或取消。",
        source: "医保发〔2022〕22号 二（三）",
    },
    Rule {
        id: "temporary_validity",
        text: "跨省临时外出就医人员备案有效期原则上不少于6个月，有效期内可在就医地多次就诊并享受跨省异地就医直接结算服务。",
        source: "医保发〔2022〕22号 二（三）",
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
        text: "承诺制备案免去提交身份证照片信息，自动生成备案登记表及承诺书，参保人确认提交后系统自动审核办结。",
        source: "JM 13",
    },
    Rule {
        id: "revocation",
        text: "参保人可自行撤销异地就医备案。",
        source: "JM 13",
    },
];

pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The `filing` form's answers that the rules read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilingAnswers {
    pub kind: FilingType,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// `filing.action` = `change`: replaces a filing in force since this date.
    pub replaces_since: Option<NaiveDate>,
}

fn answer<'a>(values: &'a Values, path: &str) -> &'a str {
    values.get(path).map_or("", |v| v.trim())
}

impl FilingAnswers {
    pub fn read(values: &Values) -> Option<Self> {
        let kind = FilingType::parse(answer(values, "filing.type"))?;
        let changing = answer(values, "filing.action") == "change";
        Some(Self {
            kind,
            start: parse_date(answer(values, "filing.start_date")),
            end: parse_date(answer(values, "filing.end_date")),
            replaces_since: changing
                .then(|| parse_date(answer(values, "filing.current_start_date")))
                .flatten(),
        })
    }
}

/// The cross-field rules of the `filing` form (`{"type": "filing"}` in its checks):
/// - a temporary filing's end date is at least 6 months after its start
///   (`filing.validity_too_short`, 医保发〔2022〕22号 二（三）);
/// - a change starts no earlier than the filing it replaces (`filing.change_before_current`),
///   and the filing it replaces did not start in the future (`date.future`).
///
/// A change within a long-term filing's first six months is not refused here: the insured place
/// may set such a period but no source gives one (see [`change_window`]).
pub fn check(values: &Values, today: NaiveDate) -> Vec<FieldError> {
    let mut errors = vec![];
    let Some(answers) = FilingAnswers::read(values) else {
        return errors;
    };
    if let (Term::Temporary, Some(start), Some(end)) =
        (answers.kind.term(), answers.start, answers.end)
    {
        if let Some(earliest) = earliest_temporary_end(start) {
            if end >= start && end < earliest {
                errors.push(FieldError::new(
                    "filing.end_date",
                    "filing.validity_too_short",
                    format!(
                        "临时外出就医备案有效期原则上不少于6个月，结束日期请选择{earliest}或之后"
                    ),
                ));
            }
        }
    }
    if let Some(since) = answers.replaces_since {
        if since > today {
            errors.push(FieldError::new(
                "filing.current_start_date",
                "date.future",
                "日期不能晚于今天",
            ));
        } else if answers.start.is_some_and(|start| start < since) {
            errors.push(FieldError::new(
                "filing.start_date",
                "filing.change_before_current",
                "变更后的开始日期不能早于现有备案的开始日期",
            ));
        }
    }
    errors
}

/// The two documents of a 承诺制 filing (JM 13), generated from the form's answers for the
/// applicant to read and sign before submitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Documents {
    /// 异地就医备案登记表
    pub registration: String,
    /// 异地就医备案个人承诺书
    pub commitment: String,
}

const BLANK: &str = "（未填写）";

fn id_type_label(value: &str) -> &'static str {
    match value {
        "hmt_permit" => "港澳台居民居住证",
        "foreign_permanent" => "外国人永久居留身份证",
        _ => "居民身份证",
    }
}

fn or_blank(text: &str) -> &str {
    if text.is_empty() {
        BLANK
    } else {
        text
    }
}

/// Renders the 备案登记表 and the 承诺书 from the `filing` form's answers, dated `signed_on`.
/// `None` while no filing type is chosen; other missing answers read 未填写.
pub fn render_documents(values: &Values, signed_on: NaiveDate) -> Option<Documents> {
    let answers = FilingAnswers::read(values)?;
    let kind = answers.kind;
    let name = or_blank(answer(values, "applicant.name"));
    let id_type = id_type_label(answer(values, "applicant.id_type"));
    let id_number = or_blank(answer(values, "applicant.id_number"));
    let phone = or_blank(answer(values, "applicant.phone"));
    let destination = or_blank(answer(values, "filing.destination"));
    let start = answers
        .start
        .map_or_else(|| BLANK.to_owned(), |d| d.to_string());
    let term = match kind.term() {
        Term::LongTerm => "跨省异地长期居住人员",
        Term::Temporary => "跨省临时外出就医人员",
    };
    let validity = match validity(kind, answers.end) {
        Some(Validity::UntilChanged) => {
            "长期有效（未申请变更备案或参保状态未发生变更的，备案长期有效）".to_owned()
        }
        Some(Validity::Until(end)) => format!("{start} 至 {end}"),
        None => format!("{start} 至 {BLANK}"),
    };
    let hospital = answer(values, "filing.hospital");
    let mut registration = format!(
        "异地就医备案登记表\n\
         申请人姓名：{name}\n\
         证件类型：{id_type}\n\
         证件号码：{id_number}\n\
         联系电话：{phone}\n\
         备案类型：{label}（{term}）\n\
         就医地：{destination}（备案到就医地市）\n\
         开始日期：{start}\n\
         备案有效期：{validity}\n",
        label = kind.label(),
    );
    if !hospital.is_empty() {
        registration.push_str(&format!("转诊医院：{hospital}\n"));
    }
    if let Some(since) = answers.replaces_since {
        registration.push_str(&format!(
            "办理类型：变更备案（现有备案开始日期：{since}）\n"
        ));
    }
    registration.push_str(&format!(
        "办理方式：承诺制备案，确认提交后系统自动审核办结\n填表日期：{signed_on}\n依据：JM 10、JM 13；医保发〔2022〕22号\n"
    ));

    let term_rules = match kind.term() {
        Term::LongTerm => "备案长期有效，有效期内可在备案地和参保地双向享受待遇；参保地设置变更或取消备案时限的，原则上不超过6个月。",
        Term::Temporary => "备案有效期内可在就医地多次就诊并享受跨省异地就医直接结算服务。",
    };
    let commitment = format!(
        "异地就医备案个人承诺书\n\
         本人{name}（{id_type}：{id_number}），申请办理{label}备案，就医地为{destination}，开始日期为{start}。\n\
         本人承诺：所填写的备案信息真实、准确；如有不实，本人承担不实承诺的责任。\n\
         本人知悉：\n\
         一、本备案为承诺制备案，确认提交后由系统自动审核办结，本人可自行撤销备案。\n\
         二、{term_rules}\n\
         承诺人：{name}\n\
         日期：{signed_on}\n\
         依据：JM 13；医保发〔2022〕22号\n",
        label = kind.label(),
    );
    Some(Documents {
        registration,
        commitment,
    })
}
