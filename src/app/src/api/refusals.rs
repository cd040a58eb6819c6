//! The one table of what a citizen reads for a refusal by its stable code (亲情代办, 预约,
//! 上门); a 422's field messages joined; anything else as `ApiError::text` says it.

use super::ApiError;

/// The Chinese text of a refusal `code` these pages know; `None` for any other.
fn known(code: &str) -> Option<&'static str> {
    Some(match code {
        "invitation_used" => "该邀请码已经使用过，请让家人重新生成一个。",
        "invitation_expired" => "该邀请码已超过15分钟失效，请让家人重新生成一个。",
        "invitation_unknown" => "邀请码不正确，请核对后重新输入。",
        "family_full" => "最多可绑定5位家人，请先解除一位再邀请。",
        "own_invitation" => "这是您自己生成的邀请码，请让家人在自己的手机上输入。",
        "already_bound" => "你们已经绑定过了。",
        "binding_ended" => "该亲情绑定已解除，不能再为其办理。",
        "applicant_not_member" => "申请人信息须与绑定的家人一致。",
        "applicant_not_self" => {
            "请填写您本人的信息：证件号码须与您实名认证的身份一致（邀请人不能替家人确认）。"
        }
        "consent_required" => "请先勾选同意。",
        "unknown_attachment" => "证明材料没有上传成功，请重新上传户口本或出生证明的照片。",
        "unknown_region" => "请选择审核的地区。",
        "agent_name_required" => "请填写您的姓名。",
        "slot_full" => "这个时段已约满，请选择其他时段。",
        "already_booked" => "您已预约这个时段，可在“我的预约”中查看。",
        "too_late_to_cancel" => "预约前一天起不能在线取消，如不能前往请致电网点。",
        "too_many_appointments" => "您的预约已达上限，请先办理或取消已有预约。",
        "no_hall_appointments" => "该网点暂未开放在线预约，请致电网点。",
        _ => return None,
    })
}

/// What the citizen reads for `e`.
pub fn refusal(e: &ApiError) -> String {
    if let Some(text) = known(e.code()) {
        return text.into();
    }
    match e {
        ApiError::Invalid(errors) => errors
            .iter()
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>()
            .join("；"),
        e => e.text(),
    }
}
