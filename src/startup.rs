//! The app factory shared by `main`, the tests and the spec export.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::{Server, Service};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::{from_fn, DefaultHeaders};
use actix_web::{web, App, HttpMessage, HttpServer};
use anyhow::Context;
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::api::timeout::{self, RequestTimeout};
use crate::api::{self, rate_limit, ApiDoc, AppState, RouteTable};
use crate::config::{RateLimit, Settings};
use crate::content;
use crate::error;
use crate::store::Store;

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Opens the database and seeds it from the content directory on first start.
pub fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let store = Store::open(&settings.data)?;
    if !store.is_seeded()? {
        let bundle = content::load_dir(&settings.content).with_context(|| {
            format!("seeding a new database from {}", settings.content.display())
        })?;
        let report = store
            .import(&bundle, false, false)
            .with_context(|| format!("seeding the database in {}", settings.data.display()))?;
        tracing::info!(added = report.added.len(), content = %settings.content.display(), "seeded a new database");
    }
    Ok(store)
}

/// Hourly upkeep while serving: drops inbox items past retention and
/// reloads the catalog so entries overdue past the grace period disappear.
pub async fn maintenance(state: web::Data<AppState>) {
    let mut tick = actix_web::rt::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let s = state.clone();
        let result = web::block(move || -> anyhow::Result<usize> {
            let purged = s.store.purge_inbox(s.policy.inbox_retention_days)?;
            s.reload()?;
            Ok(purged)
        })
        .await;
        match result {
            Ok(Ok(purged)) => tracing::debug!(purged, "maintenance done"),
            Ok(Err(e)) => tracing::warn!(error = %e, "maintenance failed"),
            Err(e) => tracing::warn!(error = %e, "maintenance task failed"),
        }
    }
}

/// The OpenAPI document, generated from the same route registration the server uses.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut spec = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(api::routes)
        .split_for_parts()
        .1;
    api::staff::add_error_examples(&mut spec);
    api::staff::add_faq_examples(&mut spec);
    api::document_middleware(&mut spec);
    spec
}

/// What the HTTP layer takes from the settings.
#[derive(Debug, Clone, Default)]
pub struct HttpOptions {
    /// Worker threads; `None` is one per core.
    pub workers: Option<usize>,
    /// Site origins allowed to call the public API from a browser.
    pub cors_origins: Vec<String>,
    /// Requests per second per client on `/v1/...`; off unless set.
    pub rate_limit: RateLimit,
    /// Deadline for a request once its head has arrived; `None` is 10 s.
    pub request_timeout: Option<Duration>,
}

impl From<&Settings> for HttpOptions {
    fn from(settings: &Settings) -> Self {
        Self {
            workers: settings.workers,
            cors_origins: settings.cors_origins.as_slice().to_vec(),
            rate_limit: settings.rate_limit,
            request_timeout: None,
        }
    }
}

/// Just a worker count, no CORS origins, no rate limit: keeps `server(listener, state, Some(1))` in tests short.
impl From<Option<usize>> for HttpOptions {
    fn from(workers: Option<usize>) -> Self {
        Self {
            workers,
            ..Self::default()
        }
    }
}

/// Builds the HTTP server on an already bound listener (port 0 in tests).
pub fn server(
    listener: TcpListener,
    state: web::Data<AppState>,
    options: impl Into<HttpOptions>,
) -> std::io::Result<Server> {
    let HttpOptions {
        workers,
        cors_origins,
        rate_limit,
        request_timeout,
    } = options.into();
    let timeout = web::Data::new(RequestTimeout(request_timeout.unwrap_or(timeout::DEFAULT)));
    // One limiter shared by all workers, so a client's quota is per server.
    let limiter = web::Data::new(rate_limit::Limiter::new(rate_limit));
    let mut server = HttpServer::new(move || {
        let (app, mut spec) = App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .configure(api::routes)
            .split_for_parts();
        api::staff::add_error_examples(&mut spec);
        api::staff::add_faq_examples(&mut spec);
        api::document_middleware(&mut spec);
        let routes = web::Data::new(RouteTable::from_spec(&spec));
        app.app_data(state.clone())
            .app_data(state.tokens.clone())
            .app_data(routes)
            .app_data(limiter.clone())
            .app_data(timeout.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(MAX_BODY_BYTES)
                    .error_handler(error::json_error),
            )
            .app_data(web::QueryConfig::default().error_handler(error::query_error))
            .app_data(web::PathConfig::default().error_handler(error::path_error))
            .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", spec))
            .service(web::redirect("/docs", "/docs/"))
            .default_service(web::to(api::not_found_or_method))
            .wrap(from_fn(timeout::enforce))
            .wrap(from_fn(rate_limit::enforce))
            .wrap(from_fn(api::head_as_get))
            .wrap(api::cors::middleware(&cors_origins))
            .wrap(api::cors::errors_as_json())
            .wrap_fn({
                let allowed = cors_origins.clone();
                move |req, srv| {
                    api::cors::note_unlisted_origin(&req, &allowed);
                    srv.call(req)
                }
            })
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("Referrer-Policy", "no-referrer"))
                    .add(("X-Frame-Options", "DENY")),
            )
            .wrap_fn(|req, srv| {
                let id = req.extensions().get::<RequestId>().copied();
                let fut = srv.call(req);
                async move {
                    let mut res = fut.await?;
                    if let Some(value) =
                        id.and_then(|id| HeaderValue::from_str(&id.to_string()).ok())
                    {
                        res.headers_mut()
                            .insert(HeaderName::from_static("x-request-id"), value);
                    }
                    Ok(res)
                }
            })
            .wrap(TracingLogger::<crate::telemetry::PrivateSpans>::new())
    })
    .shutdown_timeout(10)
    .listen(listener)?;
    if let Some(workers) = workers {
        server = server.workers(workers);
    }
    Ok(server.run())
}
