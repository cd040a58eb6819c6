//! `tongban-gateway lists publish DIR [--effective TIME] [--source TEXT]…`: an editor's
//! publication. The editor signs with their own operator token (`TONGBAN_EDITOR_TOKEN`, or
//! `--token`; an operator of the `editor` role, live): the version names them. The lists are
//! checked first exactly as `lists check` checks them; any refusal is printed (file, line,
//! reason) and nothing is stored. Then the whole set is stored as the next version, with its
//! diff against the newest version and its audit row, in one transaction. Every running copy
//! serves it within the reload interval of its effective time (now, when not given).

use super::{diff, files, set, versions};
use crate::accounts::{self, Role};
use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};
use std::path::Path;

pub const USAGE: &str =
    "usage: tongban-gateway lists publish DIR [--effective 2027-01-01T00:00:00+08:00] \
[--source TEXT]… (the editor's token in TONGBAN_EDITOR_TOKEN, or --token TOKEN)";

fn usage(why: &str) -> AppError {
    AppError::Config(format!("{why}\n{USAGE}"))
}

/// What `publish` was told.
#[derive(Debug)]
pub struct Request {
    pub dir: String,
    pub effective: Option<DateTime<Utc>>,
    pub sources: Vec<String>,
    pub token: Option<String>,
}

/// The words after `lists publish`.
pub fn parse(args: &[String]) -> Result<Request, AppError> {
    let mut req = Request {
        dir: String::new(),
        effective: None,
        sources: Vec::new(),
        token: None,
    };
    let mut words = args.iter();
    while let Some(w) = words.next() {
        let mut value = || {
            words
                .next()
                .cloned()
                .ok_or_else(|| usage(&format!("{w} needs a value")))
        };
        match w.as_str() {
            "--effective" => {
                let v = value()?;
                let t = DateTime::parse_from_rfc3339(&v).map_err(|_| {
                    usage(&format!(
                        "--effective `{v}` is not an RFC 3339 time with its offset"
                    ))
                })?;
                req.effective = Some(t.with_timezone(&Utc));
            }
            "--source" => req.sources.push(value()?),
            "--token" => req.token = Some(value()?),
            flag if flag.starts_with("--") => return Err(usage(&format!("unknown flag {flag}"))),
            dir if req.dir.is_empty() => req.dir = dir.to_owned(),
            extra => return Err(usage(&format!("unexpected `{extra}`"))),
        }
    }
    if req.dir.is_empty() {
        return Err(usage("DIR is required"));
    }
    Ok(req)
}

/// What a publication did: the version stored and its diff, or the refusals (nothing stored).
#[derive(Debug)]
pub enum Outcome {
    Published { number: i64, summary: String },
    Refused(Vec<super::Refusal>),
}

/// Publishes `req` by the editor whose token it carries, at `now`.
pub async fn publish(
    store: &Store,
    req: &Request,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Outcome, AppError> {
    let editor = match accounts::authenticate(store, token, now).await? {
        Ok(a) if a.role == Role::Editor => a,
        Ok(a) => {
            return Err(AppError::Config(format!(
                "operator {} is a {}: only an editor publishes lists",
                a.name,
                a.role.code()
            )))
        }
        Err(why) => {
            return Err(AppError::Config(format!(
                "the editor token is not accepted ({why:?}): ask for a new one \
                 (tongban-gateway operator add --role editor)"
            )))
        }
    };
    let dir = Path::new(&req.dir);
    let refusals = super::check(dir);
    if !refusals.is_empty() {
        return Ok(Outcome::Refused(refusals));
    }
    let files = files::read(dir)?;
    // Before any gateway has started on this database, the build's lists are version 1 still.
    versions::seed(store, now).await?;
    let previous = versions::newest(store)
        .await?
        .map_or_else(files::embedded, |v| Ok(v.files))?;
    let diff = diff::diff(&previous, &files)?;
    let sources = set::sources(&files, &req.sources)?;
    let publication = versions::Publication {
        author: &editor.name,
        files: &files,
        effective_at: req.effective.unwrap_or(now),
        sources: &sources,
        diff: &diff,
    };
    let number = versions::publish(store, &publication, now).await?;
    Ok(Outcome::Published {
        number,
        summary: diff.summary(),
    })
}
