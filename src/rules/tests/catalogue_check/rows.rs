//! Each seed region has every row of its notice.

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn guangdong_has_its_18_tongban_items() {
    let items = rows("440000");
    assert_rows(&items, "序号", 18);
    let temp = items
        .iter()
        .find(|i| i.name == "临时异地就医人员备案")
        .unwrap();
    assert_eq!(
        temp.scopes,
        vec![tongban_rules::catalogue::Scope::InProvince],
        "省内通办 only (GD 附件 序号9)"
    );
}

#[test]
fn yongzhou_has_its_43_rows_with_base_codes() {
    let items = rows("431100");
    assert_rows(&items, "序号", 43);
    assert!(
        items.iter().all(|i| i.base_code.is_some()),
        "every YZ row has a base code"
    );
    let shared: Vec<_> = items
        .iter()
        .filter(|i| i.base_code.as_deref() == Some("432036003W03"))
        .collect();
    assert_eq!(
        shared.len(),
        2,
        "two rows share 432036003W03 and keep their own ids"
    );
    assert_ne!(shared[0].id, shared[1].id);
    assert!(items
        .iter()
        .any(|i| i.remarks.as_deref() == Some("仅开放基本信息查询")));
}

#[test]
fn qianjiang_has_38_services_and_17_informational_powers() {
    let items = rows("500114");
    assert_rows(&items, "附件3 序号", 38);
    assert_rows(&items, "附件2 序号", 17);
    assert!(items
        .iter()
        .filter(|i| i.row.starts_with("附件2"))
        .all(|i| !i.applicable.is_true() && i.form.is_none()));
}

#[test]
fn jingmen_keeps_its_promises_as_rules() {
    let cat = catalogue();
    let transfer = cat.item("420800", "jm-transfer").unwrap();
    assert_eq!(
        transfer.promised_days.known(),
        Some(&15),
        "JM 2: 15 working days"
    );
    let allowance = cat
        .items("420800")
        .unwrap()
        .into_iter()
        .find(|i| i.template == "maternity-allowance")
        .unwrap();
    assert!(
        allowance.no_application.is_true(),
        "JM 23: 生育津贴 免申即享"
    );
    assert!(cat
        .items("420800")
        .unwrap()
        .iter()
        .filter(|i| i.template.starts_with("filing-"))
        .all(|i| i.commitment.is_true() && i.auto_approval.is_true()));
}
