//! A region field: 省 → 市 → 县（区） from the national division list (`tongban_rules::division`),
//! one `<select>` per level, the next shown once the one above is chosen. The answer is the
//! six-digit code of the division chosen at the bottom (a county, or a city or province with
//! nothing under it), shown back in full (湖北省荆门市东宝区); until then the answer is empty.
//! A city field (`FieldKind::City`, a 就医地) stops at 市: a prefecture, a county-level city
//! under its province, or a 直辖市 chosen as its province.

use super::field::{input_id, Labels, Props};
use tongban_rules::division::{self, Division, Divisions};
use tongban_rules::form::FieldKind;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// What the second and third lists are called under `above`.
fn level_label(list: &Divisions, above: u32, depth: usize) -> &'static str {
    let all_counties = list.children(above).all(|d| !d.code.is_multiple_of(100));
    match depth {
        1 if all_counties => "区（县）",
        1 => "市（州、盟）",
        _ => "县（区）",
    }
}

/// Renders nothing until the list is installed (the form shows 正在加载 in its place).
#[component]
pub fn DivisionPicker(props: &Props) -> Html {
    let table = division::table();
    let f = &props.field;
    let id = input_id(&f.path);
    // The levels chosen so far: from the answer, or what the citizen has picked above it.
    let answer: Vec<u32> = match (table, props.value.trim().parse()) {
        (Some(list), Ok(c)) => list.path(c).iter().map(|d| d.code).collect(),
        _ => Vec::new(),
    };
    let picked = use_state(|| answer.clone());
    {
        let picked = picked.clone();
        use_effect_with(answer.clone(), move |answer| {
            if !answer.is_empty() {
                picked.set(answer.clone());
            }
        });
    }
    let Some(list) = table else {
        return Html::default();
    };
    // A city field stops at 市; a region field goes down to what has nothing under it.
    let city = f.kind == FieldKind::City;
    let at_bottom = move |list: &Divisions, c: u32| {
        if city {
            list.is_city(c)
        } else {
            list.is_chosen(c)
        }
    };
    let chosen: Vec<u32> = if answer.is_empty() {
        (*picked).clone()
    } else {
        answer
    };

    let labels = Labels::of(f, props.error.as_ref());
    let (described, invalid) = (labels.described.clone(), labels.invalid);

    // Choosing at `depth` keeps the levels above, drops those below.
    let on_pick = |depth: usize| {
        let (picked, on_input, path) = (picked.clone(), props.on_input.clone(), f.path.clone());
        let above = chosen.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut levels: Vec<u32> = above.iter().copied().take(depth).collect();
            if let Ok(code) = value.parse::<u32>() {
                levels.push(code);
            }
            let done = levels.last().is_some_and(|c| at_bottom(list, *c));
            picked.set(levels.clone());
            let answer = if done {
                levels.last().map(|c| format!("{c:06}")).unwrap_or_default()
            } else {
                String::new()
            };
            on_input.emit((path.clone(), answer));
        })
    };
    let on_blur = {
        let (on_blur, path) = (props.on_blur.clone(), f.path.clone());
        Callback::from(move |_: FocusEvent| on_blur.emit(path.clone()))
    };

    let select = |depth: usize, label: &str, options: Vec<&Division>| {
        let select_id = if depth == 0 {
            id.clone()
        } else {
            format!("{id}-{depth}")
        };
        let current = chosen.get(depth).copied();
        html! {
            <div class="division-level" key={depth}>
                <label for={select_id.clone()}>{ label }</label>
                <select id={select_id} name={format!("{}.{depth}", f.path)} required={f.required}
                    aria-describedby={described.clone()} aria-invalid={invalid}
                    onchange={on_pick(depth)} onblur={on_blur.clone()}>
                    <option value="" selected={current.is_none()}>{ "请选择" }</option>
                    { for options.into_iter().map(|d| html! {
                        <option value={d.code.to_string()} selected={current == Some(d.code)}>{ &*d.name }</option>
                    }) }
                </select>
            </div>
        }
    };

    let mut levels = vec![select(
        0,
        "省（自治区、直辖市）",
        list.provinces().collect(),
    )];
    for (depth, above) in chosen.iter().enumerate().take(if city { 1 } else { 2 }) {
        let below: Vec<&Division> = if city {
            list.cities(*above).collect()
        } else {
            list.children(*above).collect()
        };
        if below.is_empty() {
            break;
        }
        levels.push(select(
            depth + 1,
            level_label(list, *above, depth + 1),
            below,
        ));
    }
    let full = chosen
        .last()
        .filter(|c| at_bottom(list, **c))
        .and_then(|c| list.full_name(*c));
    html! {
        <fieldset class={classes!("field", "division", props.error.is_some().then_some("has-error"))} data-field={f.path.clone()}>
            <legend>{ &f.label }{ labels.required.clone() }</legend>
            { labels.hint(f) }
            { for levels }
            if let Some(name) = full {
                <p class="division-chosen" role="status">{ "已选择：" }<strong>{ name }</strong></p>
            }
            { labels.error(props.error.as_ref()) }
        </fieldset>
    }
}
