//! Rule tags anywhere on the page open the rule's explanation in place.

use yew::prelude::*;

use crate::app::browser;
use crate::app::state::{Action, LabHandle};
use crate::app::Dispatch;
use crate::core::tags::Tag;

#[derive(Properties, PartialEq)]
pub struct RuleTagProps {
    pub tag: Tag,
}

/// A tag as a small button: activating it explains the rule. It reads only the dispatcher, so
/// it is drawn again only when its tag changes.
#[component]
pub fn RuleTag(props: &RuleTagProps) -> Html {
    let send = use_context::<Dispatch>().expect("dispatch context");
    let tag = props.tag;
    let onclick = Callback::from(move |e: MouseEvent| {
        e.stop_propagation();
        send.send(Action::Explain(Some(tag)));
    });
    html! {
        <button type="button" class={classes!("tag", tag_family(tag))} title={tag.summary()} {onclick}
            aria-label={format!("Explain rule {tag}")}>{ tag.name() }</button>
    }
}

/// A CSS family per kind of rule (T, M, R, L, D, V), for a quiet colour cue beside the text.
fn tag_family(tag: Tag) -> &'static str {
    match tag.name().chars().next() {
        Some('T') => "t",
        Some('M') => "m",
        Some('R') => "r",
        Some('L') => "l",
        Some('D') => "d",
        _ => "v",
    }
}

/// The explanation of the selected rule: the summary, DOMAIN.md's text and the source.
#[component]
pub fn Explanation() -> Html {
    let lab = use_context::<LabHandle>().expect("lab context");
    // DOMAIN.md is served beside the app (not in the bundle): fetched once, when first needed.
    let domain = use_state(|| None::<Result<String, String>>);
    {
        let domain = domain.clone();
        use_effect_with(lab.explain.is_some(), move |wanted| {
            if *wanted && domain.is_none() {
                wasm_bindgen_futures::spawn_local(
                    async move { domain.set(Some(browser::fetch_text("DOMAIN.md").await)) },
                );
            }
        });
    }
    let Some(tag) = lab.explain else {
        return html! {
            <section class="panel explanation" aria-live="polite">
                <h2>{ "Rule" }</h2>
                <p class="hint">{ "Select a tag (T1…T14, M1…M4, R-…, L-…, D-…, V1…V4) anywhere to read its rule and its source." }</p>
            </section>
        };
    };
    let close = {
        let lab = lab.clone();
        Callback::from(move |_| lab.dispatch(Action::Explain(None)))
    };
    let text = match &*domain {
        Some(Ok(md)) => tag.text_in(md),
        Some(Err(e)) => format!("(DOMAIN.md could not be loaded: {e})"),
        None => "Loading the rule's text…".to_string(),
    };
    html! {
        <section class="panel explanation" aria-live="polite" data-rule={tag.name()}>
            <h2>{ format!("Rule {tag}") } <button type="button" class="close" onclick={close} aria-label="Close the explanation">{ "×" }</button></h2>
            <p class="summary">{ tag.summary() }</p>
            <blockquote>{ for text.lines().map(|l| html! { <p>{ l }</p> }) }</blockquote>
            <p class="source">{ "Source: " }<cite>{ tag.source().title() }</cite></p>
        </section>
    }
}
