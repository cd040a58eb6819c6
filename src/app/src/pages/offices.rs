//! 附近网点: the region's service offices, nearest first — from the position the host gives,
//! or else from the region's centre — with tap-to-call and navigation handed to the shell (or
//! a web map link where the shell cannot navigate).

use crate::api::{self, offices::Office};
use crate::components::notice::{failure, skeleton, Loaded};
use crate::json;
use crate::load::{use_load, Load};
use crate::prefs::REGION_KEY;
use crate::route::Route;
use crate::router::Link;
use crate::shell::{self, Place};
use yew::prelude::*;

fn distance(m: u32) -> String {
    if m < 1000 {
        format!("{m} 米")
    } else {
        format!("{:.1} 公里", f64::from(m) / 1000.0)
    }
}

#[derive(Properties, PartialEq)]
struct OfficeProps {
    office: Office,
    from_centre: bool,
}

/// One office. 导航前往 goes to the host's map; when the host says it cannot, the fallback
/// shows: 复制地址 (inside a mini-program an outside map link cannot open), plus the web map
/// link elsewhere.
#[component]
fn OfficeItem(props: &OfficeProps) -> Html {
    let (o, from_centre) = (&props.office, props.from_centre);
    let fallback = use_state(|| false);
    let copied = use_state(|| false);
    let place = Place {
        name: o.name.clone(),
        address: o.address.clone(),
        lat: o.location.lat,
        lng: o.location.lng,
        approximate: o.location.approximate,
    };
    let href = shell::map_link(&place);
    let onclick = {
        let fallback = fallback.clone();
        Callback::from(move |e: MouseEvent| {
            let fallback = fallback.clone();
            if shell::open_location(&place, Callback::from(move |()| fallback.set(true))) {
                e.prevent_default();
            }
        })
    };
    let copy = {
        let (copied, address) = (copied.clone(), o.address.clone());
        Callback::from(move |_| copied.set(shell::copy_text(&address)))
    };
    // An office whose position is not verified: the address is what leads there (the web map
    // searches for it, the host's map page plans no route), so 复制地址 is always offered.
    let copy_button = html! {
        <button type="button" class="secondary copy-address" onclick={copy}>
            { if *copied { "已复制地址" } else { "复制地址" } }
        </button>
    };
    let how_far = o.distance_m.map(|m| {
        let from = if from_centre {
            "距市中心"
        } else {
            "距您"
        };
        format!("{from} {}", distance(m))
    });
    html! {
        <li class="office" data-office={o.id.clone()}>
            <h3 class="office-name">{ &o.name }</h3>
            if let Some(d) = how_far { <p class="distance">{ d }</p> }
            <p class="address">{ &o.address }</p>
            if o.location.approximate { <p class="hint unverified">{ "位置未核实：导航按地址查找，请以现场为准。" }</p> }
            if let Some(h) = &o.hours { <p class="hours">{ format!("办公时间：{h}") }</p> }
            <div class="office-actions">
                if let Some(tel) = &o.phone {
                    <a class="button secondary tel" href={format!("tel:{}", tel.replace('-', ""))}>{ format!("拨打 {tel}") }</a>
                }
                <a class="button secondary navigate" href={href.clone()} target="_blank" rel="noopener" {onclick}>{ "导航前往" }</a>
                if o.location.approximate { { copy_button.clone() } }
                if o.booking.is_some() {
                    <Link to={Route::Book { region: o.region.clone(), id: "-".into() }} classes="button secondary book-hall">{ "预约到厅" }</Link>
                }
            </div>
            if *fallback {
                <div class="nav-fallback" role="status">
                    <p>{ "无法打开地图，可复制地址后在地图应用中查找。" }</p>
                    if !o.location.approximate { { copy_button } }
                    if !shell::in_mini_program() {
                        <a class="button secondary map-link" {href} target="_blank" rel="noopener">{ "在网页地图中打开" }</a>
                    }
                </div>
            }
        </li>
    }
}

#[component]
pub fn Offices() -> Html {
    // The position the citizen shared by tapping 按我的位置: a second input of the list.
    let mine = use_state(|| None::<(f64, f64)>);
    let locating = use_state(|| false);
    use_effect_with((), |_| shell::set_title("附近网点"));
    let Load {
        state: offices,
        retry,
    } = use_load(*mine, |mine| async move {
        let regions = api::regions().await?;
        let code: Option<String> = json::load(REGION_KEY);
        let Some(region) = code
            .and_then(|c| regions.iter().find(|r| r.code == c))
            .or(regions.first())
        else {
            return Ok((vec![], true));
        };
        // Only the position the citizen shared with a tap (按我的位置): no host is asked for
        // one on page load.
        let (near, from_centre) = match mine {
            Some(p) => (p, false),
            None => ((region.centre.lat, region.centre.lng), true),
        };
        let found = api::offices::offices(&region.code, Some(near)).await;
        found.map(|o| (o, from_centre))
    });
    let locate = {
        let (mine, locating) = (mine.clone(), locating.clone());
        Callback::from(move |_: MouseEvent| {
            let (mine, locating) = (mine.clone(), locating.clone());
            locating.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(p) = crate::geo::position().await {
                    mine.set(Some(p));
                }
                locating.set(false);
            });
        })
    };
    let from_centre = matches!(&*offices, Some(Ok((_, true))));
    let body = match &*offices as &Loaded<(Vec<Office>, bool)> {
        None => skeleton(),
        Some(Err(e)) => failure(e, retry),
        Some(Ok((list, _))) if list.is_empty() => {
            html! { <p class="empty">{ "暂无网点信息，以当地经办机构公布为准。" }</p> }
        }
        Some(Ok((list, centre))) => html! {
            <ul class="offices">{ for list.iter().map(|o| html! { <OfficeItem key={o.id.clone()} office={o.clone()} from_centre={*centre} /> }) }</ul>
        },
    };
    html! {
        <section class="offices-page" aria-labelledby="offices-title">
            <h2 id="offices-title">{ "附近的医保经办网点" }</h2>
            if from_centre {
                <div class="notice locate" role="status">
                    <p>{ "按距市中心的远近排序。" }</p>
                    <button type="button" class="secondary" disabled={*locating} onclick={locate}>
                        { if *locating { "正在定位…" } else { "按我的位置排序" } }
                    </button>
                </div>
            }
            { body }
        </section>
    }
}
