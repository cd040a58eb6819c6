//! 亲情代办: a citizen (the agent, 经办人) binds a family member (申请人) and files for them.
//! The member consents in their own session with a one-time code; someone without a phone is
//! bound by a clerk's approval of a relationship document instead.

use serde::{Deserialize, Serialize};

/// How the member is related to the agent: (code, label).
pub const RELATIONS: &[(&str, &str)] = &[
    ("spouse", "配偶"),
    ("parent", "父母"),
    ("child", "子女"),
    ("grandparent", "祖父母/外祖父母"),
    ("grandchild", "孙子女/外孙子女"),
    ("sibling", "兄弟姐妹"),
];

/// The label of relation `code`, `None` for an unknown one.
pub fn relation_label(code: &str) -> Option<&'static str> {
    RELATIONS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// At most this many members per agent (live or awaiting a clerk).
pub const MAX_MEMBERS: usize = 5;

/// The code read aloud in groups of three digits: `482 915 307`.
pub fn grouped(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars
        .chunks(3)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `POST /me/family/invitations`: the agent's own name, shown to the member as 经办人.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"agent_name": "李建华"})))]
pub struct InvitationRequest {
    #[cfg_attr(feature = "openapi", schema(example = "李建华"))]
    pub agent_name: String,
}

/// A one-time invitation code, valid 15 minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    /// Nine digits; the member types it (or scans the QR code) in their own session.
    #[cfg_attr(feature = "openapi", schema(example = "482915307"))]
    pub code: String,
    /// The same digits in groups of three, for reading aloud: `482 915`.
    #[cfg_attr(feature = "openapi", schema(example = "482 915 307"))]
    pub grouped: String,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub expires_at: String,
    /// The code as a QR code (SVG text), drawn by the gateway.
    pub qr_svg: String,
}

/// The member's applicant block, as the forms name it (`applicant.*`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberApplicant {
    #[cfg_attr(feature = "openapi", schema(example = "王小明"))]
    pub name: String,
    /// `resident` (居民身份证) or another `applicant.id_type` option.
    #[cfg_attr(feature = "openapi", schema(example = "resident"))]
    pub id_type: String,
    #[cfg_attr(feature = "openapi", schema(example = "11010519491231002X"))]
    pub id_number: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "13800138000"))]
    pub phone: String,
}

/// `POST /me/family/acceptances`: the member, in their own session, accepts the code, names
/// the relation and consents. The consent with its time is the binding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"code": "482915307", "relation": "parent", "consent": true, "applicant": {"name": "王小明", "id_type": "resident", "id_number": "11010519491231002X", "phone": "13800138000"}})))]
pub struct Acceptance {
    #[cfg_attr(feature = "openapi", schema(example = "482915307"))]
    pub code: String,
    /// One of `RELATIONS`: how the member is related to the agent.
    #[cfg_attr(feature = "openapi", schema(example = "parent"))]
    pub relation: String,
    /// Must be `true`: 我同意由对方为我代办医保业务.
    pub consent: bool,
    pub applicant: MemberApplicant,
}

/// `POST /me/family/requests`: binding someone without a phone, on a relationship document
/// (户口本 or 出生证明, uploaded through `POST /attachments`), for a clerk of `region` to review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"agent_name": "李建华", "relation": "child", "region": "420800", "document": "0123456789abcdef0123456789abcdef", "applicant": {"name": "李小宝", "id_type": "resident", "id_number": "11010519491231002X"}})))]
pub struct BindingRequest {
    #[cfg_attr(feature = "openapi", schema(example = "李建华"))]
    pub agent_name: String,
    #[cfg_attr(feature = "openapi", schema(example = "child"))]
    pub relation: String,
    #[cfg_attr(feature = "openapi", schema(example = "420800"))]
    pub region: String,
    /// The attachment id of the document.
    pub document: String,
    pub applicant: MemberApplicant,
}

/// One binding as one side sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub id: String,
    /// `agent`: I file for them; `member`: they file for me.
    #[cfg_attr(feature = "openapi", schema(example = "agent"))]
    pub side: String,
    #[cfg_attr(feature = "openapi", schema(example = "parent"))]
    pub relation: String,
    #[cfg_attr(feature = "openapi", schema(example = "父母"))]
    pub relation_label: String,
    /// The other person's name, masked (`王*明`).
    #[cfg_attr(feature = "openapi", schema(example = "王*明"))]
    pub name: String,
    /// `pending` (awaiting a clerk), `live`, `refused`, `ended`.
    #[cfg_attr(feature = "openapi", schema(example = "live"))]
    pub status: String,
    /// RFC 3339, UTC: when the consent (or the clerk's approval) made the binding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
}

/// `GET /me/family/members/{id}/applicant`: the member's applicant block, unmasked, to the
/// agent of a live binding only; the app fills the form's applicant fields with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoundApplicant {
    pub binding: String,
    pub applicant: MemberApplicant,
}

/// `POST /me/family/objections`: the member marks 不同意此代办 on an application filed for them;
/// from then on only the member may revoke it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"receipt_no": "TB7K2M9Q4R8T1V6W3X"})))]
pub struct Objection {
    #[cfg_attr(feature = "openapi", schema(example = "TB7K2M9Q4R8T1V6W3X"))]
    pub receipt_no: String,
}

/// A pending no-phone binding in the clerk's queue (the applicant masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingBinding {
    pub id: String,
    pub region: String,
    pub relation_label: String,
    /// 经办人, masked.
    pub agent_name: String,
    /// 申请人, masked.
    pub member_name: String,
    pub member_id_number: String,
    /// The relationship document's attachment id (`GET /attachments/{id}`).
    pub document: String,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub requested_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_by_three_for_reading_aloud() {
        assert_eq!(grouped("482915"), "482 915");
    }

    #[test]
    fn relations_have_chinese_labels() {
        assert_eq!(relation_label("parent"), Some("父母"));
        assert_eq!(relation_label("boss"), None);
    }
}
