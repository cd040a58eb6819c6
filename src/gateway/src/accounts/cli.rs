//! `tongban-gateway operator add|list|renew|revoke`: managing operators from the server's
//! shell, against the database of `TONGBAN_DATABASE_URL`. A token is printed once, when it is
//! made. Every token expires (`super::lifetime`): `--expires-days` may only shorten its life.

use super::{lifetime, Regions, Role};
use crate::audit::{self, Entry};
use crate::{store::Store, AppError};
use chrono::Utc;
use tongban_rules::catalogue::Catalogue;

pub const USAGE: &str = "usage:
  tongban-gateway operator add --name NAME --regions 440000,420800|all [--role clerk|auditor|system|editor] [--expires-days N] [--work-no 工号] [--phone WORK_PHONE]
  tongban-gateway operator list
  tongban-gateway operator renew --name NAME [--expires-days N]
  tongban-gateway operator revoke NAME
tokens expire: a person's (clerk, auditor, editor) after 90 days, the system's after 365;
--expires-days may only shorten that";

fn usage(why: &str) -> AppError {
    AppError::Config(format!("{why}\n{USAGE}"))
}

/// The value after `--flag`, if given.
fn flag<'a>(args: &'a [String], name: &str) -> Result<Option<&'a str>, AppError> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .map(|v| Some(v.as_str()))
            .ok_or_else(|| usage(&format!("{name} needs a value"))),
    }
}

fn regions(text: &str) -> Result<Regions, AppError> {
    if matches!(text.trim(), "all" | "*") {
        return Ok(Regions::All);
    }
    let known = Catalogue::embedded()?;
    let Regions::Only(list) = Regions::parse(text) else {
        return Ok(Regions::All);
    };
    if list.is_empty() {
        return Err(usage("--regions needs at least one region code, or `all`"));
    }
    if let Some(bad) = list
        .iter()
        .find(|r| !known.regions().iter().any(|k| &k.code == *r))
    {
        return Err(usage(&format!("`{bad}` is not a region of the catalogue")));
    }
    Ok(Regions::Only(list))
}

/// `--expires-days N`, if given: a whole number (`lifetime::expiry` bounds it by the role).
fn days(args: &[String]) -> Result<Option<i64>, AppError> {
    flag(args, "--expires-days")?
        .map(|d| {
            d.parse::<i64>()
                .map_err(|_| usage("--expires-days is a whole number of days"))
        })
        .transpose()
}

/// `--work-no` (1 to 32 letters or digits) and `--phone` (a work phone: 5 to 20 digits, '-' between
/// them), each optional.
fn contact(args: &[String]) -> Result<(Option<&str>, Option<&str>), AppError> {
    let work_no = flag(args, "--work-no")?;
    if work_no.is_some_and(|w| {
        !(1..=32).contains(&w.chars().count()) || !w.chars().all(|c| c.is_ascii_alphanumeric())
    }) {
        return Err(usage("--work-no: 1 to 32 letters or digits"));
    }
    let phone = flag(args, "--phone")?;
    if phone.is_some_and(|p| {
        let digits = p.chars().filter(char::is_ascii_digit).count();
        !(5..=20).contains(&digits)
            || !p.chars().all(|c| c.is_ascii_digit() || c == '-')
            || p.starts_with('-')
            || p.ends_with('-')
    }) {
        return Err(usage(
            "--phone: a work phone, 5 to 20 digits with '-' between them",
        ));
    }
    Ok((work_no, phone))
}

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))
}

/// Runs `operator …` (`args` after the word `operator`); what it prints goes to stdout.
pub async fn run(store: &Store, args: &[String]) -> Result<(), AppError> {
    let now = Utc::now();
    match args.first().map(String::as_str) {
        Some("add") => {
            let name = flag(args, "--name")?.ok_or_else(|| usage("--name is required"))?;
            if !valid_name(name) {
                return Err(usage(
                    "--name: 1 to 64 letters, digits, '.', '-', '_' or '@'",
                ));
            }
            if name == super::DEV_OPERATOR {
                return Err(usage(
                    "--name dev is --dev's own clerk, removed at every start without --dev; pick another",
                ));
            }
            let regions =
                regions(flag(args, "--regions")?.ok_or_else(|| usage("--regions is required"))?)?;
            let role = match flag(args, "--role")? {
                None => Role::Clerk,
                Some(r) => Role::from_code(r)
                    .ok_or_else(|| usage("--role is clerk, auditor, system or editor"))?,
            };
            let expires = lifetime::expiry(role, days(args)?, now).map_err(|why| usage(&why))?;
            let (work_no, phone) = contact(args)?;
            let token = super::add(store, name, role, &regions, Some(expires), now).await?;
            super::set_contact(store, name, work_no, phone).await?;
            // Whether a work phone was given, never the number (nor in the output below).
            let detail = format!(
                "name={name} role={} regions={} expires={} work_no={} phone={}",
                role.code(),
                regions.stored(),
                expires.to_rfc3339(),
                work_no.unwrap_or("-"),
                if phone.is_some() { "set" } else { "-" }
            );
            audit::record(store, Entry::console("operator.add", detail), now).await?;
            println!(
                "operator {name} added ({}, regions {}, expires {})",
                role.code(),
                regions.stored(),
                expires.to_rfc3339()
            );
            println!("token (shown this once; only its hash is kept):\n{token}");
        }
        Some("list") => {
            audit::record(store, Entry::console("operator.list", String::new()), now).await?;
            println!("name\trole\tregions\texpires\trevoked");
            for a in super::list(store).await? {
                let date = |t: Option<chrono::DateTime<Utc>>| {
                    t.map_or_else(|| "-".to_owned(), |t| t.to_rfc3339())
                };
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    a.name,
                    a.role.code(),
                    a.regions.stored(),
                    date(a.expires_at),
                    date(a.revoked_at)
                );
            }
        }
        Some("renew") => {
            let name = flag(args, "--name")?.ok_or_else(|| usage("--name is required"))?;
            let role = super::list(store)
                .await?
                .into_iter()
                .find(|a| a.name == name && a.revoked_at.is_none())
                .map(|a| a.role)
                .ok_or_else(|| AppError::Config(format!("no live operator named `{name}`")))?;
            let expires = lifetime::expiry(role, days(args)?, now).map_err(|why| usage(&why))?;
            let Some(token) = super::renew(store, name, expires).await? else {
                return Err(AppError::Config(format!("no live operator named `{name}`")));
            };
            let detail = format!("name={name} expires={}", expires.to_rfc3339());
            audit::record(store, Entry::console("operator.renew", detail), now).await?;
            println!(
                "operator {name} renewed ({}, expires {}); the old token no longer works",
                role.code(),
                expires.to_rfc3339()
            );
            println!("token (shown this once; only its hash is kept):\n{token}");
        }
        Some("revoke") => {
            let name = args.get(1).ok_or_else(|| usage("revoke needs a NAME"))?;
            if super::revoke(store, name, now).await? {
                let entry = Entry::console("operator.revoke", format!("name={name}"));
                audit::record(store, entry, now).await?;
                println!("operator {name} revoked");
            } else {
                return Err(AppError::Config(format!("no live operator named `{name}`")));
            }
        }
        _ => return Err(usage("unknown operator command")),
    }
    Ok(())
}
