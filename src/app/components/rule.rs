//! Rule tags anywhere on the page open the rule's explanation in place.

use yew::prelude::*;

use crate::app::state::{Action, LabHandle};
use crate::app::Dispatch;
use crate::app::{browser, tag_texts};
use crate::core::tags::Tag;

/// A tag as a small button: activating it explains the rule. A plain function, not a component
/// (a component type costs the bundle more than drawing a button again with its parent).
pub fn rule_tag(tag: Tag, send: &Dispatch) -> Html {
    let send = send.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        e.stop_propagation();
        send.send(Action::Explain(Some(tag)));
    });
    html! {
        <button type="button" class={tag_class(tag)} title={tag_texts::summary(tag)} {onclick}
            aria-label={format!("Explain rule {tag}")}>{ tag.name() }</button>
    }
}

/// The tag's classes: `tag` and a CSS family per kind of rule (T, M, R, L, D, V), for a quiet
/// colour cue beside the text.
fn tag_class(tag: Tag) -> &'static str {
    match tag.name().as_bytes()[0] {
        b'T' => "tag t",
        b'M' => "tag m",
        b'R' => "tag r",
        b'L' => "tag l",
        b'D' => "tag d",
        _ => "tag v",
    }
}

/// The explanation of the selected rule: the summary, DOMAIN.md's text and the source.
///
/// A hook, not a component: the App calls it and draws what it returns (its state lives in the
/// App, which is drawn on every change of the lab anyway).
#[hook]
pub fn use_explanation(lab: &LabHandle) -> Html {
    use crate::core::{rule_text::RULES_FILE, scenario::parse_json};
    // The rule texts are served beside the app as HTML rendered at build time from DOMAIN.md
    // (rules.json, tag → fragment; not in the bundle): fetched once, when first needed.
    let texts = use_state(|| None::<Result<serde_json::Value, String>>);
    {
        let texts = texts.clone();
        use_effect_with(lab.explain.is_some(), move |wanted| {
            if *wanted && texts.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    let json = browser::fetch_text(RULES_FILE).await;
                    texts.set(Some(json.and_then(|j| parse_json(&j).map_err(|e| format!("{RULES_FILE}: {e}")))));
                });
            }
        });
    }
    // Nothing until a tag is selected (the log's hint says how): the timers and the log keep
    // the top of their column.
    let Some(tag) = lab.explain else { return html! {} };
    let close = crate::app::components::dispatch_on_click(lab, || Action::Explain(None));
    // Our own build output (escaped by pulldown-cmark, plain elements only), inserted as HTML.
    let text = match &*texts {
        Some(Ok(fragments)) => match fragments.get(tag.name()).and_then(|f| f.as_str()) {
            Some(fragment) => Html::from_html_unchecked(AttrValue::from(fragment.to_string())),
            None => html! { <p class="hint">{ format!("({RULES_FILE} has no text for {tag})") }</p> },
        },
        Some(Err(e)) => html! { <p class="hint">{ format!("(The rule's text could not be loaded: {e})") }</p> },
        None => html! { <p class="hint">{ "Loading the rule's text…" }</p> },
    };
    html! {
        <section class="panel explanation" aria-live="polite" data-rule={tag.name()}>
            <h2>{ format!("Rule {tag}") } <button type="button" class="close" onclick={close} aria-label="Close the explanation">{ "×" }</button></h2>
            <p class="summary">{ tag_texts::summary(tag) }</p>
            <blockquote class="rule-text">{ text }</blockquote>
            <p class="source">{ "Source: " }<cite>{ tag_texts::source_title(tag) }</cite></p>
        </section>
    }
}
