//! One place for configuration: defaults < `CLINICFAQ_*` environment < flags.

use std::fmt;
use std::num::NonZeroU32;
use std::path::PathBuf;

use actix_web::http::Uri;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::auth::Secret;

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
        /// Retire published entries the content directory no longer has
        /// (their history is kept). Without it they are only reported.
        #[arg(long)]
        prune: bool,
    },
    /// Validate the content directory without touching the database.
    Check,
    /// Restore a backup (from GET /v1/staff/backup) into a new, empty data
    /// directory (--data), then read every record back and compare it.
    Restore {
        /// The backup file.
        from: PathBuf,
    },
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
        /// Also write every candidate's matching features as CSV (for
        /// fitting the confidence model with scripts/fit_confidence.py).
        #[arg(long)]
        features: Option<PathBuf>,
        /// Also write the words the crisis screen's statistical layer reads,
        /// one JSON line per question (for scripts/train_screen_model.py).
        #[arg(long)]
        screen_words: Option<PathBuf>,
    },
    /// Manage staff API tokens directly in the database (server stopped).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Show how the matcher reads a question: terms, unknown words, top candidates.
    Explain { question: String },
    /// Print the OpenAPI document (or write it to --output).
    Openapi {
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Exit 0 when the server at --bind answers GET /health with 200, else 1
    /// (for container HEALTHCHECKs, whose images have no curl).
    Healthcheck,
}

/// Token management that works while the server is stopped (sled allows one
/// process per data directory).
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it once; only its hash is stored.
    Create {
        /// Who holds it, e.g. `dr-robin`. Four eyes compares these names.
        #[arg(long)]
        name: String,
        /// editor, clinician or admin.
        #[arg(long)]
        role: String,
        /// The holder's name as patients see it on answers they approve,
        /// e.g. `"Robin Sample"`.
        #[arg(long)]
        display_name: String,
        /// Their credentials, shown after the name, e.g. `MD`.
        #[arg(long)]
        credentials: Option<String>,
        /// Days until it expires (1-365).
        #[arg(long, default_value_t = 90)]
        days: u32,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by its id (from `token list`).
    Revoke { id: String },
    /// Print a fresh random secret, e.g. for CLINICFAQ_ADMIN_TOKEN. Stores nothing.
    Generate,
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
    /// Name the client (IP address, user agent) in request logs. Off by
    /// default: logs then never tie a message (a crisis among them) to
    /// who sent it.
    #[arg(long, env = "CLINICFAQ_LOG_CLIENT_ADDRESSES", global = true)]
    pub log_client_addresses: bool,
    /// HTTP worker threads (default: one per CPU core).
    #[arg(long, env = "CLINICFAQ_WORKERS", global = true)]
    pub workers: Option<usize>,
    /// Bootstrap admin token (at least 32 characters), registered at start.
    /// Prefer the environment variable: a flag shows up in `ps`.
    #[arg(
        long,
        env = "CLINICFAQ_ADMIN_TOKEN",
        hide_env_values = true,
        global = true
    )]
    pub admin_token: Option<Secret>,
    /// Hide published entries from the public this many days after their
    /// next_review_due (unset: overdue entries stay visible, flagged for staff).
    #[arg(long, env = "CLINICFAQ_HIDE_OVERDUE_AFTER_DAYS", global = true)]
    pub hide_overdue_after_days: Option<u32>,
    /// Days to keep unanswered questions in the staff inbox (0 keeps none).
    #[arg(
        long,
        env = "CLINICFAQ_INBOX_RETENTION_DAYS",
        default_value_t = 30,
        global = true
    )]
    pub inbox_retention_days: u32,
    /// Most unanswered questions the staff inbox keeps; past it, the oldest
    /// go first. Bounds what any client can make the service store.
    #[arg(
        long,
        env = "CLINICFAQ_INBOX_MAX_ITEMS",
        default_value_t = 10_000,
        global = true
    )]
    pub inbox_max_items: usize,
    /// Site origins allowed to call the public API from a browser (CORS), comma-separated,
    /// e.g. `https://www.example.org,https://example.org`. Empty: same-origin only.
    #[arg(
        long,
        env = "CLINICFAQ_CORS_ORIGINS",
        value_parser = CorsOrigins::parse,
        default_value = "",
        hide_default_value = true,
        global = true
    )]
    pub cors_origins: CorsOrigins,
    /// Requests per second each client IP may make to the API (`/v1/...`):
    /// `RATE/s[,burst=N]` (burst defaults to twice the rate), or `off`.
    #[arg(
        long,
        env = "CLINICFAQ_RATE_LIMIT",
        value_parser = RateLimit::parse,
        default_value = RateLimit::DEFAULT,
        global = true
    )]
    pub rate_limit: RateLimit,
}

/// The editorial and privacy policy the running service applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub hide_overdue_after_days: Option<u32>,
    pub inbox_retention_days: u32,
    pub inbox_max_items: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            hide_overdue_after_days: None,
            inbox_retention_days: 30,
            inbox_max_items: 10_000,
        }
    }
}

impl Settings {
    pub fn policy(&self) -> Policy {
        Policy {
            hide_overdue_after_days: self.hide_overdue_after_days,
            inbox_retention_days: self.inbox_retention_days,
            inbox_max_items: self.inbox_max_items,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Settings {
    /// Settings for tests and tools: a data dir and the given content, no rate limit.
    pub fn for_dirs(data: PathBuf, content: PathBuf) -> Self {
        Self {
            bind: "127.0.0.1:0".to_owned(),
            data,
            content,
            log: "warn".to_owned(),
            log_format: LogFormat::Text,
            log_client_addresses: false,
            workers: Some(1),
            admin_token: None,
            hide_overdue_after_days: None,
            inbox_retention_days: 30,
            inbox_max_items: 10_000,
            cors_origins: CorsOrigins::default(),
            rate_limit: RateLimit::Off,
        }
    }
}

/// The site origins whose pages may call the public API (the widget's CORS
/// allowlist). Each must be an origin exactly as a browser sends it, so a
/// typo such as a trailing slash fails at startup instead of never matching.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorsOrigins(Vec<String>);

impl CorsOrigins {
    /// Parses a comma-separated list; blank entries are ignored, so an empty
    /// `CLINICFAQ_CORS_ORIGINS=` means same-origin only.
    pub fn parse(raw: &str) -> Result<Self, String> {
        raw.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(parse_origin)
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

/// `scheme://host[:port]`, http or https, lowercased as browsers send it.
fn parse_origin(raw: &str) -> Result<String, String> {
    let origin = raw.to_ascii_lowercase();
    let canonical = origin.parse::<Uri>().ok().and_then(|uri| {
        let scheme = uri
            .scheme_str()
            .filter(|s| matches!(*s, "http" | "https"))?;
        let host = uri.host()?;
        let plain_host = host.starts_with('[')
            || host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        let authority = uri
            .authority()
            .filter(|a| plain_host && !a.as_str().contains('@'))?;
        Some(format!("{scheme}://{authority}"))
    });
    match canonical {
        Some(c) if c == origin => Ok(origin),
        _ => Err(format!(
            "`{raw}` is not a site origin; write it as scheme://host[:port], e.g. \
             https://www.example.org (http or https, no path, no trailing slash, no wildcard)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::CorsOrigins;

    #[test]
    fn cors_origins_are_accepted_as_browsers_send_them() {
        let parsed =
            CorsOrigins::parse(" https://www.example.org , HTTP://Localhost:8080,").unwrap();
        assert_eq!(
            parsed.as_slice(),
            ["https://www.example.org", "http://localhost:8080"]
        );
        assert!(CorsOrigins::parse("").unwrap().as_slice().is_empty());
    }

    #[test]
    fn anything_that_is_not_a_plain_origin_is_rejected() {
        for bad in [
            "*",
            "null",
            "example.org",
            "https://example.org/",
            "https://example.org/path",
            "https://example.org?x=1",
            "ftp://example.org",
            "https://user@example.org",
            "https://*.example.org",
            "https://ok.example,https://bad.example/",
        ] {
            assert!(
                CorsOrigins::parse(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
    }
}

/// How many requests per second one client may make: `off`, or
/// `RATE/s[,burst=N]` (burst defaults to twice the rate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RateLimit {
    /// No limit (benchmarks, tests, or when a proxy in front limits).
    #[default]
    Off,
    PerSecond {
        rate: NonZeroU32,
        burst: NonZeroU32,
    },
}

impl RateLimit {
    /// The server's default: a patient types far slower, and a page load
    /// that opens the widget makes a handful of requests at once.
    pub const DEFAULT: &'static str = "10/s,burst=20";

    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.eq_ignore_ascii_case("off") {
            return Ok(Self::Off);
        }
        let err = || {
            format!(
                "`{raw}` is not a rate limit; write `off`, `RATE/s` or `RATE/s,burst=N` \
                 with whole numbers of at least 1, e.g. {}",
                Self::DEFAULT
            )
        };
        let (rate, burst) = match raw.split_once(',') {
            Some((rate, burst)) => (rate, Some(burst)),
            None => (raw, None),
        };
        let rate = rate.trim().strip_suffix("/s").unwrap_or(rate.trim());
        let rate: NonZeroU32 = rate.parse().map_err(|_| err())?;
        let burst = match burst {
            Some(b) => b
                .trim()
                .strip_prefix("burst=")
                .and_then(|n| n.parse().ok())
                .ok_or_else(err)?,
            None => rate.saturating_mul(NonZeroU32::MIN.saturating_add(1)),
        };
        Ok(Self::PerSecond { rate, burst })
    }
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Off => f.write_str("off"),
            Self::PerSecond { rate, burst } => write!(f, "{rate}/s,burst={burst}"),
        }
    }
}
