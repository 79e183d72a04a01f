//! One institution: its page, the same page reached by scanning a hall's QR code, and the
//! printable A4 poster with that QR code.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::data::{load_institution, InstitutionPage};
use crate::pages::not_found::NotFound;
use crate::text;
use crate::ui::institution_card::{DemoBadge, InstitutionFacts};
use crate::ui::wechat::{self, ShareCard};

/// Loads the institution named in the path and renders it with `page`, or the 404 page.
fn with_institution<V: IntoView + 'static>(page: fn(InstitutionPage) -> V) -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let data = Resource::new(code, load_institution);
    view! {
        <Suspense fallback=|| view! { <p class="status">"正在加载……"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(p)) => page(p).into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p class="notice" role="alert">"暂时无法加载，请稍后重试。"</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn register_action(p: &InstitutionPage) -> AnyView {
    let i = &p.institution;
    if i.handles_registration {
        view! {
            <p><a class="button button--primary" href=format!("/register?org={}", i.code)>"在此办理失业登记"</a></p>
        }
        .into_any()
    } else {
        let parent = i.parent_code.clone().map(|c| {
            view! { " " <a href=format!("/institutions/{c}")>"查看上级机构"</a> }
        });
        view! { <p class="notice">"本机构不受理失业登记，请到上级机构办理。"{parent}</p> }.into_any()
    }
}

/// The QR code's picture: a PNG inside WeChat, which saves a picture and reads the code in it on
/// a long press only from raster images; elsewhere the SVG, sharp at any print size.
fn qr_src(code: &str, in_wechat: bool) -> String {
    format!("/i/{code}/qr.{}", if in_wechat { "png" } else { "svg" })
}

fn detail(p: InstitutionPage, from_qr: bool) -> impl IntoView {
    let i = p.institution.clone();
    let code = i.code.clone();
    let in_wechat = wechat::inside();
    // Shared from the QR landing, the card leads to the landing again.
    let path = if from_qr {
        format!("/i/{code}")
    } else {
        format!("/institutions/{code}")
    };
    // 打印 means nothing inside WeChat: there a picture is kept by a long press.
    let keep = if in_wechat {
        view! { <p class="hint">"长按上面的二维码图片，可以保存到手机或发送给朋友。"</p> }.into_any()
    } else {
        view! { <p><a class="standalone-link" href=format!("/institutions/{code}/poster")>"打印二维码海报（A4）"</a></p> }
            .into_any()
    };
    view! {
        <Title text=format!("{} - 湖南省失业登记服务", i.name)/>
        <ShareCard
            title=format!("{}｜{}", i.name, text::SITE_TITLE)
            desc=format!("地址：{}。在线办理失业登记，查找就业服务。", i.address)
            path
        />
        {from_qr.then_some(view! { <p class="lead">"您扫描的是这个服务机构的二维码："</p> })}
        <h1>{i.name.clone()} {i.demo.then(|| view! { " " <DemoBadge/> })}</h1>
        {register_action(&p)}
        <InstitutionFacts institution=i/>
        <figure class="qr">
            <img src=qr_src(&code, in_wechat) alt="本机构二维码：扫码即可打开本页" width="160" height="160"/>
            <figcaption>"扫码打开本页：" <span class="qr__url">{p.qr_url.clone()}</span></figcaption>
        </figure>
        {keep}
        <p><a class="standalone-link" href="/institutions">"查找其他服务机构"</a></p>
    }
}

#[component]
pub fn InstitutionDetail() -> impl IntoView {
    with_institution(|p| detail(p, false))
}

/// `/i/{code}`: where a service hall's QR code leads.
#[component]
pub fn QrLanding() -> impl IntoView {
    with_institution(|p| detail(p, true))
}

/// An A4 poster for the hall: the 湖南省失业登记入口 label, the name and the QR code.
#[component]
pub fn InstitutionPoster() -> impl IntoView {
    with_institution(|p| {
        let i = p.institution;
        let in_wechat = wechat::inside();
        view! {
            <Title text=format!("二维码海报 - {}", i.name)/>
            <div class="poster">
                <p class="poster__label">"湖南省失业登记入口"</p>
                <h1 class="poster__name">{i.name.clone()} {i.demo.then(|| view! { " " <DemoBadge/> })}</h1>
                <img class="poster__qr" src=qr_src(&i.code, in_wechat) alt="本机构失业登记二维码"/>
                <p class="poster__hint">"用微信或手机相机扫描二维码，在线办理失业登记、查找就业服务"</p>
                <p class="poster__url">{p.qr_url}</p>
                <p class="no-print hint">
                    {if in_wechat {
                        "长按二维码图片，可以保存到手机相册。"
                    } else {
                        "请使用浏览器的“打印”功能，选择 A4 纵向打印本页。"
                    }}
                </p>
            </div>
        }
    })
}
