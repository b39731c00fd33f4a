//! `Staff<P>`: an extractor that admits a request only with a valid token
//! whose role the policy `P` allows. Put it first in a handler's arguments.

use std::future::{ready, Ready};
use std::marker::PhantomData;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use time::OffsetDateTime;

use crate::auth::TokenCache;
use crate::content::workflow::{self, Actor, Role};
use crate::error::{ApiError, Code};

/// Which roles may call a route.
pub trait Policy {
    const ROLES: &'static [Role];
}

/// Editors and clinicians: drafts, submissions, restores, the inbox.
pub struct Writers;
/// Clinicians: approve, reject, publish, retire.
pub struct Reviewers;
/// Admins: tokens, provider and settings proposals, the audit log.
pub struct Admins;
/// Any valid staff token: read-only staff views.
pub struct AnyStaff;

impl Policy for Writers {
    const ROLES: &'static [Role] = workflow::WRITERS;
}
impl Policy for Reviewers {
    const ROLES: &'static [Role] = workflow::REVIEWERS;
}
impl Policy for Admins {
    const ROLES: &'static [Role] = workflow::ADMINS;
}
impl Policy for AnyStaff {
    const ROLES: &'static [Role] = workflow::STAFF;
}

/// The authenticated caller of a staff route.
pub struct Staff<P> {
    pub actor: Actor,
    _policy: PhantomData<P>,
}

impl<P: Policy> FromRequest for Staff<P> {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(check::<P>(req).map_err(Into::into))
    }
}

fn check<P: Policy>(req: &HttpRequest) -> Result<Staff<P>, ApiError> {
    let tokens = req
        .app_data::<web::Data<TokenCache>>()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("the token cache is not registered")))?;
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or(""));
    let actor = tokens
        .authenticate(header, OffsetDateTime::now_utc())
        .map_err(|e| {
            // The reason only: never the header, which holds the secret.
            tracing::info!(reason = ?e, "staff token refused");
            ApiError::Unauthorized(e.to_string())
        })?;
    // The audit middleware reads the actor back, also for refused requests.
    req.extensions_mut().insert(actor.clone());
    if !P::ROLES.contains(&actor.role) {
        tracing::info!(actor = %actor.name, role = %actor.role, "staff role refused");
        let allowed: Vec<&str> = P::ROLES.iter().map(|r| r.as_str()).collect();
        return Err(ApiError::Coded {
            code: Code::Forbidden,
            message: format!(
                "the {} role may not use this route; it needs: {}",
                actor.role,
                allowed.join(" or ")
            ),
        });
    }
    Ok(Staff {
        actor,
        _policy: PhantomData,
    })
}
