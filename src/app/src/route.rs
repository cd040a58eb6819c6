//! The app's routes. Paths carry region codes, item ids and receipt numbers, never personal
//! data (the progress verifier travels in a header). `Route::recognize` and `Route::to_path` are
//! each other's inverse; `src/router.rs` follows the address with them.

/// Routes live in the fragment (`index.html#/items/…`) when the page says
/// `<meta name="tongban-routing" content="hash">` (`pkg-scripts/package --hash`): for hosts that
/// serve the bundle as plain files under any path, such as 浙里办's `…/reserved/index.html#/…`.
/// Otherwise they are paths under the page's `<base href>` (`/` or `TONGBAN_BASE_PATH`).
pub fn hash_routing() -> bool {
    gloo::utils::document()
        .query_selector("meta[name=tongban-routing][content=hash]")
        .ok()
        .flatten()
        .is_some()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    /// 一次性告知: everything about one item before applying.
    Guide {
        region: String,
        id: String,
    },
    Apply {
        region: String,
        id: String,
    },
    /// Correcting an application returned for 补正.
    Resubmit {
        region: String,
        id: String,
        receipt_no: String,
    },
    Receipt {
        receipt_no: String,
    },
    /// 我的办件, and the lookup by receipt number + verifier.
    Mine,
    Progress {
        receipt_no: String,
    },
    Messages,
    Offices,
    /// 亲情代办: bind family members and file for them.
    Family,
    /// 接受家人的邀请: one thing per page, who is asking before consent.
    FamilyAccept,
    /// 我的预约: hall appointments and home visits.
    Appointments,
    /// 预约办理: a place in an office's slot for item `id` (`-`: chosen on the page).
    Book {
        region: String,
        id: String,
    },
    /// 预约上门: a home visit for item `id`.
    Visit {
        region: String,
        id: String,
    },
    NotFound,
}

impl Route {
    /// The route of a path (`/items/440000/gd-17`); [`Route::NotFound`] for any other. A
    /// trailing slash is the same path; empty segments are not a route.
    pub fn recognize(path: &str) -> Route {
        let trimmed = path.trim_end_matches('/');
        let rest = trimmed.strip_prefix('/').unwrap_or(trimmed);
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.len() > 1 && parts.iter().any(|p| p.is_empty()) {
            return Route::NotFound;
        }
        let s = |p: &&str| (*p).to_owned();
        match parts.as_slice() {
            [""] => Route::Home,
            ["items", r, i] => Route::Guide {
                region: s(r),
                id: s(i),
            },
            ["apply", r, i] => Route::Apply {
                region: s(r),
                id: s(i),
            },
            ["resubmit", r, i, n] => Route::Resubmit {
                region: s(r),
                id: s(i),
                receipt_no: s(n),
            },
            ["receipt", n] => Route::Receipt { receipt_no: s(n) },
            ["me"] => Route::Mine,
            ["applications", n] => Route::Progress { receipt_no: s(n) },
            ["messages"] => Route::Messages,
            ["offices"] => Route::Offices,
            ["family"] => Route::Family,
            ["family", "accept"] => Route::FamilyAccept,
            ["appointments"] => Route::Appointments,
            ["book", r, i] => Route::Book {
                region: s(r),
                id: s(i),
            },
            ["visit", r, i] => Route::Visit {
                region: s(r),
                id: s(i),
            },
            _ => Route::NotFound,
        }
    }

    /// The route's path, from `/`.
    pub fn to_path(&self) -> String {
        match self {
            Route::Home => "/".into(),
            Route::Guide { region, id } => format!("/items/{region}/{id}"),
            Route::Apply { region, id } => format!("/apply/{region}/{id}"),
            Route::Resubmit {
                region,
                id,
                receipt_no,
            } => format!("/resubmit/{region}/{id}/{receipt_no}"),
            Route::Receipt { receipt_no } => format!("/receipt/{receipt_no}"),
            Route::Mine => "/me".into(),
            Route::Progress { receipt_no } => format!("/applications/{receipt_no}"),
            Route::Messages => "/messages".into(),
            Route::Offices => "/offices".into(),
            Route::Family => "/family".into(),
            Route::FamilyAccept => "/family/accept".into(),
            Route::Appointments => "/appointments".into(),
            Route::Book { region, id } => format!("/book/{region}/{id}"),
            Route::Visit { region, id } => format!("/visit/{region}/{id}"),
            Route::NotFound => "/404".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    fn every_route() -> Vec<Route> {
        let (region, id, receipt_no) = ("440000".to_owned(), "gd-17".to_owned(), "TB-1".to_owned());
        vec![
            Route::Home,
            Route::Guide {
                region: region.clone(),
                id: id.clone(),
            },
            Route::Apply {
                region: region.clone(),
                id: id.clone(),
            },
            Route::Resubmit {
                region: region.clone(),
                id: id.clone(),
                receipt_no: receipt_no.clone(),
            },
            Route::Receipt {
                receipt_no: receipt_no.clone(),
            },
            Route::Mine,
            Route::Progress { receipt_no },
            Route::Messages,
            Route::Offices,
            Route::Family,
            Route::FamilyAccept,
            Route::Appointments,
            Route::Book {
                region: region.clone(),
                id: id.clone(),
            },
            Route::Visit { region, id },
            Route::NotFound,
        ]
    }

    #[test]
    fn every_route_is_recognised_from_its_own_path() {
        for route in every_route() {
            assert_eq!(
                Route::recognize(&route.to_path()),
                route,
                "{}",
                route.to_path()
            );
        }
    }

    #[test]
    fn a_trailing_slash_or_a_missing_leading_one_is_the_same_path() {
        assert_eq!(Route::recognize("/me/"), Route::Mine);
        assert_eq!(Route::recognize("me"), Route::Mine);
        assert_eq!(Route::recognize(""), Route::Home);
        assert_eq!(
            Route::recognize("/items/420800/jm-transfer/"),
            Route::Guide {
                region: "420800".into(),
                id: "jm-transfer".into()
            }
        );
    }

    #[test]
    fn any_other_path_is_not_found() {
        for path in [
            "/items/440000",
            "/items//gd-17",
            "/apply/440000/gd-17/x",
            "/unknown",
            "//me",
            "/me/x",
        ] {
            assert_eq!(Route::recognize(path), Route::NotFound, "{path}");
        }
    }
}
