//! A guide's shared link as static markup: what the app's guide page (`src/app/src/pages/guide.rs`)
//! renders first — the title, badges, notices, 办理时间, 办理条件 and 申请材料 — written into the
//! served `index.html`, so the page's first paint shows the guide (a link opened in a chat reads
//! at once) and the app, once started, renders the same elements in the same place. The words
//! come from the rules crate (`tongban_rules::catalogue::guide`, the badges), the facts from the
//! item of the list version being served; every text is escaped. The sections further down
//! (在哪里办, 温馨提示, 办理依据, 立即申请) come with the app.

use super::html::{esc, parent_and_badges};
use crate::catalogue::Expected;
use chrono::Datelike;
use std::fmt::Write;
use tongban_rules::catalogue::{guide as words, Item};

/// `2026-03-05` → `2026年3月5日`, as the app writes a date (`dates::chinese_date`).
fn chinese_date(d: chrono::NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn row(out: &mut String, label: &str, value: &str) {
    let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", esc(label), value);
}

/// The guide's first sections for `item`, with 预计办结 counted from today (`expected`).
pub fn guide(item: &Item, expected: Option<&Expected>) -> String {
    let mut out = String::from(
        "<section class=\"guide\" aria-labelledby=\"guide-title\"><p class=\"eyebrow\">一次性告知</p>",
    );
    let _ = write!(out, "<h2 id=\"guide-title\">{}</h2>", esc(&item.name));
    parent_and_badges(&mut out, item, "p");
    notices(&mut out, item);
    time(&mut out, item, expected);
    out.push_str(
        "<section class=\"guide-section\" aria-labelledby=\"g-cond\"><h3 id=\"g-cond\">办理条件</h3>",
    );
    if item.conditions.is_empty() {
        let _ = write!(out, "<p>{}</p>", esc(words::UNKNOWN));
    } else {
        out.push_str("<ul class=\"conditions\">");
        for c in &item.conditions {
            let _ = write!(out, "<li>{}</li>", esc(&c.value));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
    materials(&mut out, item);
    out.push_str("</section>");
    out
}

fn notices(out: &mut String, item: &Item) {
    if item.no_application.is_true() {
        let [first, then] = words::NO_APPLICATION;
        let _ = write!(
            out,
            "<div class=\"notice no-application\" role=\"status\"><p class=\"strong\">{}</p><p>{}</p></div>",
            esc(first),
            esc(then)
        );
    }
    if !item.applicable.is_true() {
        let _ = write!(
            out,
            "<p class=\"notice\">{}</p>",
            esc(words::NOT_APPLICABLE)
        );
    }
    if let Some(who) = words::not_for_citizens(item.subject) {
        let _ = write!(
            out,
            "<p class=\"notice not-for-citizens\" role=\"note\">{}</p>",
            esc(who)
        );
    } else if item.application_form().is_some() && !item.offered_online() {
        let _ = write!(
            out,
            "<p class=\"notice window-only\" role=\"note\">{}</p>",
            esc(words::WINDOW_ONLY)
        );
    }
}

fn time(out: &mut String, item: &Item, expected: Option<&Expected>) {
    out.push_str("<section class=\"guide-section\" aria-labelledby=\"g-time\"><h3 id=\"g-time\">办理时间</h3><dl class=\"facts\">");
    row(out, "事项类型", &esc(&words::kind(item)));
    row(out, "承诺时限", &esc(&words::days(&item.promised_days)));
    row(out, "法定时限", &esc(&words::days(&item.statutory_days)));
    if item.application_form().is_some() {
        let due = expected.map_or_else(
            || words::UNKNOWN.to_owned(),
            |e| words::expected(&chinese_date(e.due), e.statutory, e.estimated),
        );
        let value = format!("<strong class=\"expected\">{}</strong>", esc(&due));
        row(out, "今天申请，预计办结", &value);
    }
    out.push_str("</dl></section>");
}

fn materials(out: &mut String, item: &Item) {
    out.push_str(
        "<section class=\"guide-section\" aria-labelledby=\"g-mat\"><h3 id=\"g-mat\">申请材料</h3>",
    );
    let commitment = item.commitment.is_true();
    if item.materials.is_empty() {
        let _ = write!(out, "<p>{}</p>", esc(words::UNKNOWN));
    } else {
        out.push_str("<ul class=\"materials\">");
        for m in &item.materials {
            let text = words::material(m, commitment);
            let _ = write!(
                out,
                "<li class=\"material\"><span class=\"material-name\">{}</span>",
                esc(&m.name)
            );
            if text.exempt.is_some() {
                out.push_str("<span class=\"mark\">免提交</span>");
            }
            if text.deferrable {
                let says = esc(words::DEFERRABLE_TITLE);
                let _ = write!(
                    out,
                    "<span class=\"mark\" title=\"{says}\">容缺<span class=\"mark-says\">：{says}</span></span>"
                );
            }
            if !text.facts.is_empty() {
                let _ = write!(
                    out,
                    "<p class=\"hint material-facts\">{}</p>",
                    esc(&text.facts)
                );
            }
            if let Some(when) = &text.when {
                let _ = write!(out, "<p class=\"hint material-when\">{}</p>", esc(when));
            }
            if let Some(why) = text.exempt {
                let _ = write!(
                    out,
                    "<p class=\"hint material-exempt\">免提交：{}</p>",
                    esc(why)
                );
            }
            let _ = write!(
                out,
                "<p class=\"hint material-source\">{}</p></li>",
                esc(&text.source)
            );
        }
        out.push_str("</ul>");
        if !item.materials_complete.is_true() {
            let _ = write!(
                out,
                "<p class=\"hint materials-rest\">其他材料{}</p>",
                esc(words::UNKNOWN)
            );
        }
    }
    if let Some(hint) = words::commitment_hint(item) {
        let _ = write!(out, "<p class=\"hint\">{}</p>", esc(&hint));
    }
    out.push_str("</section>");
}
