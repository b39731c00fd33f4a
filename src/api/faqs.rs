use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{FaqList, FaqPage, FaqView, ProviderList, Referral};
use crate::api::AppState;
use crate::content::{ClinicSettings, Lang};
use crate::error::{ApiError, ErrorBody};

/// Which language to read the FAQ in.
/// Other query parameters are ignored, as they always were here.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// `en` (the default) or `es`. An entry without a published version in
    /// that language is given in English, with `lang` saying so.
    #[param(inline, example = "es")]
    pub lang: Option<Lang>,
}

/// Every published FAQ entry, in slug order, in the language asked for.
#[utoipa::path(
    tag = "public",
    params(LangQuery),
    responses(
        (status = 200, description = "Published entries; drafts, entries in review and retired entries are left out", body = FaqList,
            headers(("Content-Language" = String, description = "The language asked for: `en` or `es`"))),
        (status = 400, description = "Unknown query parameter or language (`invalid_query`)", body = ErrorBody),
    )
)]
#[get("/v1/faqs")]
pub async fn list_faqs(state: web::Data<AppState>, query: web::Query<LangQuery>) -> HttpResponse {
    let catalog = state.catalog();
    let lang = query.lang.unwrap_or_default();
    let items = catalog
        .published()
        .filter_map(|e| catalog.entry_for(e.body.slug.as_str(), lang))
        .map(|e| FaqView::new(e, &catalog.clinic))
        .collect();
    HttpResponse::Ok()
        .insert_header((header::CONTENT_LANGUAGE, lang.code()))
        .json(FaqList { items })
}

/// One published FAQ entry, in the language asked for (English where it
/// has no version in that language yet). Drafts, entries in review and
/// retired entries are 404.
#[utoipa::path(
    tag = "public",
    params(("slug" = String, Path, description = "The entry's slug", example = "how-long-effects-last"), LangQuery),
    responses(
        (status = 200, description = "The published entry, with the referral that goes with its answer (the providers of its kind, else every provider)", body = FaqPage,
            headers(("Content-Language" = String, description = "The language of the text sent: `en` or `es`"))),
        (status = 400, description = "Unknown query parameter or language (`invalid_query`)", body = ErrorBody),
        (status = 404, description = "No published entry has this slug", body = ErrorBody,
            example = json!({"error": {"code": "not_found", "message": "no published FAQ `no-such-entry`"}})),
    )
)]
#[get("/v1/faqs/{slug}")]
pub async fn get_faq(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, ApiError> {
    let catalog = state.catalog();
    let lang = query.lang.unwrap_or_default();
    let entry = catalog
        .entry_for(&slug, lang)
        .ok_or_else(|| ApiError::NotFound(format!("no published FAQ `{}`", truncate(&slug))))?;
    let referral = Referral::new(
        false,
        lang,
        catalog.referral_providers(Some(&entry.body.provider_kind)),
        &catalog.clinic,
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_LANGUAGE, entry.body.lang.code()))
        .json(FaqPage {
            faq: FaqView::new(entry, &catalog.clinic),
            referral,
        }))
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
