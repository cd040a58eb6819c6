//! Personal data seeded through the API on every path that stores some — an application with
//! an upload, a 补正 note, a rating with its reason and follow-up, a family binding by code with
//! its applicant block and an application filed through it, binding requests with their
//! relationship documents (refused, and never decided), home visits (open, and cancelled by a
//! clerk with a note) — and a scan of everything stored for any of those values: every table
//! and column of the database (both engines), and on SQLite its file and WAL, and the data
//! folder. A new column that keeps personal data outside the registry of sealed data fails it.

use crate::family::{bind, file_for, MEMBER_ID};
use crate::helpers::{id_for, id_hash, TestApp, ME};
use crate::home_visits::{ask, request, working_days, ADDRESS};
use reqwest::Method;
use serde_json::{json, Value};
use tongban_gateway::store::Engine;

pub const NAME: &str = "王小明";
pub const PHONE: &str = "13800138000";
pub const RETURN_NOTE: &str = "请补正身份证复印件甲乙丙";
pub const REASON: &str = "差评原因丁戊己";
pub const FOLLOW_UP: &str = "整改回复庚辛壬";
pub const CANCEL_NOTE: &str = "上门取消原因癸子丑";
pub const SCAN: &str = "扫描件内容寅卯辰";
pub const HUKOU: &str = "户口本内容巳午未";
pub const REQUESTER: &str = "赵请求人";
pub const CHILD_NAME: &str = "王小宝";

/// What was seeded, to reach it again.
pub struct Seeded {
    /// The returned one, the rated one, the one filed through the binding.
    pub returned: String,
    pub rated: String,
    pub filed_for: String,
    pub binding: String,
    pub member: String,
    pub refused_request: String,
    pub pending_request: String,
    pub open_visit: String,
    pub upload: String,
}

/// Every value that names a person, as stored text would hold it.
pub fn personal_values() -> Vec<String> {
    let mut v: Vec<String> = [
        ME,
        MEMBER_ID,
        NAME,
        PHONE,
        RETURN_NOTE,
        REASON,
        FOLLOW_UP,
        CANCEL_NOTE,
        SCAN,
        HUKOU,
        REQUESTER,
        CHILD_NAME,
        ADDRESS,
        "李建华",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    v.extend([id_for("child-a"), id_for("child-b")]);
    v
}

/// The real-name hashes that link rows to the seeded people.
pub fn linkable_values() -> Vec<String> {
    [
        ME.to_owned(),
        MEMBER_ID.to_owned(),
        id_for("child-a"),
        id_for("child-b"),
    ]
    .iter()
    .map(|id| id_hash(id))
    .collect()
}

fn ok(status: u16, body: &Value, what: &str) {
    assert!((200..300).contains(&status), "{what}: {status} {body}");
}

async fn request_binding(app: &TestApp, child: &str) -> String {
    let res = app
        .upload(
            "户口本",
            "application/pdf",
            format!("%PDF-1.4 {HUKOU} {child}").into_bytes(),
        )
        .await;
    let doc: Value = res.json().await.unwrap();
    let body = json!({"agent_name": REQUESTER, "relation": "child", "region": "420800",
        "document": doc["id"],
        "applicant": {"name": CHILD_NAME, "id_type": "resident", "id_number": id_for(child)}});
    let (status, r) = app
        .send(
            Method::POST,
            "/api/v1/me/family/requests",
            Some(&app.token),
            Some(&body),
        )
        .await;
    ok(status, &r, "binding request");
    r["id"].as_str().unwrap().to_owned()
}

pub async fn seed(app: &TestApp) -> Seeded {
    let res = app
        .upload(
            "参保缴费凭证",
            "application/pdf",
            format!("%PDF-1.4 {SCAN} {ME}").into_bytes(),
        )
        .await;
    let upload = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut body = crate::helpers::transfer(ME);
    body["attachments"] = json!([upload]);
    let (status, a) = app.submit("seed-returned-0001", &body).await;
    ok(status, &a, "submit");
    let returned = a["receipt_no"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/operator/applications/{returned}/return");
    let (status, r) = app
        .operator(
            &path,
            Some(&json!({"note": RETURN_NOTE, "materials": ["参保凭证"]})),
        )
        .await;
    ok(status, &r, "return");

    let (status, b) = app
        .submit("seed-rated-00001", &crate::helpers::transfer(ME))
        .await;
    ok(status, &b, "submit");
    let rated = b["receipt_no"].as_str().unwrap().to_owned();
    for mv in ["accept", "complete"] {
        let path = format!("/api/v1/operator/applications/{rated}/{mv}");
        let (status, r) = app.operator(&path, Some(&json!({}))).await;
        ok(status, &r, mv);
    }
    let rating = json!({"grade": 1, "reason": REASON});
    let path = format!("/api/v1/applications/{rated}/rating");
    let (status, r) = app
        .send(Method::POST, &path, Some(&app.token), Some(&rating))
        .await;
    ok(status, &r, "rating");
    let path = format!("/api/v1/operator/applications/{rated}/follow-up");
    let (status, r) = app.operator(&path, Some(&json!({"note": FOLLOW_UP}))).await;
    ok(status, &r, "follow-up");

    let member = app.session_as("grandma", Some(MEMBER_ID)).await;
    let binding = bind(app, &app.token, &member).await;
    let (status, c) = file_for(app, &app.token, &binding, "seed-filed-00001").await;
    ok(status, &c, "file for a member");
    let filed_for = c["receipt_no"].as_str().unwrap().to_owned();

    let refused_request = request_binding(app, "child-a").await;
    let path = format!("/api/v1/operator/family/requests/{refused_request}/refuse");
    let (status, r) = app.operator(&path, Some(&json!({}))).await;
    ok(status, &r, "refuse");
    let pending_request = request_binding(app, "child-b").await;

    let days = working_days();
    let preferred = [format!("{} am", days[0]), format!("{} pm", days[1])];
    let (status, v) = ask(app, &app.token, &request(&preferred)).await;
    ok(status, &v, "home visit");
    let open_visit = v["id"].as_str().unwrap().to_owned();
    let preferred = [format!("{} am", days[2]), format!("{} pm", days[3])];
    let (status, v) = ask(app, &app.token, &request(&preferred)).await;
    ok(status, &v, "home visit");
    let path = format!(
        "/api/v1/operator/home-visits/{}/cancel",
        v["id"].as_str().unwrap()
    );
    let (status, r) = app
        .operator(&path, Some(&json!({"note": CANCEL_NOTE})))
        .await;
    ok(status, &r, "clerk's cancel");
    Seeded {
        returned,
        rated,
        filed_for,
        binding,
        member,
        refused_request,
        pending_request,
        open_visit,
        upload,
    }
}

/// Every (table, column) of the database.
async fn columns(app: &TestApp) -> Vec<(String, String)> {
    let sql = match app.store.engine() {
        Engine::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'"
        }
        Engine::Postgres => {
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'"
        }
    };
    sqlx::query_as(sql)
        .fetch_all(app.store.pool())
        .await
        .unwrap()
}

/// Every stored text value: (`table.column`, value).
pub async fn stored_text(app: &TestApp) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (table, column) in columns(app).await {
        if (table.as_str(), column.as_str()) == ("attachment_chunks", "sealed") {
            // Bytes, not text: searched as they are (a value in clear would show through).
            let chunks: Vec<Vec<u8>> = sqlx::query_scalar("SELECT sealed FROM attachment_chunks")
                .fetch_all(app.store.pool())
                .await
                .unwrap();
            let at = format!("{table}.{column}");
            out.extend(
                chunks
                    .iter()
                    .map(|c| (at.clone(), String::from_utf8_lossy(c).into_owned())),
            );
            continue;
        }
        let sql = format!("SELECT CAST({column} AS TEXT) FROM {table} WHERE {column} IS NOT NULL");
        let values: Vec<String> = sqlx::query_scalar(&sql)
            .fetch_all(app.store.pool())
            .await
            .unwrap();
        out.extend(values.into_iter().map(|v| (format!("{table}.{column}"), v)));
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Fails naming where any of `values` is stored in clear: a column, the SQLite file or WAL, or
/// a file of the data folder.
pub async fn assert_none_stored(app: &TestApp, values: &[String]) {
    for (at, text) in stored_text(app).await {
        for v in values {
            assert!(!text.contains(v.as_str()), "`{v}` in clear in {at}");
        }
    }
    let mut files = Vec::new();
    let mut dirs = vec![app.data.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    for file in files {
        let bytes = std::fs::read(&file).unwrap_or_default();
        for v in values {
            assert!(!contains(&bytes, v), "`{v}` in clear in {}", file.display());
        }
    }
}
