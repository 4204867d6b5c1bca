//! The `waveplan` command line: parses arguments and hands over to `waveplan::commands`.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use waveplan::commands::{self, Format};

#[derive(Parser)]
#[command(
    name = "waveplan",
    version,
    about = "Turns a cloud migration plan into a static website",
    long_about = "Turns a cloud migration plan (plan.toml and markdown notes) into a static website: \
                  migration waves, cutover dates, transfer estimates, go/no-go checklists, \
                  rollback plans and sign-off.",
    disable_help_subcommand = true,
    after_help = "Examples:\n  \
                  waveplan init my-plan      start a plan from the built-in example\n  \
                  waveplan serve my-plan     preview it while you edit (http://127.0.0.1:1111/)\n  \
                  waveplan build my-plan     write the site into my-plan/public\n\n\
                  The plan format: `waveplan help plan`; all of it in docs/plan-format.md."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaFormatArg {
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormatArg {
    Text,
    Json,
    Markdown,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new plan folder holding a built-in example plan.
    ///
    /// Writes plan.toml (with a `#:schema ./plan.schema.json` line for editors), the notes,
    /// pages and assets of the example, and plan.schema.json. Never overwrites a file.
    /// `--example` picks which of the built-in examples (the first is the default).
    #[command(
        after_help = "Examples:\n  waveplan init contoso-exit\n  waveplan init --example running contoso-running"
    )]
    Init {
        dir: PathBuf,
        /// Which built-in example.
        #[arg(long, value_name = "NAME", value_parser = example_names())]
        example: Option<String>,
    },
    /// Validate a plan and report errors and warnings.
    ///
    /// Each diagnostic names the file, line and column, quotes the line and suggests a fix.
    /// Exit status 1 when the plan has errors (or warnings, with --deny-warnings).
    #[command(
        after_help = "Examples:\n  waveplan check my-plan\n  waveplan check --format json --deny-warnings"
    )]
    Check {
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: FormatArg,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Render the site (default output: DIR/public).
    ///
    /// The site is plain files with relative links: copy it to a web server or a file share.
    /// Nothing is written when the plan has errors.
    #[command(after_help = "Example:\n  waveplan build my-plan -o /srv/www/migration")]
    Build {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder.
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Print only errors (no warnings, no summary line).
        #[arg(short, long)]
        quiet: bool,
    },
    /// Write a reproducible .tar.gz of a signed-off plan: its source and its built site.
    #[command(after_help = "Example:\n  waveplan archive my-plan -o contoso-exit-rev-1.4.tar.gz")]
    Archive {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The archive file to write, e.g. plan.tar.gz.
        #[arg(short, long, value_name = "FILE")]
        out: PathBuf,
        /// Archive a plan whose plan-scoped approvals are not all signed (marked "draft").
        #[arg(long)]
        allow_draft: bool,
    },
    /// Check an archive's checksums and that its source rebuilds its site byte for byte.
    #[command(after_help = "Example:\n  waveplan verify contoso-exit-rev-1.4.tar.gz")]
    Verify { file: PathBuf },
    /// Show what changed between two revisions of a plan: waves, cutovers, paths, methods,
    /// estimates, go/no-go, warnings, approvals and files.
    ///
    /// OLD and NEW are each a plan folder, a waveplan archive (.tar.gz) or git:REV (the NEW
    /// folder as committed at REV). Exit status: 0; with --exit-code 1 when anything differs;
    /// 2 on bad usage; 3 when OLD or NEW has plan errors.
    #[command(
        after_help = "Examples:\n  waveplan diff rev-1.3.tar.gz my-plan\n  waveplan diff git:HEAD~1 --format markdown"
    )]
    Diff {
        old: String,
        /// Default: the current folder.
        new: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormatArg,
        /// Exit with 1 when anything differs.
        #[arg(long)]
        exit_code: bool,
    },
    /// Print the JSON Schema of plan.toml, for editors; or its key tables in markdown.
    ///
    /// Save the JSON Schema beside plan.toml and put `#:schema ./plan.schema.json` on the
    /// first line of plan.toml: editors with a TOML plugin (VS Code: Even Better TOML) then
    /// complete and check every key. See docs/editors.md.
    #[command(
        after_help = "Examples:\n  waveplan schema > plan.schema.json\n  waveplan schema --format markdown"
    )]
    Schema {
        #[arg(long, value_enum, default_value = "json")]
        format: SchemaFormatArg,
    },
    /// Write the built-in templates and static files into DIR/templates and DIR/static for editing.
    #[command(after_help = "Example:\n  waveplan templates my-plan")]
    Templates {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// A plan from discovery exports (RVTools, a server list, Azure Migrate dependencies):
    /// a new plan folder with -o, or merged into an existing plan with --into.
    #[command(
        after_help = "Examples:\n  waveplan import --rvtools RVTools.xlsx --dependencies deps.csv --group-by Application -o my-plan --start 2027-02-01 --vpn-mbps 650\n  waveplan import --rvtools RVTools.xlsx --dependencies deps.csv --group-by Application --into my-plan"
    )]
    Import(Box<ImportArgs>),
    /// Preview the site: build in memory, serve it, rebuild and reload the browser on every save.
    #[command(after_help = "Example:\n  waveplan serve my-plan --port 8080")]
    Serve {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Address to listen on. Keep it a loopback address: the preview is for this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Print help on a command, or on the plan format (`waveplan help plan`).
    #[command(after_help = "Examples:\n  waveplan help plan\n  waveplan help build")]
    Help {
        /// A command, or `plan` for the plan format.
        topic: Option<String>,
    },
}

/// `waveplan import`: the sources, the rules' columns and the target.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("inventory").required(true).multiple(true).args(["rvtools", "servers"])))]
#[command(group(clap::ArgGroup::new("target").required(true).args(["out", "into"])))]
struct ImportArgs {
    /// An RVTools export: the .xlsx workbook (sheet vInfo) or the vInfo sheet saved as CSV.
    #[arg(long, value_name = "FILE")]
    rvtools: Option<PathBuf>,
    /// A plain inventory CSV: server, and optionally workload, environment, data_gb, owner,
    /// business_unit, criticality, sensitivity.
    #[arg(long, value_name = "FILE.csv")]
    servers: Option<PathBuf>,
    /// An Azure Migrate dependency analysis export (repeatable).
    #[arg(long, value_name = "FILE.csv")]
    dependencies: Vec<PathBuf>,
    /// Group servers into workloads by this column (e.g. an Application custom attribute,
    /// or Folder); default: the workload column of --servers, else one workload per server.
    #[arg(long, value_name = "COLUMN")]
    group_by: Option<String>,
    /// Take each server's environment from this column; default: the environment column of
    /// --servers, else the server name (dev, tst/test, uat, qa, stg/stage/staging; else prod).
    #[arg(long, value_name = "COLUMN")]
    env_by: Option<String>,
    /// Take each server's owner from this column; default: a column named owner.
    #[arg(long, value_name = "COLUMN")]
    owner_by: Option<String>,
    /// Ignore server pairs seen in fewer connection rows than this.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    min_count: u32,
    /// Import powered-off VMs too.
    #[arg(long)]
    include_powered_off: bool,
    /// Write a new plan folder (refused if it holds a plan.toml); needs --start and a bandwidth.
    #[arg(short, long, value_name = "DIR", requires = "start")]
    out: Option<PathBuf>,
    /// Merge into the plan in DIR, keeping its comments, order and hand edits.
    #[arg(long, value_name = "DIR")]
    into: Option<PathBuf>,
    /// The plan's start date (YYYY-MM-DD), with -o.
    #[arg(long, value_name = "DATE", conflicts_with = "into")]
    start: Option<jiff::civil::Date>,
    /// ExpressRoute bandwidth in Mbps, with -o.
    #[arg(long, value_name = "MBPS", conflicts_with = "into")]
    expressroute_mbps: Option<f64>,
    /// VPN bandwidth in Mbps, with -o.
    #[arg(long, value_name = "MBPS", conflicts_with = "into")]
    vpn_mbps: Option<f64>,
    /// Internet bandwidth in Mbps, with -o.
    #[arg(long, value_name = "MBPS", conflicts_with = "into")]
    internet_mbps: Option<f64>,
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
}

/// The names of the built-in examples, with what each shows, for `init --example`.
fn example_names() -> clap::builder::PossibleValuesParser {
    waveplan::embedded::EXAMPLES
        .iter()
        .map(|e| clap::builder::PossibleValue::new(e.name).help(e.about))
        .collect::<Vec<_>>()
        .into()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let status = match cli.command {
        Command::Init { dir, example } => commands::init(&dir, example.as_deref(), &mut err),
        Command::Check {
            dir,
            format,
            deny_warnings,
        } => commands::check(&dir, format_of(format), deny_warnings, &mut out, &mut err),
        Command::Build {
            dir,
            out: target,
            quiet,
        } => commands::build(&dir, target.as_deref(), quiet, &mut err),
        Command::Archive {
            dir,
            out: file,
            allow_draft,
        } => commands::archive(&dir, &file, allow_draft, &mut err),
        Command::Verify { file } => commands::verify(&file, &mut out, &mut err),
        Command::Diff {
            old,
            new,
            format,
            exit_code,
        } => {
            let format = match format {
                DiffFormatArg::Text => waveplan::diff::DiffFormat::Text,
                DiffFormatArg::Json => waveplan::diff::DiffFormat::Json,
                DiffFormatArg::Markdown => waveplan::diff::DiffFormat::Markdown,
            };
            commands::diff(&old, new.as_deref(), format, exit_code, &mut out, &mut err)
        }
        Command::Schema { format } => {
            let markdown = matches!(format, SchemaFormatArg::Markdown);
            commands::schema(markdown, &mut out)
        }
        Command::Templates { dir } => commands::templates(&dir, &mut err),
        Command::Serve { dir, bind, port } => commands::serve(&dir, bind, port, &mut err),
        Command::Import(args) => match import_options(*args) {
            Ok((options, format)) => commands::import(&options, format, &mut out, &mut err),
            Err(usage) => usage.exit(),
        },
        Command::Help { topic } => help(topic.as_deref()),
    };
    ExitCode::from(status as u8)
}

/// The options of `waveplan import`, checked beyond what clap checks.
fn import_options(
    args: ImportArgs,
) -> Result<(waveplan::import::ImportOptions, Format), clap::Error> {
    let usage = |message: &str| {
        Cli::command().error(clap::error::ErrorKind::MissingRequiredArgument, message)
    };
    let network = waveplan::import::NewNetwork {
        expressroute_mbps: args.expressroute_mbps,
        vpn_mbps: args.vpn_mbps,
        internet_mbps: args.internet_mbps,
    };
    let bandwidths = [args.expressroute_mbps, args.vpn_mbps, args.internet_mbps];
    if bandwidths
        .iter()
        .flatten()
        .any(|mbps| !(mbps.is_finite() && *mbps >= 0.0))
    {
        return Err(usage("a bandwidth is a number of Mbps, at least 0"));
    }
    let target = match (args.out, args.into, args.start) {
        (Some(dir), _, Some(start)) => {
            if bandwidths.iter().all(|m| m.is_none_or(|m| m <= 0.0)) {
                return Err(usage(
                    "-o needs at least one bandwidth: --expressroute-mbps, --vpn-mbps or --internet-mbps",
                ));
            }
            waveplan::import::ImportTarget::New {
                dir,
                start,
                network,
            }
        }
        (_, Some(dir), _) => waveplan::import::ImportTarget::Into { dir },
        _ => return Err(usage("-o DIR --start DATE, or --into DIR")),
    };
    let options = waveplan::import::ImportOptions {
        rvtools: args.rvtools,
        servers: args.servers,
        dependencies: args.dependencies,
        group_by: args.group_by,
        env_by: args.env_by,
        owner_by: args.owner_by,
        min_count: args.min_count,
        include_powered_off: args.include_powered_off,
        target,
    };
    Ok((options, format_of(args.format)))
}

fn format_of(format: FormatArg) -> Format {
    match format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
    }
}

/// `waveplan help [TOPIC]`: the plan format, a command's help (as `waveplan COMMAND --help`
/// prints it), or the overview.
fn help(topic: Option<&str>) -> commands::Exit {
    let args: Vec<&str> = match topic {
        Some("plan") => {
            print!("{}", waveplan::reference::PLAN_HELP);
            return commands::Exit::Ok;
        }
        Some(name) if Cli::command().find_subcommand(name).is_some() => {
            vec!["waveplan", name, "--help"]
        }
        Some(name) => {
            let topics: Vec<String> = Cli::command()
                .get_subcommands()
                .map(|c| c.get_name().to_owned())
                .collect();
            eprintln!(
                "error: no help on `{name}`; topics: plan, {}",
                topics.join(", ")
            );
            return commands::Exit::Usage;
        }
        None => vec!["waveplan", "--help"],
    };
    match Cli::command().try_get_matches_from(args) {
        Err(shown) if shown.print().is_err() => commands::Exit::Failed,
        _ => commands::Exit::Ok,
    }
}
