use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Meta, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::pages::{account, home::Home, institutions, not_found::NotFound, register, services, staff};
use crate::text;
use crate::ui::layout::Layout;
use crate::ui::wechat::JsSdk;

/// Pages work without the wasm (an in-app browser without WebAssembly, iOS Lockdown Mode, an
/// older WeChat webview whose Chromium predates 'wasm-unsafe-eval' and so may not compile it):
/// they are whole from the server. Leptos's loader leaves such a failed load as an unhandled
/// promise rejection, which the browser reports as an uncaught error; this script, run before
/// the loader, marks exactly those handled. Plain ES5, so that any browser parses it.
const WASM_GUARD: &str = include_str!("wasm_guard.js");

/// The HTML document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                // iOS and WeChat must not turn numbers into links: that rewrites the DOM
                // under the hydrating app.
                <meta name="format-detection" content="telephone=no, email=no, address=no"/>
                <meta name="theme-color" content="#0b5cad"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <script nonce=leptos::nonce::use_nonce()>{WASM_GUARD}</script>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
                <JsSdk/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Title text=text::SITE_TITLE/>
        <Meta name="description" content=text::SITE_DESCRIPTION/>
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/register") view=register::RegisterHome ssr=SsrMode::Async/>
                    <Route path=path!("/register/check") view=register::CheckAnswers ssr=SsrMode::Async/>
                    <Route path=path!("/register/declaration") view=register::Declaration ssr=SsrMode::Async/>
                    <Route path=path!("/register/not-eligible") view=register::NotEligible ssr=SsrMode::Async/>
                    <Route path=path!("/register/:step") view=register::StepPage ssr=SsrMode::Async/>
                    <Route path=path!("/registration") view=register::MyRegistration ssr=SsrMode::Async/>
                    // Pages with data render whole on the server (Async), so they work without JavaScript.
                    <Route path=path!("/institutions") view=institutions::InstitutionsHome ssr=SsrMode::Async/>
                    <Route path=path!("/institutions/:code") view=institutions::InstitutionDetail ssr=SsrMode::Async/>
                    <Route path=path!("/institutions/:code/poster") view=institutions::InstitutionPoster ssr=SsrMode::Async/>
                    <Route path=path!("/i/:code") view=institutions::QrLanding ssr=SsrMode::Async/>
                    <Route path=path!("/signin") view=account::SignIn ssr=SsrMode::Async/>
                    <Route path=path!("/signin/code") view=account::SignInCode ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=account::Account ssr=SsrMode::Async/>
                    <Route path=path!("/services") view=services::ServicesHome ssr=SsrMode::Async/>
                    <Route path=path!("/services/policies") view=services::PolicyList ssr=SsrMode::Async/>
                    <Route path=path!("/services/catalogue") view=services::ServiceList ssr=SsrMode::Async/>
                    <Route path=path!("/services/end-rules") view=services::EndRuleList ssr=SsrMode::Async/>
                    <Route path=path!("/messages") view=services::Notices ssr=SsrMode::Async/>
                    <Route path=path!("/staff") view=staff::StaffDesk ssr=SsrMode::Async/>
                    <Route path=path!("/staff/signin") view=staff::StaffSignIn ssr=SsrMode::Async/>
                    <Route path=path!("/staff/signin/code") view=staff::StaffSignInCode ssr=SsrMode::Async/>
                    <Route path=path!("/staff/record") view=staff::StaffRecord ssr=SsrMode::Async/>
                    <Route path=path!("/staff/assist") view=staff::StaffAssist ssr=SsrMode::Async/>
                    <Route path=path!("/staff/assist/code") view=staff::StaffAssistCode ssr=SsrMode::Async/>
                    <Route path=path!("/staff/applications/:reference") view=staff::StaffApplication ssr=SsrMode::Async/>
                    <Route path=path!("/staff/people") view=staff::StaffPeople ssr=SsrMode::Async/>
                    <Route path=path!("/staff/statistics") view=staff::StaffStatistics ssr=SsrMode::Async/>
                    <Route path=path!("/staff/people/:reference") view=staff::StaffPerson ssr=SsrMode::Async/>
                    <Route path=path!("/staff/people/:reference/end") view=staff::StaffEnd ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
