//! 已为您恢复上次填写的内容: the line above a form whose draft was restored, with 清空重填 (asked
//! twice: the first tap says what clearing deletes, the second clears).

use crate::draft::{Draft, DraftAction};
use yew::prelude::*;

/// The notice while the restored draft is kept (`restored`: the form opened with one); nothing
/// once it was cleared.
#[hook]
pub fn use_restored(restored: bool, draft: &UseReducerHandle<Draft>) -> Html {
    let restored = use_state(|| restored);
    let clearing = use_state(|| false);
    let on_restart = {
        let (draft, restored, clearing) = (draft.clone(), restored.clone(), clearing.clone());
        Callback::from(move |_: MouseEvent| {
            if !*clearing {
                clearing.set(true);
                return;
            }
            clearing.set(false);
            draft.dispatch(DraftAction::Restart);
            restored.set(false);
        })
    };
    html! {
        if *restored {
            <div class="notice restored" role="status">
                <p>{ "已为您恢复上次填写的内容" }</p>
                if *clearing { <p class="confirm-text">{ "清空后，已填写的内容和已上传的材料都会删除，不能恢复。" }</p> }
                <button type="button" class="link-button restart" onclick={on_restart}>{ if *clearing { "确定清空" } else { "清空重填" } }</button>
            </div>
        }
    }
}
