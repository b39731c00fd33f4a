//! Unknown paths get a JSON 404; known paths with the wrong method get a
//! JSON 405 with `Allow`. The table of known paths comes from the spec, so
//! it can never drift from the routes. HEAD is answered wherever GET is.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest};

use crate::error::ApiError;

/// Path templates and their methods, e.g. `/v1/faqs/{slug}` → `GET`.
pub struct RouteTable(Vec<(Vec<String>, Vec<String>)>);

impl RouteTable {
    pub fn from_spec(spec: &utoipa::openapi::OpenApi) -> Self {
        let routes = spec
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path.split('/').map(str::to_owned).collect();
                let value = serde_json::to_value(item).unwrap_or_default();
                let mut methods: Vec<String> = value
                    .as_object()
                    .map(|o| {
                        o.keys()
                            .filter(|k| {
                                matches!(
                                    k.as_str(),
                                    "get"
                                        | "put"
                                        | "post"
                                        | "delete"
                                        | "patch"
                                        | "head"
                                        | "options"
                                )
                            })
                            .map(|k| k.to_uppercase())
                            .collect()
                    })
                    .unwrap_or_default();
                if methods.iter().any(|m| m == "GET") {
                    methods.push("HEAD".to_owned());
                }
                methods.sort();
                methods.dedup();
                (segments, methods)
            })
            .collect();
        Self(routes)
    }

    fn allowed(&self, path: &str) -> Option<&[String]> {
        let segments: Vec<&str> = path.split('/').collect();
        self.0
            .iter()
            .find(|(pattern, _)| {
                pattern.len() == segments.len()
                    && pattern
                        .iter()
                        .zip(&segments)
                        .all(|(p, s)| p == s || (p.starts_with('{') && !s.is_empty()))
            })
            .map(|(_, methods)| methods.as_slice())
    }
}

pub async fn not_found_or_method(
    req: HttpRequest,
    table: web::Data<RouteTable>,
) -> Result<actix_web::HttpResponse, ApiError> {
    match table.allowed(req.path()) {
        Some(methods) if !methods.is_empty() => Err(ApiError::MethodNotAllowed(methods.to_vec())),
        _ => Err(ApiError::NotFound(format!(
            "no route for {} {}",
            req.method(),
            req.path().chars().take(200).collect::<String>()
        ))),
    }
}

/// Middleware: routes a HEAD as the GET it mirrors (RFC 9110 9.3.2: a server
/// that answers GET answers HEAD too; uptime monitors and `curl -I` use it).
/// actix's HTTP/1 codec remembers that the request was a HEAD and sends the
/// GET's status and headers without the body.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}
