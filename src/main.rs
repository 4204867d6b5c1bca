//! The `waveplan` command line: parses arguments and hands over to `waveplan::commands`.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use waveplan::commands::{self, Format};

#[derive(Parser)]
#[command(
    name = "waveplan",
    version,
    about = "Turns a cloud migration plan into a static website"
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
enum DiffFormatArg {
    Text,
    Json,
    Markdown,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new plan folder holding the built-in example plan.
    Init { dir: PathBuf },
    /// Validate a plan and report errors and warnings.
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
    Build {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder.
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// Write a reproducible .tar.gz of a signed-off plan: its source and its built site.
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
    Verify { file: PathBuf },
    /// Show what changed between two revisions of a plan: waves, cutovers, paths, methods,
    /// estimates, go/no-go, warnings, approvals and files.
    ///
    /// OLD and NEW are each a plan folder, a waveplan archive (.tar.gz) or git:REV (the NEW
    /// folder as committed at REV). Exit status: 0; with --exit-code 1 when anything differs;
    /// 2 on bad usage; 3 when OLD or NEW has plan errors.
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
    /// Print the JSON Schema of plan.toml, for editors.
    Schema,
    /// Write the built-in templates and static files into DIR/templates and DIR/static for editing.
    Templates {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Preview the site: build in memory, serve it, rebuild and reload the browser on every save.
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let status = match cli.command {
        Command::Init { dir } => commands::init(&dir, &mut err),
        Command::Check {
            dir,
            format,
            deny_warnings,
        } => {
            let format = match format {
                FormatArg::Text => Format::Text,
                FormatArg::Json => Format::Json,
            };
            commands::check(&dir, format, deny_warnings, &mut out, &mut err)
        }
        Command::Build { dir, out: target } => commands::build(&dir, target.as_deref(), &mut err),
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
                DiffFormatArg::Text => waveplan::diff::Format::Text,
                DiffFormatArg::Json => waveplan::diff::Format::Json,
                DiffFormatArg::Markdown => waveplan::diff::Format::Markdown,
            };
            commands::diff(&old, new.as_deref(), format, exit_code, &mut out, &mut err)
        }
        Command::Schema => commands::schema(&mut out),
        Command::Templates { dir } => commands::templates(&dir, &mut err),
        Command::Serve { dir, bind, port } => commands::serve(&dir, bind, port, &mut err),
    };
    ExitCode::from(status as u8)
}
