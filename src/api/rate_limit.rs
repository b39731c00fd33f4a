//! Per-client rate limiting of the API (`/v1/...`), so one client (a script,
//! a stuck widget) cannot starve everybody else. The algorithm and the keyed
//! state are the `governor` crate's (GCRA); this file only adapts it to
//! actix-web. (actix-governor does the same, but it is GPL-3.0 and this crate
//! is MIT.)
//!
//! A client is its connection's peer IP; IPv6 clients are grouped by /64,
//! because one host usually holds a whole /64. `Forwarded` and
//! `X-Forwarded-For` are ignored: anyone can send them. Behind a reverse
//! proxy every client shares the proxy's address, so limit there instead
//! (`--rate-limit off`) or raise the quota.

use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, ResponseError};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota};
use serde_json::json;
use utoipa::openapi::{
    header::Header, ContentBuilder, Object, OpenApi, Ref, ResponseBuilder, Type,
};

use crate::config::RateLimit;
use crate::error::ApiError;

/// Only these paths are limited: the API. The widget script, the demo page,
/// the docs and `/health` (probed by load balancers) are not.
const LIMITED_PREFIX: &str = "/v1/";

/// Forget idle clients every this many checks, so the table stays small.
const CLEANUP_EVERY: u64 = 4096;

/// The shared limiter state: one per server, used by every worker.
pub struct Limiter {
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
    checks: AtomicU64,
}

impl Limiter {
    pub fn new(limit: RateLimit) -> Self {
        let limiter = match limit {
            RateLimit::Off => None,
            RateLimit::PerSecond { rate, burst } => Some(DefaultKeyedRateLimiter::keyed(
                Quota::per_second(rate).allow_burst(burst),
            )),
        };
        Self {
            limiter,
            checks: AtomicU64::new(0),
        }
    }

    /// `Ok` when the client may go ahead, else how many whole seconds to wait.
    fn check(&self, ip: IpAddr) -> Result<(), u64> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        if self.checks.fetch_add(1, Ordering::Relaxed) % CLEANUP_EVERY == CLEANUP_EVERY - 1 {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        limiter.check_key(&client_key(ip)).map_err(|not_until| {
            let wait = not_until.wait_time_from(limiter.clock().now());
            // Round up: a client that waits what it is told must get through.
            (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
        })
    }
}

/// IPv4 per address, IPv6 per /64 (an IPv4-mapped IPv6 address counts as IPv4).
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !(u128::from(u64::MAX))).into()),
        },
        v4 => v4,
    }
}

/// The middleware (`middleware::from_fn(enforce)`); the limiter comes from
/// app data. Over the quota: 429 `rate_limited` with `Retry-After`.
pub async fn enforce(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let verdict = match (req.app_data::<web::Data<Limiter>>(), req.peer_addr()) {
        (Some(limiter), Some(peer)) if req.path().starts_with(LIMITED_PREFIX) => {
            limiter.check(peer.ip())
        }
        _ => Ok(()),
    };
    match verdict {
        Ok(()) => Ok(next.call(req).await?.map_into_left_body()),
        Err(retry_after) => {
            let response = ApiError::RateLimited { retry_after }.error_response();
            Ok(req.into_response(response).map_into_right_body())
        }
    }
}

/// Documents the 429 on every limited operation of the spec. Derived from
/// the same prefix the middleware checks, so the two cannot drift apart.
pub fn document(spec: &mut OpenApi) {
    let example = json!({"error": {"code": "rate_limited",
        "message": "too many requests; retry after 1 second(s)"}});
    let response = ResponseBuilder::new()
        .description(
            "Too many requests from this client; wait the `Retry-After` seconds and try again",
        )
        .header(
            "Retry-After",
            Header::builder()
                .schema(Some(Object::with_type(Type::Integer)))
                .description(Some("Seconds to wait before retrying"))
                .build(),
        )
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .example(Some(example))
                .build(),
        )
        .build();
    for (path, item) in spec.paths.paths.iter_mut() {
        if !path.starts_with(LIMITED_PREFIX) {
            continue;
        }
        let operations = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for op in operations.into_iter().flatten() {
            op.responses
                .responses
                .insert("429".to_owned(), response.clone().into());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroU32;

    use super::*;

    fn per_second(rate: u32, burst: u32) -> RateLimit {
        RateLimit::PerSecond {
            rate: NonZeroU32::new(rate).unwrap(),
            burst: NonZeroU32::new(burst).unwrap(),
        }
    }

    #[test]
    fn rate_limits_parse_from_the_documented_forms() {
        assert_eq!(RateLimit::parse("off"), Ok(RateLimit::Off));
        assert_eq!(RateLimit::parse(" OFF "), Ok(RateLimit::Off));
        assert_eq!(RateLimit::parse("10/s"), Ok(per_second(10, 20)));
        assert_eq!(RateLimit::parse("5"), Ok(per_second(5, 10)));
        assert_eq!(RateLimit::parse("10/s,burst=3"), Ok(per_second(10, 3)));
        assert_eq!(RateLimit::parse(RateLimit::DEFAULT), Ok(per_second(10, 20)));
        let shown = per_second(7, 9).to_string();
        assert_eq!(RateLimit::parse(&shown), Ok(per_second(7, 9)));
    }

    #[test]
    fn anything_else_is_rejected() {
        for bad in [
            "",
            "0/s",
            "-1/s",
            "ten",
            "10/m",
            "10/s,burst=0",
            "10/s,20",
            "on",
        ] {
            assert!(RateLimit::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn a_client_gets_its_burst_then_waits_while_others_are_unaffected() {
        let limiter = Limiter::new(per_second(1, 3));
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(limiter.check(a), Ok(()));
        }
        assert_eq!(limiter.check(a), Err(1));
        assert_eq!(limiter.check(b), Ok(()));
    }

    #[test]
    fn ipv6_clients_share_their_slash_64_and_mapped_ipv4_is_ipv4() {
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let two: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(one), client_key(two));
        assert_ne!(client_key(one), client_key(other));
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.1".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn off_never_limits() {
        let limiter = Limiter::new(RateLimit::Off);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        assert!((0..10_000).all(|_| limiter.check(ip).is_ok()));
    }
}
