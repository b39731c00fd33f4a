//! Staff editing over real HTTP: roles, workflow, concurrency, audit, inbox.

#[path = "../common/app.rs"]
mod app;
mod audit;
mod backup;
mod changes;
mod cli;
mod concurrency;
mod contract;
mod helpers;
mod inbox;
mod props;
mod roles;
#[path = "../common/content.rs"]
mod sample;
mod store;
mod transfer;
mod workflow;
