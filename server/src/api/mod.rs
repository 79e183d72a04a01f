//! `/api/v1`: the JSON API for the portal's pages, staff systems, the WeChat official account
//! and the provincial platform. Every route is registered through `OpenApiRouter`, so the
//! OpenAPI document is generated from the same code that serves the routes.

use app::api::meta::ApiRoot;
use app::api::{ApiError, ErrorCode, FieldError};
use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub(crate) mod auth;
mod calendar;
mod endings;
mod health;
mod institutions;
mod lists;
mod notices;
mod registration;
mod service_311;
mod staff;
mod staff_registrations;
mod statistics;
mod wechat;

pub const PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "湖南省失业登记服务 API",
        version = "1",
        description = "失业登记、公共就业服务机构与就业服务接口。出错时统一返回 ApiError。"
    ),
    components(schemas(ApiError, ErrorCode, FieldError))
)]
struct ApiDoc;

/// The API routes, the health probes and the OpenAPI document describing them all.
pub fn router() -> Router<AppState> {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(root))
        .routes(routes!(institutions::nearest))
        .routes(routes!(institutions::list))
        .routes(routes!(institutions::one))
        .routes(routes!(institutions::divisions))
        .routes(routes!(auth::send_code))
        .routes(routes!(auth::sign_in, auth::sign_out))
        .routes(routes!(auth::send_code_at_hall))
        .routes(routes!(auth::sign_in_at_hall))
        .routes(routes!(auth::me))
        .routes(routes!(auth::state_identity))
        .routes(routes!(auth::phone_change_code))
        .routes(routes!(auth::change_phone))
        .routes(routes!(staff::password, staff::sign_out))
        .routes(routes!(staff::code))
        .routes(routes!(institutions::import_institutions))
        .routes(routes!(staff::create_account))
        .routes(routes!(registration::form))
        .routes(routes!(registration::draft, registration::update_draft))
        .routes(routes!(registration::submit))
        .routes(routes!(registration::current))
        .routes(routes!(registration::report_work))
        .routes(routes!(registration::confirm))
        .routes(routes!(staff_registrations::queue))
        .routes(routes!(staff_registrations::staff_list))
        .routes(routes!(staff_registrations::staff_read))
        .routes(routes!(staff_registrations::staff_decide))
        .routes(routes!(staff_registrations::transfer))
        .routes(routes!(staff_registrations::check))
        .routes(routes!(service_311::record))
        .routes(routes!(service_311::follow_up))
        .routes(routes!(service_311::staff_answer))
        .routes(routes!(service_311::overview))
        .routes(routes!(service_311::staff_services))
        .routes(routes!(endings::end))
        .routes(routes!(endings::confirm))
        .routes(routes!(endings::withdraw))
        .routes(routes!(service_311::mine))
        .routes(routes!(service_311::answer))
        .routes(routes!(notices::notices))
        .routes(routes!(lists::list))
        .routes(routes!(lists::replace_list))
        .routes(routes!(calendar::year))
        .routes(routes!(calendar::deadline))
        .routes(routes!(calendar::replace_year))
        .routes(routes!(statistics::statistics))
        .routes(routes!(statistics::registrations))
        .routes(routes!(wechat::js_config))
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    let doc = std::sync::Arc::new(with_every_error_status(doc));
    router
        .route(
            &format!("{PREFIX}/openapi.json"),
            get(move || async move { Json(doc.clone()) }),
        )
        .route(&format!("{PREFIX}/{{*rest}}"), axum::routing::any(not_found))
}

/// What the API is and where its description lives.
#[utoipa::path(get, path = "/api/v1", tag = "API", responses((status = 200, body = ApiRoot)))]
async fn root() -> Json<ApiRoot> {
    Json(ApiRoot {
        name: app::text::SITE_TITLE.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        openapi: format!("{PREFIX}/openapi.json"),
    })
}

async fn not_found() -> app::backend::Error {
    app::backend::Error::NotFound
}

/// Every API operation lists every error status it can answer, each with the one error shape:
/// those its own annotation names (401, 404, 409 …), and those every route shares — a body's
/// 400/413/415, a write's 403 (cross-site) and 429 (the per-client limit), a path
/// parameter's 404, and 408, 500 and 503 for all.
fn with_every_error_status(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::content::ContentBuilder;
    use utoipa::openapi::response::ResponseBuilder;
    use utoipa::openapi::schema::Ref;
    let error = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ApiError")))
                    .build(),
            )
            .build()
    };
    // The probes (/healthz, /readyz) answer their own shape.
    for (path, item) in doc.paths.paths.iter_mut().filter(|(p, _)| p.starts_with(PREFIX)) {
        let operations = [
            (&mut item.get, false),
            (&mut item.put, true),
            (&mut item.post, true),
            (&mut item.delete, true),
            (&mut item.patch, true),
        ];
        for (operation, writes) in operations {
            let Some(op) = operation else { continue };
            let mut shared = vec![
                ("408", "处理超时"),
                ("500", "系统出现问题"),
                ("503", "数据库或依赖的服务暂时不可用"),
            ];
            if op.request_body.is_some() {
                shared.extend([
                    ("400", "请求有误，fields 逐项说明"),
                    ("413", "请求体过大"),
                    ("415", "请求体须为 application/json"),
                ]);
            }
            if writes {
                shared.extend([("403", "跨站请求被拒绝"), ("429", "操作过于频繁；见 Retry-After")]);
            }
            if path.contains('{') {
                shared.push(("404", "不存在"));
            }
            for (status, description) in shared {
                op.responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| error(description).into());
            }
        }
    }
    doc
}
