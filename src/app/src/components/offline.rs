//! The offline notice: while the phone has no network, a calm line under the top bar says so
//! and that nothing typed is lost (drafts are on the device); it goes when the network is back.
//! No pop-up: it sits in the page flow and is announced once (role="status"). A hook and a
//! function the root component calls, not a component of its own: a component costs the first
//! load's wasm its own machinery.

use gloo::events::EventListener;
use yew::prelude::*;

fn online() -> bool {
    gloo::utils::window().navigator().on_line()
}

/// Whether the phone is offline now, followed through the browser's `offline` and `online`.
#[hook]
pub fn use_offline() -> bool {
    let offline = use_state(|| !online());
    {
        let offline = offline.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let (down, up) = (offline.clone(), offline);
            let listeners = [
                EventListener::new(&window, "offline", move |_| down.set(true)),
                EventListener::new(&window, "online", move |_| up.set(false)),
            ];
            move || drop(listeners)
        });
    }
    *offline
}

/// The notice's slot, with the line in it while `offline`.
pub fn offline_notice(offline: bool) -> Html {
    html! {
        <div class="offline-slot" role="status">
            if offline {
                <p class="notice offline">{ "网络已断开。已填写的内容保存在手机上，恢复网络后可以继续。" }</p>
            }
        </div>
    }
}
