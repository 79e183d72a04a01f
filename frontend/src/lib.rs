//! The wasm entry: hydrates the interactive islands of the server-rendered page.

// Links the islands (exported by `app`) into this module.
use app as _;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Inside WeChat (the JS-SDK on the page): share card, WeChat's map and position.
    app::wx::start();
    // Lets tests (and anyone debugging on a phone) see that the islands are live.
    if let Some(html) = leptos::prelude::document().document_element() {
        let _ = html.set_attribute("data-hydrated", "");
    }
}
