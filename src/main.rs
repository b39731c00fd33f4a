use std::net::TcpListener;
use std::process::ExitCode;

use actix_web::web;
use anyhow::Context;
use clap::Parser;

use clinicfaq::catalog::Catalog;
use clinicfaq::config::{Cli, Command, Settings};
use clinicfaq::startup::{self, AppState};
use clinicfaq::store::Store;
use clinicfaq::{content, eval, telemetry};

fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(&cli.settings);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&cli.settings),
        Command::Import { dry_run } => import(&cli.settings, dry_run),
        Command::Check => check(&cli.settings),
        Command::Eval {
            file,
            url,
            quiet,
            features,
        } => run_eval(
            &cli.settings,
            &file,
            url.as_deref(),
            quiet,
            features.as_deref(),
        ),
        Command::Explain { question } => {
            let catalog = Catalog::from_bundle(
                &content::load_dir(&cli.settings.content)
                    .map_err(anyhow::Error::from)
                    .unwrap_or_else(|e| {
                        eprintln!("error: {e:#}");
                        std::process::exit(1)
                    }),
            );
            print!("{}", catalog.matcher().explain(&question));
            Ok(ExitCode::SUCCESS)
        }
        Command::Openapi { output } => export_spec(output.as_deref()),
        Command::Healthcheck => healthcheck(&cli.settings),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = startup::open_store(settings)?;
    let state = web::Data::new(AppState::new(store.clone())?);
    let listener =
        TcpListener::bind(&settings.bind).with_context(|| format!("binding {}", settings.bind))?;
    tracing::info!(
        addr = %listener.local_addr()?,
        entries = state.catalog().len(),
        data = %settings.data.display(),
        cors_origins = ?settings.cors_origins.as_slice(),
        rate_limit = %settings.rate_limit,
        "clinicfaq listening"
    );
    actix_web::rt::System::new()
        .block_on(async { startup::server(listener, state, settings)?.await })?;
    // actix stops on SIGINT/SIGTERM after draining requests; make sure sled is on disk.
    store.flush()?;
    tracing::info!("stopped; database flushed");
    Ok(ExitCode::SUCCESS)
}

fn import(settings: &Settings, dry_run: bool) -> anyhow::Result<ExitCode> {
    let bundle = content::load_dir(&settings.content)?;
    let store = Store::open(&settings.data)?;
    let report = store.import(&bundle, dry_run)?;
    println!(
        "{}import of {}:",
        if dry_run { "dry run: " } else { "" },
        settings.content.display()
    );
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

fn check(settings: &Settings) -> anyhow::Result<ExitCode> {
    let bundle = content::load_dir(&settings.content)?;
    let mut problems = 0;
    for entry in &bundle.entries {
        if !entry.is_published() {
            continue;
        }
        for p in content::publish_problems(entry, &bundle.providers) {
            problems += 1;
            println!("{}: {p}", entry.slug);
        }
    }
    println!(
        "{} entries, {} providers, {problems} problem(s)",
        bundle.entries.len(),
        bundle.providers.len()
    );
    Ok(if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn run_eval(
    settings: &Settings,
    file: &std::path::Path,
    url: Option<&str>,
    quiet: bool,
    features: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    let cases = eval::read_cases(file)?;
    if let Some(path) = features {
        let catalog = Catalog::from_bundle(&content::load_dir(&settings.content)?);
        std::fs::write(path, eval::feature_csv(&catalog, &cases))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let report = match url {
        Some(url) => eval::score(&cases, |q| eval::ask_remote(url, q))?,
        None => {
            let catalog = Catalog::from_bundle(&content::load_dir(&settings.content)?);
            eval::score(&cases, |q| Ok(eval::ask_local(&catalog, q)))?
        }
    };
    if !quiet {
        for miss in &report.misses {
            println!("MISS {miss}");
        }
    }
    print!("{report}");
    Ok(ExitCode::SUCCESS)
}

fn export_spec(output: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let json = startup::openapi().to_pretty_json()? + "\n";
    match output {
        Some(path) => {
            std::fs::write(path, json).with_context(|| format!("writing {}", path.display()))?
        }
        None => print!("{json}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn healthcheck(settings: &Settings) -> anyhow::Result<ExitCode> {
    // A server bound to 0.0.0.0 / [::] is reached on loopback from inside its container.
    let target = match settings.bind.parse::<std::net::SocketAddr>() {
        Ok(mut addr) if addr.ip().is_unspecified() => {
            addr.set_ip(match addr {
                std::net::SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                std::net::SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
            addr.to_string()
        }
        _ => settings.bind.clone(),
    };
    let url = format!("http://{target}/health");
    let reply = ureq::get(&url)
        .config()
        .timeout_global(Some(std::time::Duration::from_secs(3)))
        .build()
        .call();
    match reply {
        Ok(_) => {
            println!("ok: {url}");
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            eprintln!("unhealthy: {url}: {err}");
            Ok(ExitCode::FAILURE)
        }
    }
}
