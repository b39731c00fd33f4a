//! One place for configuration: defaults < `CLINICFAQ_*` environment < flags.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "clinicfaq",
    version,
    about = "Serves a clinic's vetted FAQ answers with typo-tolerant question matching.",
    long_about = "Serves a clinic's vetted FAQ answers with typo-tolerant question matching.\n\n\
        Without a subcommand it serves the API (same as `clinicfaq serve`). On first start the \
        database in --data is seeded from the content directory; later starts keep staff edits, \
        and `clinicfaq import` re-imports the files explicitly."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API (the default).
    Serve,
    /// Re-import the content directory into the database and report what changed.
    Import {
        /// Report what would change without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Validate the content directory without touching the database.
    Check,
    /// Score a question set ({"q","expect","slugs"} per line) against the matcher.
    Eval {
        /// JSON-lines question file, e.g. tests/regression/tune.jsonl.
        file: PathBuf,
        /// Ask a running server at this base URL instead of the local content.
        #[arg(long)]
        url: Option<String>,
        /// Print only the summary, not every miss.
        #[arg(long)]
        quiet: bool,
    },
    /// Print the OpenAPI document (or write it to --output).
    Openapi {
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address and port to listen on.
    #[arg(
        long,
        env = "CLINICFAQ_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,
    /// Directory of the embedded sled database.
    #[arg(long, env = "CLINICFAQ_DATA", default_value = "data", global = true)]
    pub data: PathBuf,
    /// Content directory (entries/, providers.toml, clinic.toml, matching.toml).
    #[arg(long, env = "CLINICFAQ_CONTENT", default_value = "faq", global = true)]
    pub content: PathBuf,
    /// Log filter, in tracing's EnvFilter syntax (e.g. `info,clinicfaq=debug`).
    #[arg(long, env = "CLINICFAQ_LOG", default_value = "info", global = true)]
    pub log: String,
    /// Log format: human-readable text or one JSON object per line.
    #[arg(long, env = "CLINICFAQ_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    /// HTTP worker threads (default: one per CPU core).
    #[arg(long, env = "CLINICFAQ_WORKERS", global = true)]
    pub workers: Option<usize>,
    /// Site origins allowed to call the public API from a browser (CORS), comma-separated,
    /// e.g. `https://www.example.org,https://example.org`. Empty: same-origin only.
    #[arg(
        long,
        env = "CLINICFAQ_CORS_ORIGINS",
        value_delimiter = ',',
        value_parser = crate::api::cors::parse_origin,
        global = true
    )]
    pub cors_origins: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Settings {
    /// Settings for tests and tools: a data dir and the given content.
    pub fn for_dirs(data: PathBuf, content: PathBuf) -> Self {
        Self {
            bind: "127.0.0.1:0".to_owned(),
            data,
            content,
            log: "warn".to_owned(),
            log_format: LogFormat::Text,
            workers: Some(1),
            cors_origins: Vec::new(),
        }
    }
}
