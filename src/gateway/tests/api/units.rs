//! 单位代办 (#17): unit items need the session of the unit they name; a unit files for its
//! employees only what its region's measure grants (YZ 一(二)3) and sees it in its 我的办件 with
//! 经办单位; the employee's session with the right real-name ID hash (`idh`) sees it too.

use crate::helpers::{spawn_app, ticket_with, TestApp, ID_HASH_KEY};
use serde_json::{json, Value};

/// A valid credit code (GB 32100-2015, both check characters right) in Yongzhou.
const UNIT: &str = "91431100MA4L12346R";
const OTHER_UNIT: &str = "91431100MA4P56780M";
const EMPLOYEE_ID: &str = "11010519491231002X";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &str, data: &str) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// `idh` as docs/integrators.md tells an integrator to compute it: the ID number without white
/// space, full-width characters made half-width, upper-case; HMAC-SHA256 with the shared
/// `TONGBAN_ID_HASH_KEY`, lower-case hex.
fn idh(id_number: &str) -> String {
    let normalised: String = id_number
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap(),
            _ => c,
        })
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hex(&hmac(ID_HASH_KEY, &normalised))
}

async fn session_of(app: &TestApp, mut claims: Value) -> (u16, Value) {
    claims["exp"] = json!(chrono::Utc::now().timestamp() + 300);
    app.send(
        reqwest::Method::POST,
        "/api/v1/session",
        None,
        Some(&json!({"ticket": ticket_with(claims)})),
    )
    .await
}

async fn unit_session(app: &TestApp, code: &str) -> String {
    let (status, body) = session_of(
        app,
        json!({"sub": format!("unit:{code}"), "shell": "provincial"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["token"].as_str().unwrap().to_owned()
}

async fn citizen_session(app: &TestApp, sub: &str, idh: Option<String>) -> String {
    let mut claims = json!({"sub": sub, "shell": "wechat"});
    if let Some(h) = idh {
        claims["idh"] = json!(h);
    }
    let (status, body) = session_of(app, claims).await;
    assert_eq!(status, 200, "{body}");
    body["token"].as_str().unwrap().to_owned()
}

/// 单位参保信息变更登记 (YZ 序号25) of the unit with this credit code.
fn unit_change(code: &str) -> Value {
    json!({"region": "431100", "item": "yz-25", "form": {
        "unit.name": "永州市示例科技有限公司", "unit.credit_code": code,
        "change.detail": "单位地址由冷水滩区变更为零陵区", "change.effective_date": "2026-01-01",
        "contact.phone": "13800138000"}})
}

/// 异地长期居住人员备案 (YZ 序号11) of the employee with this ID number.
fn employee_filing(id_number: &str) -> Value {
    let start = (chrono::Utc::now().date_naive() + chrono::Months::new(1)).to_string();
    json!({"region": "431100", "item": "yz-11", "form": {
        "applicant.name": "王小明", "applicant.id_type": "resident",
        "applicant.id_number": id_number, "applicant.phone": "13800138000",
        "filing.type": "long_term_resident", "filing.destination": "440100",
        "filing.start_date": start, "filing.commitment": "true"}})
}

async fn mine(app: &TestApp, token: &str) -> Vec<Value> {
    let (status, body) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/me/applications",
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body.as_array().unwrap().clone()
}

#[tokio::test]
async fn a_unit_item_is_refused_to_a_citizen_and_to_another_unit_and_taken_from_its_own_unit() {
    let app = spawn_app().await;
    let (status, body) = app
        .submit_as(&app.token, "unit-item-citizen", &unit_change(UNIT))
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["code"], "unit_session_required");
    assert!(body["message"].as_str().unwrap().contains("单位"), "{body}");

    let other = unit_session(&app, OTHER_UNIT).await;
    let (status, body) = app
        .submit_as(&other, "unit-item-other", &unit_change(UNIT))
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["code"], "unit_session_required");

    let own = unit_session(&app, UNIT).await;
    // The form's credit code is normalised at the edge like the ticket's: lower case matches.
    let (status, body) = app
        .submit_as(&own, "unit-item-own", &unit_change(&UNIT.to_lowercase()))
        .await;
    assert_eq!(status, 201, "{body}");
    // Its own unit item: no 经办单位, it is the applicant.
    assert!(body.get("acting").is_none(), "{body}");
    assert_eq!(mine(&app, &own).await.len(), 1);
    assert!(mine(&app, &other).await.is_empty());
}

#[tokio::test]
async fn a_unit_ticket_with_a_wrong_check_character_gives_no_session() {
    let app = spawn_app().await;
    let (status, body) = session_of(
        &app,
        json!({"sub": "unit:91431100MA4L12346P", "shell": "provincial"}),
    )
    .await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["code"], "ticket_invalid");
}

#[tokio::test]
async fn a_unit_files_a_filing_for_its_employee_which_lists_in_its_applications_with_the_unit() {
    let app = spawn_app().await;
    let unit = unit_session(&app, UNIT).await;
    let (status, receipt) = app
        .submit_as(&unit, "unit-files-1", &employee_filing(EMPLOYEE_ID))
        .await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["acting"]["unit"], UNIT, "{receipt}");
    let no = receipt["receipt_no"].as_str().unwrap();
    // A retry (its answer was lost) is the same receipt, 经办单位 included, stored once.
    let (status, again) = app
        .submit_as(&unit, "unit-files-1", &employee_filing(EMPLOYEE_ID))
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again, receipt);

    let listed = mine(&app, &unit).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["receipt_no"], no);
    assert_eq!(listed[0]["acting"]["unit"], UNIT);
    let (status, progress) = app
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/applications/{no}"),
            Some(&unit),
            None,
        )
        .await;
    assert_eq!(status, 200, "{progress}");
    assert_eq!(progress["acting"]["unit"], UNIT, "{progress}");

    // The 代办 is recorded: which unit, for which application, whose masked name, when — and
    // no ID number anywhere in the record.
    let row: (String, String, String, i64) = sqlx::query_as(
        "SELECT unit, item_id, applicant, at FROM unit_filings WHERE receipt_no = $1",
    )
    .bind(no)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!((row.0.as_str(), row.1.as_str()), (UNIT, "yz-11"));
    assert_eq!(row.2, "王*明");
    assert!(row.3 > 0);
    let stored: String = sqlx::query_scalar(
        "SELECT COALESCE(applicant_idh, '') FROM applications WHERE receipt_no = $1",
    )
    .bind(no)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(stored, idh(EMPLOYEE_ID));

    // The integrator's unit portal learns of it: the push names the unit as the owner.
    let mut delivered = Vec::new();
    for _ in 0..100 {
        delivered = app.hook.delivered();
        if !delivered.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    assert_eq!(delivered[0]["receipt_no"], no);
    assert_eq!(delivered[0]["owner_shell"], "unit");
    assert_eq!(delivered[0]["owner_sub"], UNIT);
}

#[tokio::test]
async fn a_unit_may_not_file_a_person_item_its_region_does_not_grant() {
    let app = spawn_app().await;
    let unit = unit_session(&app, UNIT).await;
    // A Jingmen transfer: a citizen's item no measure lets a unit file.
    let (status, body) = app
        .submit_as(
            &unit,
            "unit-not-granted",
            &crate::helpers::transfer(EMPLOYEE_ID),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["code"], "not_for_units");
    // Yongzhou's measure stays in Yongzhou: Jingmen's own filing item is refused too.
    let (status, body) = app
        .submit_as(
            &unit,
            "unit-other-region",
            &crate::helpers::commitment_filing(),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["code"], "not_for_units");
    assert!(mine(&app, &unit).await.is_empty());
}

#[tokio::test]
async fn the_employee_with_the_right_id_hash_sees_what_the_unit_filed_and_another_id_does_not() {
    let app = spawn_app().await;
    let unit = unit_session(&app, UNIT).await;
    // Spaces and a lower-case x in the form: the hash is of the normalised number.
    let (status, receipt) = app
        .submit_as(
            &unit,
            "unit-files-idh",
            &employee_filing("110105 19491231002x"),
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    let no = receipt["receipt_no"].as_str().unwrap();

    let employee = citizen_session(&app, "employee-1", Some(idh(EMPLOYEE_ID))).await;
    let listed = mine(&app, &employee).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["receipt_no"], no);
    assert_eq!(listed[0]["acting"]["unit"], UNIT);
    let (status, progress) = app
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/applications/{no}"),
            Some(&employee),
            None,
        )
        .await;
    assert_eq!(status, 200, "{progress}");
    // Theirs to read, not to act on: the unit filed it.
    assert_eq!(progress["actions"]["revoke"], false, "{progress}");

    let stranger = citizen_session(&app, "employee-2", Some(idh("110105194912310021"))).await;
    assert!(mine(&app, &stranger).await.is_empty());
    let (status, _) = app
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/applications/{no}"),
            Some(&stranger),
            None,
        )
        .await;
    assert_eq!(status, 404);
    let without = citizen_session(&app, "employee-3", None).await;
    assert!(mine(&app, &without).await.is_empty());
}

#[tokio::test]
async fn an_id_hash_that_is_not_64_hex_digits_gives_no_session() {
    let app = spawn_app().await;
    let (status, body) = session_of(
        &app,
        json!({"sub": "someone", "shell": "wechat", "idh": EMPLOYEE_ID}),
    )
    .await;
    assert_eq!(status, 401, "{body}");
}

/// 个人帐户余额一次性支取（死亡） (YZ 序号9) filed by the unit: the claimant (an heir) is the
/// applicant, the deceased employee's details come with it.
fn death_withdrawal(deceased: Option<(&str, &str)>) -> Value {
    let mut form = json!({
        "applicant.name": "李秀英", "applicant.id_type": "resident",
        "applicant.id_number": "431102197003150022", "applicant.phone": "13800138000",
        "withdrawal.reason": "death", "withdrawal.relation": "heir",
        "payment.bank_name": "中国工商银行永州分行", "payment.bank_card": "6222021234567890128"});
    if let Some((name, id)) = deceased {
        form["deceased.name"] = json!(name);
        form["deceased.id_number"] = json!(id);
        form["deceased.death_date"] = json!("2026-10-01");
    }
    json!({"region": "431100", "item": "yz-09", "form": form})
}

#[tokio::test]
async fn a_unit_files_a_deceased_employees_withdrawal_for_the_claimant_with_the_deceaseds_details()
{
    let app = spawn_app().await;
    let unit = unit_session(&app, UNIT).await;
    let (status, body) = app
        .submit_as(&unit, "unit-death-1", &death_withdrawal(None))
        .await;
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    for f in ["deceased.name", "deceased.id_number", "deceased.death_date"] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    let (status, receipt) = app
        .submit_as(
            &unit,
            "unit-death-2",
            &death_withdrawal(Some(("王小明", "110105198001010016"))),
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["acting"]["unit"], UNIT);
    // The claimant, signed in with their own ID's hash, sees it.
    let claimant = citizen_session(&app, "claimant", Some(idh("431102197003150022"))).await;
    assert_eq!(mine(&app, &claimant).await.len(), 1);
}
