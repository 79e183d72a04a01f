//! Telephone numbers as links that dial them (`tel:`): an office's numbers, a service record's
//! contact, and the 12333 hotline wherever a sentence names it. The page tells iOS and WeChat
//! not to find numbers themselves (`format-detection` in app.rs), so this is the one way a
//! number on the page becomes dialable.

use leptos::prelude::*;

use crate::domain::institution::ContactNumber;
use crate::text::HOTLINE_NUMBER;

/// `number` as written, linked to dial it (the main number when it has an extension, 转…);
/// text that is not a telephone number stays plain text. `label`: words to show instead.
#[component]
pub fn PhoneLink(
    #[prop(into)] number: String,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional, into)] label: Option<String>,
) -> impl IntoView {
    let shown = label.unwrap_or_else(|| number.clone());
    match ContactNumber::parse(&number) {
        Ok(n) => view! { <a class=class href=n.tel_uri()>{shown}</a> }.into_any(),
        Err(_) => shown.into_any(),
    }
}

/// A sentence with each mention of the hotline a link that dials it.
pub fn with_hotline(sentence: &str) -> AnyView {
    let mut pieces = sentence.split(HOTLINE_NUMBER);
    let first = pieces.next().unwrap_or_default().to_owned();
    let rest: Vec<String> = pieces.map(str::to_owned).collect();
    view! {
        {first}
        {rest.into_iter().map(|after| view! { <PhoneLink number=HOTLINE_NUMBER/> {after} }).collect_view()}
    }
    .into_any()
}

// Rendering to HTML is the server's (tachys renders an AnyView only with `ssr`).
#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_hotline_in_a_sentence_dials_12333() {
        let html = with_hotline(crate::text::HOTLINE).to_html();
        assert!(html.starts_with("如需帮助，请拨打人社服务热线 "), "{html}");
        assert!(
            html.contains(r#"href="tel:12333""#) && html.contains(">12333</a>。"),
            "{html}"
        );
        let html = with_hotline("没有电话号码").to_html();
        assert!(html.contains("没有电话号码") && !html.contains("<a"), "{html}");
    }

    #[test]
    fn an_extension_dials_the_main_number_and_words_stay_words() {
        let html = view! { <PhoneLink number="0731-84900119转8001"/> }.to_html();
        assert!(
            html.contains(r#"href="tel:073184900119""#) && html.contains(">0731-84900119转8001</a>"),
            "{html}"
        );
        let html = view! { <PhoneLink number="0731-84900119" class="button" label="拨打 0731-84900119"/> }.to_html();
        assert!(
            html.contains(r#"class="button""#) && html.contains(">拨打 0731-84900119</a>"),
            "{html}"
        );
        let html = view! { <PhoneLink number="张老师"/> }.to_html();
        assert!(html.contains("张老师") && !html.contains("<a"), "{html}");
    }
}
