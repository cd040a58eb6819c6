//! 下一步 or 提交 tapped while the national division list is still loading (a slow network, an old
//! phone parsing it). A page with a region field cannot be checked without the list (the rules
//! refuse every region answer with `division.list_unavailable`) and its field is still a
//! skeleton, so the tap is kept rather than lost: a line by the buttons says so, announced from
//! a live region that is always there (role="status", as the offline notice), and the tap is
//! carried out once the list is installed — the page moves on if its answers pass, or shows
//! their errors as any tap would. If the list fails to load, the tap is dropped and the field's
//! failure notice with 重试 is what the page shows.

use super::form_steps::DataPage;
use super::notice::Loaded;
use tongban_rules::form::{is_visible, FieldKind, Form, Values};
use yew::prelude::*;

/// Whether `page` (the whole form when `None`, to submit) shows a region field now.
pub fn asks_region(form: &Form, page: Option<&DataPage>, values: &Values) -> bool {
    form.fields()
        .filter(|f| matches!(f.kind, FieldKind::Division | FieldKind::City))
        .filter(|f| page.is_none_or(|p| p.fields.contains(&f.path)))
        .any(|f| is_visible(f, values))
}

/// What was tapped while the list loaded.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Tap {
    Next,
    Submit,
}

/// A form's tap kept for the list, and the line saying so.
#[derive(Clone)]
pub struct ListWait {
    waiting: UseStateHandle<Option<(usize, Tap)>>,
    step: usize,
    needs_list: bool,
    carry_out: Callback<Tap>,
}

/// Keeps a tap on `step` while `list` loads, when the step `needs_list`, and hands it to
/// `carry_out` once the list is there (dropped if the list fails or the citizen goes to another
/// page meanwhile).
#[hook]
pub fn use_list_wait(
    list: &Loaded<()>,
    step: usize,
    needs_list: bool,
    carry_out: Callback<Tap>,
) -> ListWait {
    let waiting = use_state(|| None::<(usize, Tap)>);
    let outcome = list.as_ref().map(|r| r.is_ok());
    {
        let (waiting, carry_out) = (waiting.clone(), carry_out.clone());
        use_effect_with((outcome, step, *waiting), move |&(outcome, step, kept)| {
            let Some((on, tap)) = kept else { return };
            match outcome {
                _ if on != step => waiting.set(None),
                Some(true) => {
                    waiting.set(None);
                    carry_out.emit(tap);
                }
                Some(false) => waiting.set(None),
                None => {}
            }
        });
    }
    ListWait {
        waiting,
        step,
        needs_list,
        carry_out,
    }
}

impl ListWait {
    /// `tap` carried out now, or kept for the list when the step needs it.
    pub fn tap(&self, tap: Tap) {
        match self.needs_list {
            true => self.waiting.set(Some((self.step, tap))),
            false => self.carry_out.emit(tap),
        }
    }

    /// The live region by the buttons (a form with a region field has it from the start, so
    /// the line is announced when it appears), with the line while a tap waits.
    pub fn notice(&self) -> Html {
        let line = self.waiting.map(|(_, tap)| match tap {
            Tap::Next => "正在加载地区列表，加载完成后自动进入下一步",
            Tap::Submit => "正在加载地区列表，加载完成后自动提交",
        });
        html! {
            <div key="list-wait" class="list-wait" role="status">
                if let Some(line) = line { <p>{ line }</p> }
            </div>
        }
    }
}
