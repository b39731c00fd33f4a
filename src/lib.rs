//! clinicfaq: a clinic's vetted FAQ answers over REST, with typo-tolerant
//! question matching, a crisis screen and a provider referral on every reply.
//! See docs/ARCHITECTURE.md for the map.

pub mod api;
pub mod auth;
pub mod catalog;
pub mod config;
pub mod console;
pub mod content;
pub mod error;
pub mod eval;
pub mod inbox;
pub mod matching;
pub mod safety;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod widget;
