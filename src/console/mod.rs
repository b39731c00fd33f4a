//! The staff console: a web page at `/staff/` for the people who edit FAQs.
//! Plain HTML, CSS and one script, compiled into the binary: nothing to
//! build, nothing loaded from elsewhere, and it works offline. It talks only
//! to the staff API on its own origin, with the token the person typed,
//! which lives in the tab's session storage until they sign out.

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{get, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

const INDEX_HTML: &str = include_str!("index.html");
const CONSOLE_JS: &str = include_str!("console.js");
const CONSOLE_CSS: &str = include_str!("console.css");

/// Only the console's own script and style run; it talks only to its own
/// origin; no page may frame it.
const CONSOLE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(console_page)
        .service(console_js)
        .service(console_css);
}

fn asset(content_type: &str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        // Revalidate every time: the console must match the API it talks to.
        .insert_header(CacheControl(vec![CacheDirective::NoCache]))
        .insert_header((header::CONTENT_SECURITY_POLICY, CONSOLE_CSP))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .body(body)
}

/// The staff console: sign in with a staff token, then list, edit, review
/// and publish FAQs and work the inbox.
#[utoipa::path(
    tag = "console",
    responses((status = 200, description = "The staff console", content_type = "text/html", body = String))
)]
#[get("/staff/")]
pub async fn console_page() -> HttpResponse {
    asset("text/html; charset=utf-8", INDEX_HTML)
}

/// The console's script.
#[utoipa::path(
    tag = "console",
    responses((status = 200, description = "The console script", content_type = "text/javascript", body = String))
)]
#[get("/staff/console.js")]
pub async fn console_js() -> HttpResponse {
    asset("text/javascript; charset=utf-8", CONSOLE_JS)
}

/// The console's style sheet.
#[utoipa::path(
    tag = "console",
    responses((status = 200, description = "The console style sheet", content_type = "text/css", body = String))
)]
#[get("/staff/console.css")]
pub async fn console_css() -> HttpResponse {
    asset("text/css; charset=utf-8", CONSOLE_CSS)
}
