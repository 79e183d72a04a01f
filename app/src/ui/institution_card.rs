//! One institution as a card: what a worker needs to go there or call.

use crate::web::{decimal, percent_encode};
use leptos::prelude::*;

use crate::api::institutions::{Institution, Position};
use crate::ui::phone::PhoneLink;

/// "约 350 米" / "约 1.2 公里".
pub fn distance_text(metres: u32) -> String {
    if metres < 1000 {
        format!("约 {metres} 米")
    } else {
        format!("约 {} 公里", decimal(f64::from(metres) / 1000.0, 1))
    }
}

/// Amap (高德) marker link; the position is GCJ-02, as Amap expects.
pub fn amap_link(p: Position, name: &str) -> String {
    format!(
        "https://uri.amap.com/marker?position={},{}&name={}&coordinate=gaode&callnative=1",
        decimal(p.lon, 6),
        decimal(p.lat, 6),
        percent_encode(name)
    )
}

/// Baidu marker link, told that the position is GCJ-02.
pub fn baidu_link(p: Position, name: &str, address: &str) -> String {
    format!(
        "https://api.map.baidu.com/marker?location={},{}&title={}&content={}&output=html&coord_type=gcj02&src=webapp.hunan.sydj",
        decimal(p.lat, 6),
        decimal(p.lon, 6),
        percent_encode(name),
        percent_encode(address)
    )
}

#[component]
pub fn DemoBadge() -> impl IntoView {
    view! { <span class="badge-demo" title="示例数据：名称、地址、电话均为虚构，并非真实机构">"示例"</span> }
}

/// A list entry: the name (linking to the detail page) and the facts.
#[component]
pub fn InstitutionCard(institution: Institution, #[prop(optional)] distance_m: Option<u32>) -> impl IntoView {
    let href = format!("/institutions/{}", institution.code);
    view! {
        <article class="inst-card">
            <h3 class="inst-card__name">
                <a href=href>{institution.name.clone()}</a>
                {institution.demo.then(|| view! { " " <DemoBadge/> })}
            </h3>
            <InstitutionFacts institution distance_m/>
        </article>
    }
}

/// Level, distance, address, phones (`tel:` links), services, hours and map links.
#[component]
pub fn InstitutionFacts(institution: Institution, #[prop(optional_no_strip)] distance_m: Option<u32>) -> impl IntoView {
    let i = institution;
    let services: Vec<&str> = i.services.iter().map(|s| s.label()).collect();
    let demo = i.demo;
    let phones = i
        .phones
        .iter()
        .map(|p| {
            view! {
                <PhoneLink number=p.clone() class="inst-card__phone"/>
                {demo.then_some("（示例号码）")}
            }
        })
        .collect_view();
    // The place again as data: inside WeChat a tap on either link opens WeChat's own map there
    // (`crate::wx`); elsewhere, and without JavaScript, the links lead to the web maps.
    let maps = i.position.map(|p| {
        view! {
            <p
                class="inst-card__maps"
                data-lat=decimal(p.lat, 6)
                data-lon=decimal(p.lon, 6)
                data-name=i.name.clone()
                data-address=i.address.clone()
            >
                <a href=amap_link(p, &i.name) target="_blank" rel="noopener noreferrer">"在高德地图中查看"</a>
                <a href=baidu_link(p, &i.name, &i.address) target="_blank" rel="noopener noreferrer">"在百度地图中查看"</a>
            </p>
        }
    });
    view! {
        <p class="inst-card__meta">
            <span>{i.level.label()}</span>
            {distance_m.map(|d| view! { <span class="inst-card__distance">{distance_text(d)}</span> })}
        </p>
        <dl class="inst-card__facts">
            <dt>"地址"</dt>
            <dd>{i.address.clone()}</dd>
            <dt>"电话"</dt>
            <dd>{phones}</dd>
            <dt>"经办"</dt>
            <dd>{services.join("、")}</dd>
            {(!i.hours.is_empty()).then(|| view! { <dt>"时间"</dt><dd>{i.hours.clone()}</dd> })}
        </dl>
        {maps}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::geo::Datum;

    #[test]
    fn distances_read_naturally() {
        assert_eq!(distance_text(350), "约 350 米");
        assert_eq!(distance_text(1249), "约 1.2 公里");
    }

    #[test]
    fn map_links_carry_gcj02_positions_and_encoded_names() {
        let p = Position {
            lat: 28.234538,
            lon: 112.93132,
            datum: Datum::Gcj02,
        };
        let a = amap_link(p, "岳麓区 中心");
        assert!(a.contains("position=112.931320,28.234538"), "{a}");
        assert!(
            a.contains("name=%E5%B2%B3%E9%BA%93%E5%8C%BA%20%E4%B8%AD%E5%BF%83"),
            "{a}"
        );
        let b = baidu_link(p, "x", "y&z");
        assert!(b.contains("location=28.234538,112.931320") && b.contains("coord_type=gcj02") && b.contains("y%26z"));
    }
}
