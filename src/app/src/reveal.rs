//! The served page's skeleton (`www/index.html`'s `.boot` frame, with the home page's list or a
//! guide's first sections the gateway wrote into it) stays on screen until the app's own page
//! has content to put in its place: the app renders beside it, hidden by the stylesheet
//! (`#app > .boot ~ *`), and the page that is ready calls [`now`] when it renders that content
//! (in its view, not in an effect: the skeleton goes and the page's elements come in the same
//! task, so no frame is painted between them, and no hook per page is added to the first
//! load), so the citizen never sees the static list or guide give way to 正在加载 or a skeleton.
//! The home page calls it once its list (or what went wrong) is rendered, a guide once its item
//! is, the deferred loader when it cannot fetch a page's module, and every other page at once.

/// Takes the static skeleton away, showing the app's page (again: nothing).
pub fn now() {
    let document = gloo::utils::document();
    if let Ok(Some(boot)) = document.query_selector("#app > .boot") {
        boot.remove();
    }
}
