//! Token management (admins) and "who am I" (any staff token).

use actix_web::{delete, get, post, web, HttpMessage, HttpRequest, HttpResponse};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::{audit_draft, write_error, Audited};
use crate::api::blocking;
use crate::api::AppState;
use crate::auth::token::{self, MAX_DAYS};
use crate::auth::{Admins, AnyStaff, Staff, TokenName, TokenRecord};
use crate::content::workflow::Role;
use crate::error::{ApiError, Code, ErrorBody};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    /// Who will hold it. Four eyes compares names, so name the person.
    /// Up to 64 characters, not blank, no control characters.
    #[schema(
        example = "dr-robin",
        min_length = 1,
        max_length = 64,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub name: String,
    pub role: Role,
    /// The holder's name as patients see it on answers they approved
    /// ("Robin Sample"). 1-80 characters, not blank, no control characters.
    #[schema(
        example = "Robin Sample",
        min_length = 1,
        max_length = 80,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub display_name: String,
    /// Their credentials, shown after the name ("Robin Sample, MD").
    #[schema(
        example = "MD",
        max_length = 80,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub credentials: Option<String>,
    /// Days until it expires, 1-365 (default 90).
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(example = 90, minimum = 1, maximum = 365)]
    pub days: Option<u32>,
}

/// An integer as JSON Schema reads one: `270.0` is the integer 270, so it is
/// accepted like `270`; `270.5` is not an integer. Numbers past u32 saturate,
/// and the handler's range check refuses them.
fn whole_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let Some(n) = Option::<f64>::deserialize(d)? else {
        return Ok(None);
    };
    if n.fract() != 0.0 {
        return Err(D::Error::custom(format!(
            "expected a whole number, got {n}"
        )));
    }
    // `as` saturates: negatives become 0, huge numbers u32::MAX.
    Ok(Some(n as u32))
}

/// A token's public details; the secret is never shown again.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenView {
    /// Public id, for revoking.
    #[schema(example = "3f9a1c0b7d2e")]
    pub id: String,
    #[schema(example = "dr-robin")]
    pub name: String,
    pub role: Role,
    /// How patients see the holder on answers they approved.
    #[schema(example = "Robin Sample, MD")]
    pub shown_as: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<OffsetDateTime>,
    pub created_by: String,
}

impl From<&TokenRecord> for TokenView {
    fn from(t: &TokenRecord) -> Self {
        Self {
            id: t.id.clone(),
            name: t.name.clone(),
            role: t.role,
            shown_as: t.shown_as(),
            created_at: t.created_at,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
            created_by: t.created_by.clone(),
        }
    }
}

/// The new token. `token` is shown only in this response.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedToken {
    /// The bearer secret. Store it now: only its hash is kept.
    #[schema(example = "cfq_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    pub token: String,
    #[serde(flatten)]
    pub details: TokenView,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenList {
    pub items: Vec<TokenView>,
}

/// Who the token belongs to.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Me {
    #[schema(example = "dr-robin")]
    pub name: String,
    pub role: Role,
}

/// The caller's token name and role.
#[utoipa::path(
    operation_id = "staff_me",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
    )
)]
#[get("/me")]
pub async fn me(staff: Staff<AnyStaff>) -> web::Json<Me> {
    web::Json(Me {
        name: staff.actor.name,
        role: staff.actor.role,
    })
}

/// Every token, including expired and revoked ones (never their secrets).
#[utoipa::path(
    operation_id = "staff_list_tokens",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every token, without secrets", body = TokenList),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
    )
)]
#[get("/tokens")]
pub async fn list(
    _staff: Staff<Admins>,
    state: web::Data<AppState>,
) -> Result<web::Json<TokenList>, ApiError> {
    let s = state.clone();
    let records = blocking(move || s.store.tokens()).await?;
    Ok(web::Json(TokenList {
        items: records.iter().map(TokenView::from).collect(),
    }))
}

/// Create a token. The secret is in this response and nowhere else.
#[utoipa::path(
    operation_id = "staff_create_token",
    tag = "staff",
    security(("bearer" = [])),
    request_body(content = CreateToken, example = json!({"name": "dr-robin", "role": "clinician", "display_name": "Robin Sample", "credentials": "MD", "days": 90})),
    responses(
        (status = 201, description = "The new token; its secret is shown only here", body = CreatedToken),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 409, description = "A usable token already has this name; case and look-alike letters do not make another person (`name_taken`)", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Bad name, role, display name, credentials or days (`invalid_token_request`)", body = ErrorBody),
    )
)]
#[post("/tokens")]
pub async fn create(
    staff: Staff<Admins>,
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<CreateToken>,
) -> Result<HttpResponse, ApiError> {
    let name =
        TokenName::parse(&body.name).map_err(|m| ApiError::new(Code::InvalidTokenRequest, m))?;
    let days = body.days.unwrap_or(90);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(ApiError::new(
            Code::InvalidTokenRequest,
            format!("days must be 1-{MAX_DAYS}"),
        ));
    }
    let new = token::generate().map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?;
    let now = OffsetDateTime::now_utc();
    let record = TokenRecord::new(
        new.hash,
        name,
        body.role,
        now,
        Some(days),
        &staff.actor.name,
    );
    let record = record
        .with_identity(&body.display_name, body.credentials.as_deref())
        .map_err(|m| ApiError::new(Code::InvalidTokenRequest, m))?;
    let audit = audit_draft(&req, &staff.actor, Some(format!("tokens/{}", record.id)));
    let (s, r) = (state.clone(), record.clone());
    web::block(move || {
        s.store.insert_token(&r, &audit)?;
        s.reload_tokens()?;
        Ok::<_, crate::store::WriteError>(())
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(write_error)?;
    req.extensions_mut().insert(Audited);
    Ok(HttpResponse::Created().json(CreatedToken {
        token: new.secret,
        details: TokenView::from(&record),
    }))
}

/// Revoke a token now. Revoking twice is harmless.
#[utoipa::path(
    operation_id = "staff_revoke_token",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The token's public id", example = "3f9a1c0b7d2e")),
    responses(
        (status = 200, description = "The revoked token", body = TokenView),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such token", body = ErrorBody),
    )
)]
#[delete("/tokens/{id}")]
pub async fn revoke(
    staff: Staff<Admins>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<web::Json<TokenView>, ApiError> {
    let id = id.into_inner();
    let audit = audit_draft(&req, &staff.actor, None);
    let s = state.clone();
    let record = web::block(move || {
        let r = s.store.revoke_token(&id, &audit)?;
        s.reload_tokens()?;
        Ok::<_, crate::store::WriteError>(r)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(write_error)?;
    req.extensions_mut().insert(Audited);
    Ok(web::Json(TokenView::from(&record)))
}

/// How the live catalog reads a question: what the crisis screen found, the
/// matcher's terms and best candidates, and the reply a patient would get.
/// For staff tuning alternates; nothing is stored.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Explanation {
    #[schema(
        example = "screen: None ...\nterms: long effect last\n...\nreply: Answer, tier None (), card English\n"
    )]
    pub reading: String,
}

/// Try a question: how the published FAQ reads it, without asking it as a
/// patient (nothing reaches the inbox or the counts). Any staff token.
#[utoipa::path(
    operation_id = "staff_explain",
    tag = "staff",
    security(("bearer" = [])),
    request_body(content = crate::api::dto::AskRequest, example = json!({"question": "how long do the efects last"})),
    responses(
        (status = 200, description = "The reading", body = Explanation),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Empty or over-long question (`invalid_question`, `question_too_long`)", body = ErrorBody),
    )
)]
#[post("/explain")]
pub async fn explain(
    _staff: Staff<AnyStaff>,
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<crate::api::dto::AskRequest>,
) -> Result<web::Json<Explanation>, ApiError> {
    let question = crate::api::dto::Question::parse(&body.question)?;
    // A read, though it is a POST (the question stays out of URLs): nothing
    // to put in the audit log.
    req.extensions_mut().insert(Audited);
    let reading = state.catalog().catalog.explain(question.as_str());
    Ok(web::Json(Explanation { reading }))
}
