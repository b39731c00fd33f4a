use std::net::TcpListener;
use std::process::ExitCode;

use actix_web::web;
use anyhow::Context;
use clap::Parser;

use clinicfaq::api::AppState;
use clinicfaq::auth::{token as tokens, TokenName, TokenRecord};
use clinicfaq::catalog::Catalog;
use clinicfaq::config::{Cli, Command, Settings, TokenCommand};
use clinicfaq::content::workflow::Role;
use clinicfaq::startup;
use clinicfaq::store::AuditDraft;
use clinicfaq::store::Store;
use clinicfaq::{content, eval, telemetry};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _logs = telemetry::init(&cli.settings);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&cli.settings),
        Command::Import { dry_run, prune } => import(&cli.settings, dry_run, prune),
        Command::Check => check(&cli.settings),
        Command::Restore { from } => restore(&cli.settings, &from),
        Command::Eval {
            file,
            url,
            quiet,
            features,
            screen_words,
        } => run_eval(
            &cli.settings,
            &file,
            url.as_deref(),
            quiet,
            features.as_deref(),
            screen_words.as_deref(),
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
            let text = catalog.explain(&question);
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
            Ok(ExitCode::SUCCESS)
        }
        Command::Token(cmd) => token(&cli.settings, cmd),
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
    let admin_hash = settings
        .admin_token
        .as_ref()
        .map(|s| tokens::hash(s.expose()));
    store.sync_bootstrap_admin(admin_hash.as_deref())?;
    let state = web::Data::new(AppState::with_policy(store.clone(), settings.policy())?);
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
    actix_web::rt::System::new().block_on(async {
        actix_web::rt::spawn(startup::maintenance(state.clone()));
        startup::server(listener, state.clone(), settings)?.await
    })?;
    // actix stops on SIGINT/SIGTERM after draining requests; store what the
    // inbox queue holds, then make sure sled is on disk.
    state.inbox.close();
    store.flush()?;
    tracing::info!("stopped; database flushed");
    Ok(ExitCode::SUCCESS)
}

fn import(settings: &Settings, dry_run: bool, prune: bool) -> anyhow::Result<ExitCode> {
    let bundle = content::load_dir(&settings.content)?;
    let store = Store::open(&settings.data)?;
    let report = store.import(&bundle, dry_run, prune)?;
    println!(
        "{}import of {}:",
        if dry_run { "dry run: " } else { "" },
        settings.content.display()
    );
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

fn restore(settings: &Settings, from: &std::path::Path) -> anyhow::Result<ExitCode> {
    let file = std::fs::File::open(from)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", from.display()))?;
    let backup: clinicfaq::store::Backup =
        serde_json::from_reader(std::io::BufReader::new(file))
            .map_err(|e| anyhow::anyhow!("{} is not a clinicfaq backup: {e}", from.display()))?;
    Store::restore(&settings.data, &backup)?;
    println!(
        "restored the backup taken at {} into {}; every record read back and compared:",
        backup.taken_at,
        settings.data.display()
    );
    for (tree, n) in backup.counts() {
        println!("  {tree}: {n}");
    }
    Ok(ExitCode::SUCCESS)
}

fn check(settings: &Settings) -> anyhow::Result<ExitCode> {
    let bundle = content::load_dir(&settings.content)?;
    let library = content::Library::new(
        bundle.providers.clone(),
        bundle.articles.clone(),
        &bundle.entries,
    );
    let mut problems = 0;
    for entry in &bundle.entries {
        if !entry.is_published() {
            continue;
        }
        for p in content::publish_problems(entry, &library) {
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
    screen_words: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    let cases = eval::read_cases(file)?;
    if let Some(path) = screen_words {
        let catalog = Catalog::from_bundle(&content::load_dir(&settings.content)?);
        std::fs::write(path, eval::screen_words(&catalog, &cases))
            .with_context(|| format!("writing {}", path.display()))?;
    }
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

fn token(settings: &Settings, cmd: TokenCommand) -> anyhow::Result<ExitCode> {
    if let TokenCommand::Generate = cmd {
        println!("{}", tokens::generate()?.secret);
        return Ok(ExitCode::SUCCESS);
    }
    let store = Store::open(&settings.data)?;
    match cmd {
        TokenCommand::Create {
            name,
            role,
            display_name,
            credentials,
            days,
        } => {
            let name = TokenName::parse(&name).map_err(anyhow::Error::msg)?;
            let role = Role::parse(&role)
                .ok_or_else(|| anyhow::anyhow!("--role must be editor, clinician or admin"))?;
            anyhow::ensure!(
                (1..=tokens::MAX_DAYS).contains(&days),
                "--days must be 1-{}",
                tokens::MAX_DAYS
            );
            let new = tokens::generate()?;
            let now = time::OffsetDateTime::now_utc();
            let record = TokenRecord::new(new.hash, name, role, now, Some(days), "cli")
                .with_identity(&display_name, credentials.as_deref())
                .map_err(anyhow::Error::msg)?;
            let audit = AuditDraft::system("POST tokens (cli)", format!("tokens/{}", record.id));
            store.insert_token(&record, &audit)?;
            eprintln!(
                "created {} token `{}` (id {}), expires {}; it is shown only now:",
                record.role,
                record.name,
                record.id,
                record
                    .expires_at
                    .map(|t| t.date().to_string())
                    .unwrap_or_default()
            );
            println!("{}", new.secret);
        }
        TokenCommand::List => {
            for t in store.tokens()? {
                let state = if t.revoked_at.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                let expires = t
                    .expires_at
                    .map_or("never".into(), |e| e.date().to_string());
                println!(
                    "{}  {:9}  {:8}  expires {expires}  {}  ({})",
                    t.id,
                    t.role,
                    state,
                    t.name,
                    t.shown_as().unwrap_or_else(|| "no display name".into())
                );
            }
        }
        TokenCommand::Revoke { id } => {
            let audit = AuditDraft::system("DELETE tokens/{id} (cli)", format!("tokens/{id}"));
            let t = store.revoke_token(&id, &audit)?;
            println!("revoked {} ({})", t.id, t.name);
        }
        TokenCommand::Generate => unreachable!("handled above"),
    }
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
