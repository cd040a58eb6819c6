//! `tongban-gateway operator add|list|revoke`: managing operators from the server's shell,
//! against the database of `TONGBAN_DATABASE_URL`. A token is printed once, when it is made.

use super::{Regions, Role};
use crate::audit::{self, Entry};
use crate::{store::Store, AppError};
use chrono::{Duration, Utc};
use tongban_rules::catalogue::Catalogue;

pub const USAGE: &str = "usage:
  tongban-gateway operator add --name NAME --regions 440000,420800|all [--role clerk|auditor] [--expires-days N]
  tongban-gateway operator list
  tongban-gateway operator revoke NAME";

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
                Some(r) => Role::from_code(r).ok_or_else(|| usage("--role is clerk or auditor"))?,
            };
            let expires = match flag(args, "--expires-days")? {
                None => None,
                Some(d) => match d.parse::<i64>() {
                    Ok(days) if (1..=3650).contains(&days) => Some(now + Duration::days(days)),
                    _ => return Err(usage("--expires-days is a whole number from 1 to 3650")),
                },
            };
            let token = super::add(store, name, role, &regions, expires, now).await?;
            let detail = format!(
                "name={name} role={} regions={}",
                role.code(),
                regions.stored()
            );
            audit::record(store, Entry::console("operator.add", detail), now).await?;
            println!(
                "operator {name} added ({}, regions {}{})",
                role.code(),
                regions.stored(),
                expires.map_or_else(String::new, |t| format!(", expires {}", t.to_rfc3339()))
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
