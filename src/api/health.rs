use actix_web::{get, web, HttpResponse};

use super::dto::Health;
use crate::api::AppState;

/// Liveness and readiness: the database answers and the corpus is loaded.
#[utoipa::path(
    tag = "ops",
    responses(
        (status = 200, description = "Ready to answer questions", body = Health),
        (status = 503, description = "Alive but not ready", body = Health),
    )
)]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let store = state.store.clone();
    let database = web::block(move || store.is_seeded())
        .await
        .is_ok_and(|r| r.unwrap_or(false));
    let entries = state.catalog().len();
    let ready = database && entries > 0;
    let body = Health {
        status: if ready { "ok" } else { "unavailable" }.to_owned(),
        database,
        corpus_loaded: entries > 0,
        entries,
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    if ready {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
