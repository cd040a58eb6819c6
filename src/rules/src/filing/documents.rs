//! The documents of a filing: the 备案登记表, and where the item's region allows 承诺制 the
//! 个人承诺书, rendered from the form's answers for the applicant to read and sign. What they
//! promise (how the filing is decided, what the applicant may do) comes from the item's
//! sourced facts, and their 依据 names those sources in full ([`crate::citation::cite`]).

use super::answers::answer;
use super::*;
use crate::catalogue::Item;
use crate::citation::cite;
use crate::form::Values;

/// The documents of a filing, generated from the form's answers for the applicant to read and
/// sign before submitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Documents {
    /// 异地就医备案登记表
    pub registration: String,
    /// 异地就医备案个人承诺书: only where the item's `commitment` is a sourced fact.
    pub commitment: Option<String>,
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

/// Renders the 备案登记表, and the 承诺书 where `item` allows 承诺制, from the `filing` form's
/// answers, dated `signed_on`. `None` while no filing type is chosen; other missing answers
/// read 未填写.
pub fn render_documents(item: &Item, values: &Values, signed_on: NaiveDate) -> Option<Documents> {
    let answers = FilingAnswers::read(values)?;
    let kind = answers.kind;
    let name = or_blank(answer(values, "applicant.name"));
    let id_type = id_type_label(answer(values, "applicant.id_type"));
    let id_number = or_blank(answer(values, "applicant.id_number"));
    let phone = or_blank(answer(values, "applicant.phone"));
    // A 就医地 is a city's code: the 登记表 names it in full (湖北省武汉市).
    let destination = crate::division::shown(answer(values, "filing.destination"));
    let destination = or_blank(&destination);
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
         就医地：{destination}\n\
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
    let commitment = item.commitment.is_true();
    // JM 13's automatic approval is the self-service terminal's (lifecycle::SELF_SERVICE):
    // this form is made on a phone, so the office decides.
    let decided = if item.auto_approval.is_true() {
        "提交后由参保地医保经办机构审核办理（在自助服务终端办理的，确认提交后系统自动审核办结）"
    } else {
        "提交后由参保地医保经办机构审核办理"
    };
    let mode = if commitment { "承诺制备案，" } else { "" };
    registration.push_str(&format!(
        "办理方式：{mode}{decided}\n填表日期：{signed_on}\n{}",
        basis(item, false)
    ));
    let commitment = commitment.then(|| {
        let term_rules = match kind.term() {
            Term::LongTerm => "备案长期有效；参保地设置变更或取消备案时限的，原则上不超过6个月。",
            Term::Temporary => "备案有效期内可在就医地多次就诊并享受跨省异地就医直接结算服务。",
        };
        let revocation = if item.self_revocation.is_true() {
            "，本人可通过自助服务终端撤销备案"
        } else {
            ""
        };
        format!(
            "异地就医备案个人承诺书\n\
             本人{name}（{id_type}：{id_number}），申请办理{label}备案，就医地为{destination}，开始日期为{start}。\n\
             本人承诺：所填写的备案信息真实、准确；如有不实，本人承担不实承诺的责任。\n\
             本人知悉：\n\
             一、本备案为承诺制备案，{decided}{revocation}。\n\
             二、{term_rules}\n\
             承诺人：{name}\n\
             日期：{signed_on}\n\
             {}",
            basis(item, true),
            label = kind.label(),
        )
    });
    Some(Documents {
        registration,
        commitment,
    })
}

/// The 依据 lines: the item's own row, its 承诺制 facts, and the national notice the validity
/// rules come from, each in full, one a line.
fn basis(item: &Item, letter: bool) -> String {
    let mut sources: Vec<&str> = vec![];
    if !letter {
        sources.push(&item.source);
    }
    for fact in [&item.commitment, &item.auto_approval, &item.self_revocation] {
        if let (Some(true), Some(source)) = (fact.known(), fact.source()) {
            sources.push(source);
        }
    }
    sources.push(NOTICE_2022_22);
    let mut lines: Vec<String> = vec![];
    for line in sources.into_iter().map(cite) {
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    format!("依据：\n{}\n", lines.join("\n"))
}
