//! 实名: who the session's person is, as the shell verified them, and the one rule of who may be
//! an application's applicant. The gateway decides with the ID hash (`idh`), which only it can
//! compute; the app holds just the display part (masked name, last four characters of the ID)
//! and shows the same refusal on the ID field as the citizen types, before the gateway's
//! `/validate` confirms it. Both sides read the code and the message from here.

use crate::form::Values;
use crate::validate::identifier;
use crate::FieldError;
use serde::{Deserialize, Serialize};

/// The form field the rule speaks about.
pub const FIELD: &str = "applicant.id_number";
/// The applicant is not the session's real-name person (403, and on the field in `/validate`).
pub const NOT_SELF: &str = "applicant_not_self";
/// The session has no real-name identity: it may read and keep drafts, not file, book or bind.
pub const REQUIRED: &str = "real_name_required";

/// What the citizen reads on the ID field.
pub const NOT_SELF_MESSAGE: &str =
    "只能为本人申请：证件号码与您实名认证的身份不一致。为家人办理请用“亲情代办”。";

/// The session's real-name person, for display only (the ticket's `nm` and `idt`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RealName {
    /// The masked name the shell's real-name check gave (王*明), if it sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "王*明"))]
    pub name: Option<String>,
    /// The last four characters of the verified ID number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "002X"))]
    pub id_tail: Option<String>,
}

impl RealName {
    /// `本人：王*明（尾号002X）`, or as much of it as is known.
    pub fn label(&self) -> String {
        let mut s = String::from("本人：");
        s.push_str(self.name.as_deref().unwrap_or("已实名"));
        if let Some(tail) = &self.id_tail {
            s.push_str("（尾号");
            s.push_str(tail);
            s.push('）');
        }
        s
    }

    /// Whether a typed, complete ID number is plainly someone else's: its last four
    /// characters differ from the verified ones. `false` while it is incomplete or when the
    /// tail is unknown: the gateway's ID-hash compare is the authority either way.
    pub fn plainly_not_self(&self, typed: &str) -> bool {
        let Some(tail) = &self.id_tail else {
            return false;
        };
        let id = identifier::id_number(typed);
        id.chars().count() == 18 && identifier::last_chars(&id, 4) != tail.as_str()
    }
}

impl RealName {
    /// The refusal on the ID field when the answers plainly name someone else (the app's
    /// check as the citizen types; the gateway's `/validate` and submission decide).
    pub fn check(&self, values: &Values) -> Option<FieldError> {
        values
            .get(FIELD)
            .filter(|id| self.plainly_not_self(id))
            .map(|_| not_self_error())
    }
}

/// The refusal on the ID field.
pub fn not_self_error() -> FieldError {
    FieldError::new(FIELD, NOT_SELF, NOT_SELF_MESSAGE)
}

/// The host a shell's real-name check belongs to, as a citizen names it.
pub fn host(shell: &str) -> &'static str {
    match shell {
        "wechat" => "微信",
        "alipay" => "支付宝",
        "provincial" => "政务服务App",
        _ => "登录页",
    }
}

/// 请先在微信完成实名认证.
pub fn required_message(shell: &str) -> String {
    format!("请先在{}完成实名认证", host(shell))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me() -> RealName {
        RealName {
            name: Some("王*明".into()),
            id_tail: Some("002X".into()),
        }
    }

    #[test]
    fn the_label_names_the_person_and_the_id_tail() {
        assert_eq!(me().label(), "本人：王*明（尾号002X）");
        assert_eq!(RealName::default().label(), "本人：已实名");
    }

    #[test]
    fn a_complete_id_with_another_tail_is_plainly_someone_else() {
        assert!(!me().plainly_not_self("11010519491231002x"));
        assert!(!me().plainly_not_self(" 110105 19491231 002X "));
        assert!(me().plainly_not_self("110105194912310021"));
        // Incomplete: not yet decided.
        assert!(!me().plainly_not_self("1101051949"));
        // Unknown tail: only the gateway decides.
        assert!(!RealName::default().plainly_not_self("110105194912310021"));
    }

    #[test]
    fn the_message_names_the_host() {
        assert_eq!(required_message("wechat"), "请先在微信完成实名认证");
        assert_eq!(required_message("alipay"), "请先在支付宝完成实名认证");
    }
}
