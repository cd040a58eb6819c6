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

/// The same relation seen from the other side: the agent of a member who is their `parent` is
/// that member's `child`. An unknown code stays as it is.
pub fn inverse(code: &str) -> &str {
    match code {
        "parent" => "child",
        "child" => "parent",
        "grandparent" => "grandchild",
        "grandchild" => "grandparent",
        other => other,
    }
}

/// A person's sex, as the 17th character of an 18-character resident ID number gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

/// The sex of the holder of a resident ID number ending in `tail` (its last four characters:
/// the 17th is odd for a man, even for a woman); `None` when `tail` is not that.
pub fn sex_of_id_tail(tail: &str) -> Option<Sex> {
    let chars: Vec<char> = tail.trim().chars().collect();
    if chars.len() < 4 {
        return None;
    }
    let digit = chars[chars.len() - 2].to_digit(10)?;
    Some(if digit % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    })
}

/// What a person calls someone who is their `code` (父亲, not 父母, when the sex is known).
pub fn relation_word(code: &str, sex: Option<Sex>) -> &'static str {
    use Sex::{Female, Male};
    match (code, sex) {
        ("spouse", Some(Male)) => "丈夫",
        ("spouse", Some(Female)) => "妻子",
        ("parent", Some(Male)) => "父亲",
        ("parent", Some(Female)) => "母亲",
        ("child", Some(Male)) => "儿子",
        ("child", Some(Female)) => "女儿",
        ("grandparent", Some(Male)) => "祖父/外祖父",
        ("grandparent", Some(Female)) => "祖母/外祖母",
        ("grandchild", Some(Male)) => "孙子/外孙",
        ("grandchild", Some(Female)) => "孙女/外孙女",
        ("sibling", Some(Male)) => "兄弟",
        ("sibling", Some(Female)) => "姐妹",
        (code, _) => relation_label(code).unwrap_or(""),
    }
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

/// `POST /me/family/invitations`: the agent's own name, shown to the member as 经办人 only when
/// the session carries no real-name name (the real-name check's name is shown otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"agent_name": "李建华"})))]
pub struct InvitationRequest {
    #[serde(default)]
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

/// `POST /me/family/invitations/preview`: the code the member typed, to see who is asking
/// before consenting (a wrong code counts as a wrong guess, as an acceptance's does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"code": "482915307"})))]
pub struct InvitationLookup {
    #[cfg_attr(feature = "openapi", schema(example = "482915307"))]
    pub code: String,
}

/// Who is asking: the inviter as their shell's real-name check named them (not what they
/// typed), for the member to read before consenting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationPreview {
    /// The inviter's masked real name (李*华).
    #[cfg_attr(feature = "openapi", schema(example = "李*华"))]
    pub inviter: String,
    /// The last four characters of the inviter's verified ID number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "0038"))]
    pub inviter_id_tail: Option<String>,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub expires_at: String,
}

impl InvitationPreview {
    /// `李*华（身份证尾号0038）`, or the name alone.
    pub fn label(&self) -> String {
        match &self.inviter_id_tail {
            Some(t) => format!("{}（身份证尾号{t}）", self.inviter),
            None => self.inviter.clone(),
        }
    }

    /// The inviter's sex, from their ID tail.
    pub fn sex(&self) -> Option<Sex> {
        self.inviter_id_tail.as_deref().and_then(sex_of_id_tail)
    }
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
    /// What the viewer calls the other person: by sex when the other's ID number gives it
    /// (母亲), else the plain word (父母).
    #[cfg_attr(feature = "openapi", schema(example = "母亲"))]
    pub relation_label: String,
    /// The other person's name, masked (`王*明`).
    #[cfg_attr(feature = "openapi", schema(example = "王*明"))]
    pub name: String,
    /// The last four characters of the other person's ID number, when known: two relatives
    /// with one masked name are told apart by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "0038"))]
    pub id_tail: Option<String>,
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
    /// The region's full name from the national division list (`tongban_rules::division`):
    /// 广东省, 湖北省荆门市, 重庆市黔江区; `region` stays the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_name: Option<String>,
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
    fn a_relation_reads_from_each_side_and_by_sex() {
        assert_eq!(inverse("parent"), "child");
        assert_eq!(inverse("grandchild"), "grandparent");
        assert_eq!(inverse("spouse"), "spouse");
        // 0038: the 17th character 3 is odd, a man; 002X: 2, a woman.
        assert_eq!(sex_of_id_tail("0038"), Some(Sex::Male));
        assert_eq!(sex_of_id_tail("002X"), Some(Sex::Female));
        assert_eq!(sex_of_id_tail("X"), None);
        assert_eq!(relation_word("parent", Some(Sex::Male)), "父亲");
        assert_eq!(relation_word("child", Some(Sex::Female)), "女儿");
        assert_eq!(relation_word("parent", None), "父母");
    }

    #[test]
    fn relations_have_chinese_labels() {
        assert_eq!(relation_label("parent"), Some("父母"));
        assert_eq!(relation_label("boss"), None);
    }
}
