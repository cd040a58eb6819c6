//! Home: what the citizen can do here, in the order they most often need it.

use yew::prelude::*;

#[component]
pub fn Home() -> Html {
    html! {
        <section class="home" aria-labelledby="home-title">
            <h2 id="home-title">{ "医保业务，掌上通办" }</h2>
            <p class="lead">{ "参保登记、转移接续、异地就医备案、费用报销，在手机上申请，随时查进度。" }</p>
        </section>
    }
}
