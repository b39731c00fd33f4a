use actix_web::{get, web};

use super::dto::{FaqList, FaqView, ProviderList};
use crate::content::ClinicSettings;
use crate::error::{ApiError, ErrorBody};
use crate::startup::AppState;

/// Every published FAQ entry, in slug order.
#[utoipa::path(
    tag = "public",
    responses((status = 200, description = "Published entries; drafts, entries in review and retired entries are left out", body = FaqList))
)]
#[get("/v1/faqs")]
pub async fn list_faqs(state: web::Data<AppState>) -> web::Json<FaqList> {
    let catalog = state.catalog();
    web::Json(FaqList {
        items: catalog
            .published()
            .map(|e| FaqView::new(e, &catalog.clinic))
            .collect(),
    })
}

/// One published FAQ entry. Drafts, entries in review and retired entries are 404.
#[utoipa::path(
    tag = "public",
    params(("slug" = String, Path, description = "The entry's slug", example = "how-long-effects-last")),
    responses(
        (status = 200, description = "The published entry", body = FaqView),
        (status = 404, description = "No published entry has this slug", body = ErrorBody,
            example = json!({"error": {"code": "not_found", "message": "no published FAQ `no-such-entry`"}})),
    )
)]
#[get("/v1/faqs/{slug}")]
pub async fn get_faq(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<web::Json<FaqView>, ApiError> {
    let catalog = state.catalog();
    catalog
        .entry(&slug)
        .map(|e| web::Json(FaqView::new(e, &catalog.clinic)))
        .ok_or_else(|| ApiError::NotFound(format!("no published FAQ `{}`", truncate(&slug))))
}

/// The clinic's qualified providers.
#[utoipa::path(
    tag = "public",
    responses((status = 200, description = "Every provider patients may be referred to", body = ProviderList))
)]
#[get("/v1/providers")]
pub async fn list_providers(state: web::Data<AppState>) -> web::Json<ProviderList> {
    web::Json(ProviderList {
        items: state.catalog().providers.clone(),
    })
}

/// Clinic settings: contact details, referral message, disclaimer and crisis card.
#[utoipa::path(
    tag = "public",
    responses((status = 200, description = "The clinic's settings", body = ClinicSettings))
)]
#[get("/v1/clinic")]
pub async fn clinic(state: web::Data<AppState>) -> web::Json<ClinicSettings> {
    web::Json(state.catalog().clinic.clone())
}

fn truncate(s: &str) -> String {
    s.chars().take(80).collect()
}
