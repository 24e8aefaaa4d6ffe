//! Thin wrappers over the browser: storage, the URL, downloads, the clipboard, files.
//! Every call tolerates a browser that refuses (private mode, no clipboard): it reports, never
//! panics.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// localStorage key of the saved session (a scenario JSON).
pub const SESSION_KEY: &str = "confsim.session.v1";

/// localStorage key of a saved session that could not be restored, set aside for the learner.
pub const UNREADABLE_KEY: &str = "confsim.session.unreadable";

/// What localStorage holds per origin in Chromium and Firefox: 5 Mi characters, keys included.
const STORAGE_CHARS: usize = 5 << 20;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

pub fn load_saved() -> Option<String> {
    storage()?.get_item(SESSION_KEY).ok().flatten()
}

/// Saves the session, or says why the browser refused.
pub fn save(text: &str) -> Result<(), String> {
    let saved = storage().map(|s| s.set_item(SESSION_KEY, text));
    if let Some(Ok(())) = saved {
        return Ok(());
    }
    let chars = text.encode_utf16().count();
    Err(if saved.is_none() {
        "This browser gives the page no storage, so the session is not saved.".into()
    } else if chars + SESSION_KEY.len() >= STORAGE_CHARS {
        format!("The session ({} KB) is too large for the browser's storage (5 MB), so it is not saved.", chars / 1000)
    } else {
        "The browser refused to save the session: its storage is full.".into()
    })
}

/// Moves an unreadable saved session to [`UNREADABLE_KEY`], out of the way of saving; `false`
/// if the browser refused (it is then left where it was).
pub fn set_aside(text: &str) -> bool {
    let Some(s) = storage() else { return false };
    // Removing it first makes room for the copy.
    let _ = s.remove_item(SESSION_KEY);
    if s.set_item(UNREADABLE_KEY, text).is_ok() {
        return true;
    }
    let _ = s.set_item(SESSION_KEY, text);
    false
}

/// The `#scenario=` payload of the current URL, if any.
pub fn hash_scenario() -> Option<String> {
    let hash = window()?.location().hash().ok()?;
    hash.strip_prefix("#scenario=").map(str::to_string)
}

/// Removes the hash without reloading, so a reload restores the saved session, not the link.
pub fn clear_hash() {
    if let Some(w) = window() {
        let url =
            format!("{}{}", w.location().pathname().unwrap_or_default(), w.location().search().unwrap_or_default());
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

/// The query string, e.g. `?embed&speed=60`.
pub fn query() -> String {
    window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// This page's URL with a `#scenario=` payload.
pub fn link_to(payload: &str) -> String {
    let base = window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let base = base.split('#').next().unwrap_or_default().to_string();
    format!("{base}#scenario={payload}")
}

/// Offers text as a file download.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let document = window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| "cannot make the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot make the file")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(|_| "no anchor")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies text to the clipboard.
pub async fn copy(text: String) -> Result<(), String> {
    let clipboard = window().ok_or("no window")?.navigator().clipboard();
    JsFuture::from(clipboard.write_text(&text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser refused the clipboard".to_string())
}

/// Reads a chosen file as text.
pub async fn read_file(file: web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text()).await.map_err(|_| format!("cannot read {}", file.name()))?;
    text.as_string().ok_or_else(|| format!("{} is not text", file.name()))
}

/// Shows a panic on the page (and in the console): the learner sees that something broke.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("confsim stopped: {info}");
        web_sys::console::error_1(&message.clone().into());
        let Some(document) = window().and_then(|w| w.document()) else { return };
        if let (Ok(div), Some(body)) = (document.create_element("div"), document.body()) {
            div.set_id("panic");
            div.set_attribute("role", "alert").ok();
            div.set_text_content(Some(&format!("{message}. Reload the page to continue.")));
            let _ = body.prepend_with_node_1(&div);
        }
    }));
}

/// Marks the page as an embed and applies a forced theme.
pub fn mark_embed(theme: Option<&str>) {
    let Some(root) = window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    let _ = root.set_attribute("class", "embed");
    if let Some(theme) = theme {
        let _ = root.set_attribute("data-theme", theme);
    }
}

thread_local! {
    /// The height last reported to the host page.
    static REPORTED: std::cell::Cell<i32> = const { std::cell::Cell::new(-1) };
}

/// Tells the host page how tall the embed's content is, so it can size the iframe to it — only
/// when the height changed. The message is `{"confsim": "height", "height": N}`.
pub fn report_height() {
    let Some(w) = window() else { return };
    let (Some(document), Ok(Some(parent))) = (w.document(), w.parent()) else { return };
    let Some(body) = document.body() else { return };
    let height = body.scroll_height();
    if REPORTED.with(|r| r.replace(height)) == height {
        return;
    }
    let message = format!(r#"{{"confsim":"height","height":{height}}}"#);
    if let Ok(value) = js_sys::JSON::parse(&message) {
        let _ = parent.post_message(&value, "*");
    }
}

/// Calls `f` once, the first time the page is in view (an embed scrolled into its host's
/// viewport); returns what keeps the observer alive.
pub fn when_in_view(
    f: impl FnOnce() + 'static,
) -> Option<wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>> {
    let root = window()?.document()?.document_element()?;
    let mut f = Some(f);
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
            let seen =
                entries.iter().any(|e| e.unchecked_into::<web_sys::IntersectionObserverEntry>().is_intersecting());
            if seen {
                observer.disconnect();
                if let Some(f) = f.take() {
                    f()
                }
            }
        },
    );
    let observer = web_sys::IntersectionObserver::new(closure.as_ref().unchecked_ref()).ok()?;
    observer.observe(&root);
    Some(closure)
}

/// Fetches a text file relative to the page (so it works from any sub-path).
pub async fn fetch_text(path: &str) -> Result<String, String> {
    let window = window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(path)).await.map_err(|_| format!("{path}: cannot fetch"))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!("{path}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| format!("{path}: no text"))?)
        .await
        .map_err(|_| format!("{path}: no text"))?;
    text.as_string().ok_or_else(|| format!("{path}: not text"))
}

/// A listener on the window, removed when dropped.
pub struct Listener {
    event: &'static str,
    closure: wasm_bindgen::closure::Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(w) = window() {
            let _ = w.remove_event_listener_with_callback(self.event, self.closure.as_ref().unchecked_ref());
        }
    }
}

/// Calls `f` on `event` at the window until the returned listener is dropped.
pub fn listen(event: &'static str, f: impl Fn(web_sys::Event) + 'static) -> Listener {
    let closure = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(f);
    if let Some(w) = window() {
        let _ = w.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    }
    Listener { event, closure }
}

/// Calls `f` when the page is hidden or left (a pending save is then done at once).
pub fn on_page_hidden(f: impl Fn() + 'static) -> Listener {
    listen("pagehide", move |_| f())
}

/// Esc closes every open menu (`details.menu[open]`); returns the cleanup for `use_effect`.
pub fn on_escape_close_menus() -> impl FnOnce() {
    let listener = listen("keydown", |e| {
        let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) else { return };
        let Some(document) = window().and_then(|w| w.document()) else { return };
        if key != "Escape" {
            return;
        }
        if let Ok(open) = document.query_selector_all("details.menu[open]") {
            for i in 0..open.length() {
                if let Some(el) = open.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                    let _ = el.remove_attribute("open");
                }
            }
        }
    });
    move || drop(listener)
}

/// Marks the page with where saving stands (`<html data-save="pending" | "saved" | "failed">`),
/// for tests and tools that read localStorage after a change.
pub fn mark_save(state: &str) {
    if let Some(root) = window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-save", state);
    }
}

/// localStorage key of the learner's progress through the course.
pub const PROGRESS_KEY: &str = "confsim.course.v1";

pub fn load_progress() -> Option<String> {
    storage()?.get_item(PROGRESS_KEY).ok().flatten()
}

/// Saves the course progress, or says why the browser refused.
pub fn save_progress(text: &str) -> Result<(), String> {
    match storage().map(|s| s.set_item(PROGRESS_KEY, text)) {
        Some(Ok(())) => Ok(()),
        _ => Err("The browser refused to keep your course progress (storage full or off).".into()),
    }
}

/// The `#lesson=` id of the current URL, if any.
pub fn hash_lesson() -> Option<String> {
    let hash = window()?.location().hash().ok()?;
    hash.strip_prefix("#lesson=").map(str::to_string)
}
