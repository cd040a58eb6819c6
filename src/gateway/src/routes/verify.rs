//! Platforms' domain-verification files (WeChat's 业务域名 `MP_verify_….txt`, Alipay's H5
//! domain file, a provincial platform's), served from `TONGBAN_VERIFY_DIR` at the site root,
//! whatever `TONGBAN_BASE_PATH` is: the platforms fetch them from the host's root. They live
//! outside `dist/`, which every build replaces.
//!
//! Only a plain file name of that directory answers: one path segment of letters, digits,
//! `_`, `-` and `.`, not starting with a dot, ending in `.txt`, naming a regular file (a
//! symbolic link is not followed). Anything else passes on to the app unchanged.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::path::PathBuf;

/// The file name a request path names, if it is one this module may serve.
pub fn plain_name(path: &str) -> Option<&str> {
    let name = path.strip_prefix('/')?;
    let ok = !name.is_empty()
        && name.len() <= 128
        && !name.starts_with('.')
        && name.ends_with(".txt")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    ok.then_some(name)
}

/// Middleware: answers a verification file, or passes the request on.
pub async fn serve(State(dir): State<Option<PathBuf>>, req: Request, next: Next) -> Response {
    let file = match (&dir, req.method()) {
        (Some(dir), &Method::GET | &Method::HEAD) => {
            plain_name(req.uri().path()).map(|n| dir.join(n))
        }
        _ => None,
    };
    if let Some(file) = file {
        let regular = tokio::fs::symlink_metadata(&file)
            .await
            .is_ok_and(|m| m.file_type().is_file());
        if let (true, Ok(bytes)) = (regular, tokio::fs::read(&file).await) {
            let mut res = Body::from(bytes).into_response();
            let headers = res.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            return res;
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::plain_name;

    #[test]
    fn only_plain_txt_names_at_the_root_are_verification_files() {
        assert_eq!(
            plain_name("/MP_verify_AbC123.txt"),
            Some("MP_verify_AbC123.txt")
        );
        assert_eq!(plain_name("/alipay-2021.txt"), Some("alipay-2021.txt"));
        for path in [
            "/",
            "/../etc/passwd.txt",
            "/a/b.txt",
            "/.hidden.txt",
            "/MP_verify_x.html",
            "/%2e%2e%2fsecret.txt",
            "/offices",
            "/index.html",
        ] {
            assert_eq!(plain_name(path), None, "{path}");
        }
    }
}
