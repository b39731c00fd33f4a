//! Integration tests over real HTTP: `cargo test --test api`.

#[path = "../common/app.rs"]
mod app;
mod ask;
mod bad_input;
mod cli;
mod contract;
mod docs;
mod helpers;
mod persistence;
mod public;
mod rate_limit;
#[path = "../common/content.rs"]
mod sample;
mod spanish;
mod startup_errors;
mod visibility;
