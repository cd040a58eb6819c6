//! The standard blocks, with the fixed field paths every integrator can rely on:
//! `applicant.name`, `applicant.id_type`, `applicant.id_number`, `applicant.phone`, and
//! `unit.name`, `unit.credit_code`.

use super::schema::{Block, Choice, Field, FieldKind, Step};

fn field(path: &str, label: &str, kind: FieldKind, hint: Option<&str>) -> Field {
    Field {
        path: path.into(),
        label: label.into(),
        kind,
        required: true,
        hint: hint.map(Into::into),
        options: vec![],
        show_if: None,
    }
}

/// Identity documents accepted for `applicant.id_type`.
pub fn id_types() -> Vec<Choice> {
    [
        ("resident", "居民身份证"),
        ("hmt_permit", "港澳台居民居住证"),
        ("foreign_permanent", "外国人永久居留身份证"),
    ]
    .into_iter()
    .map(|(value, label)| Choice {
        value: value.into(),
        label: label.into(),
    })
    .collect()
}

pub fn step(block: Block) -> Step {
    match block {
        Block::Applicant => Step {
            title: "申请人信息".into(),
            fields: vec![
                field(
                    "applicant.name",
                    "姓名",
                    FieldKind::PersonName,
                    Some("与证件上的姓名一致"),
                ),
                Field {
                    options: id_types(),
                    ..field("applicant.id_type", "证件类型", FieldKind::IdType, None)
                },
                field(
                    "applicant.id_number",
                    "证件号码",
                    FieldKind::IdNumber,
                    Some("18位，最后一位可能是X"),
                ),
                field(
                    "applicant.phone",
                    "手机号码",
                    FieldKind::Phone,
                    Some("用于接收办理结果通知"),
                ),
            ],
        },
        Block::Unit => Step {
            title: "单位信息".into(),
            fields: vec![
                field(
                    "unit.name",
                    "单位名称",
                    FieldKind::Text,
                    Some("与营业执照上的名称一致"),
                ),
                field(
                    "unit.credit_code",
                    "统一社会信用代码",
                    FieldKind::CreditCode,
                    Some("18位，见营业执照"),
                ),
            ],
        },
    }
}
