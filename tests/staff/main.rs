//! Staff editing over real HTTP: roles, workflow, concurrency, audit, inbox.

mod audit;
mod concurrency;
mod helpers;
mod inbox;
mod props;
mod roles;
mod workflow;
