//! The website chat widget: one self-contained script a clinic embeds with a
//! single tag, and a demo page (the sample clinic's home page) that embeds it.
//! Both are compiled into the binary, so the widget always matches the API
//! it talks to.

use std::sync::LazyLock;

use actix_web::http::header::{self, CacheControl, CacheDirective, ContentType, EntityTag};
use actix_web::{get, HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};
use utoipa_actix_web::service_config::ServiceConfig;

const WIDGET_JS: &str = include_str!("widget.js");
const DEMO_HTML: &str = include_str!("demo.html");

/// How long browsers and CDNs may reuse `widget.js` before revalidating with
/// its ETag. Short, because the URL is not versioned and fixes must reach
/// patients the same day.
const WIDGET_MAX_AGE: u32 = 3600;

/// The demo page runs only our own script and talks only to its own origin.
/// Inline styles stay allowed for the page's own `<style>`; the widget itself
/// uses constructed stylesheets and works without them.
const DEMO_CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'none'";

/// A strong validator derived from the script's bytes.
static WIDGET_ETAG: LazyLock<EntityTag> = LazyLock::new(|| {
    let digest = Sha256::digest(WIDGET_JS.as_bytes());
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    EntityTag::new_strong(hex)
});

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(widget_js).service(demo_page);
}

/// The embeddable chat widget.
///
/// Embed it with one tag:
/// `<script src="https://faq.example.org/widget.js" data-api="https://faq.example.org" defer></script>`.
/// Options are `data-` attributes: `data-position` (`bottom-right` or
/// `bottom-left`), `data-accent` (a CSS colour), `data-greeting`, `data-title`
/// and `data-questions` (comma-separated slugs of the opening chips). It makes
/// no third-party requests, sets no cookies and stores nothing in the browser.
#[utoipa::path(
    tag = "widget",
    responses(
        (status = 200, description = "The widget script", content_type = "text/javascript", body = String),
        (status = 304, description = "Not modified: the `If-None-Match` ETag is current"),
    )
)]
#[get("/widget.js")]
pub async fn widget_js(req: HttpRequest) -> HttpResponse {
    let caching = CacheControl(vec![
        CacheDirective::Public,
        CacheDirective::MaxAge(WIDGET_MAX_AGE),
    ]);
    if is_fresh(&req, &WIDGET_ETAG) {
        return HttpResponse::NotModified()
            .insert_header(header::ETag(WIDGET_ETAG.clone()))
            .insert_header(caching)
            .finish();
    }
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header(header::ETag(WIDGET_ETAG.clone()))
        .insert_header(caching)
        .body(WIDGET_JS)
}

/// The demo page: the sample clinic's home page with the widget embedded.
#[utoipa::path(
    tag = "widget",
    responses((status = 200, description = "The demo page", content_type = "text/html", body = String))
)]
#[get("/")]
pub async fn demo_page() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(ContentType::html())
        .insert_header(CacheControl(vec![CacheDirective::NoCache]))
        .insert_header((header::CONTENT_SECURITY_POLICY, DEMO_CSP))
        .body(DEMO_HTML)
}

/// True when the client's `If-None-Match` already names the current version.
fn is_fresh(req: &HttpRequest, etag: &EntityTag) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.parse::<EntityTag>().is_ok_and(|t| t.weak_eq(etag)))
}
