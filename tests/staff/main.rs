//! Staff editing over real HTTP: roles, workflow, concurrency, audit, inbox.

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
mod store;
mod transfer;
mod workflow;
