//! Integration tests over real HTTP: `cargo test --test api`.

mod ask;
mod bad_input;
mod cli;
mod docs;
mod helpers;
mod persistence;
mod public;
mod visibility;
