//! Structured logs with tracing.
//!
//! Lines are formatted on the thread that logs, then handed to a
//! background writer (tracing-appender), so a request never waits on a
//! write to stderr: with a synchronous writer, the one line `/v1/ask` logs
//! cost about a third of its throughput under load. If the writer falls
//! behind by more than its buffer (128k lines), newer lines are dropped
//! rather than slowing requests down. The returned guard writes what is
//! still buffered when it is dropped, at the end of `main`; a process
//! killed with SIGKILL loses what was still buffered.

use std::io::IsTerminal;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, Settings};

/// Installs the global subscriber. Keep the guard alive until exit.
pub fn init(settings: &Settings) -> WorkerGuard {
    let filter = EnvFilter::try_new(&settings.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let (writer, guard) = tracing_appender::non_blocking(std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(std::io::stderr().is_terminal());
    // `try_init` so a second call (tests) is harmless.
    let _ = match settings.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
    guard
}
