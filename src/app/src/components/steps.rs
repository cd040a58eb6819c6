//! The step indicator: where the citizen is in the form, and how far is left.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub titles: Vec<String>,
    pub current: usize,
}

#[component]
pub fn StepIndicator(props: &Props) -> Html {
    let total = props.titles.len();
    html! {
        <nav class="step-indicator" aria-label="填写步骤">
            <p class="step-count">{ format!("第 {} 步，共 {} 步", props.current + 1, total) }</p>
            <ol class="steps">
                { for props.titles.iter().enumerate().map(|(i, t)| {
                    let class = classes!(
                        "step",
                        (i < props.current).then_some("done"),
                        (i == props.current).then_some("current"),
                    );
                    let current = (i == props.current).then_some("step");
                    html! { <li {class} aria-current={current}><span class="step-no">{ i + 1 }</span><span class="step-title">{ t }</span></li> }
                }) }
            </ol>
        </nav>
    }
}
