//! 受理编号 as people read it: in groups of four (`tongban_rules::receipt_no::groups`), each a
//! box a line never breaks inside (`.receipt-group` in `www/style.css`), so that in 长辈版 a
//! number wraps only between groups. No text between the groups: the number copies (and reads
//! back to the tests) as it is stored, and the gateway takes it with or without spaces.

use yew::prelude::*;

/// The groups of `no`, to put inside the element that holds the number.
pub fn groups(no: &str) -> Html {
    html! {
        <>
            { for tongban_rules::receipt_no::groups(no).into_iter().map(|g| html! {
                <span class="receipt-group">{ g }</span>
            }) }
        </>
    }
}
