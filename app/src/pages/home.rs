use leptos::prelude::*;
use leptos_router::components::A;

use crate::text;
use crate::ui::phone::with_hotline;
use crate::ui::wechat::ShareCard;

#[component]
pub fn Home() -> impl IntoView {
    view! {
        <ShareCard title=text::SITE_TITLE desc=text::SITE_DESCRIPTION path="/"/>
        <h1>{text::SITE_TITLE}</h1>
        <p class="lead">
            "失去工作、正在找工作的劳动者，年满16周岁、有劳动能力和就业愿望的，"
            "可以在户籍地或常住地办理失业登记，免费获得岗位推荐、职业指导和技能培训信息。"
        </p>
        <ul class="cards">
            <li>
                <A href="/register" attr:class="card">
                    <span class="card__title">{text::NAV_REGISTER}</span>
                    <span class="card__body">"书面承诺即可办理，不需要开具证明材料。"</span>
                </A>
            </li>
            <li>
                <A href="/institutions" attr:class="card">
                    <span class="card__title">{text::NAV_INSTITUTIONS}</span>
                    <span class="card__body">"查找离您最近的公共就业服务机构和联系电话。"</span>
                </A>
            </li>
            <li>
                <A href="/services" attr:class="card">
                    <span class="card__title">{text::NAV_SERVICES}</span>
                    <span class="card__body">"查看给您推荐的岗位、职业指导和培训信息。"</span>
                </A>
            </li>
        </ul>
        <p class="hint">{with_hotline(text::HOTLINE)}</p>
    }
}
