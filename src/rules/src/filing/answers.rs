//! The `filing` form's answers as the filing rules read them, and the cross-field checks
//! those rules make on them.

use super::*;
use crate::form::{parse_date, Values};
use crate::FieldError;

/// The `filing` form's answers that the rules read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilingAnswers {
    pub kind: FilingType,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// `filing.action` = `change`: replaces a filing in force since this date.
    pub replaces_since: Option<NaiveDate>,
}

pub(super) fn answer<'a>(values: &'a Values, path: &str) -> &'a str {
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
///   (`filing.validity_too_short`, 医保发〔2022〕22号);
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
