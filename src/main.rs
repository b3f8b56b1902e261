//! The `mentorsite` command line: one `Args` struct and one `run` function
//! per subcommand. Only this file prints; the library returns values and
//! diagnostics.

use clap::{Args, Parser, Subcommand, ValueEnum};
use mentorsite::{BuildError, BuildOptions, Diagnostic, Diagnostics, LoadOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// A build allocates millions of small strings (cells, cards, pages) across
// threads; mimalloc does that faster than the system allocator (1,000,000
// survey responses read in about 1.5 s instead of 2.0 s: bench_aggregate).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A static site generator for mentorship programs: the handbook, a mentor
/// directory, agreement pages and published survey results, from a folder
/// of Markdown and CSV.
#[derive(Parser)]
#[command(name = "mentorsite", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Validate everything a build would, write nothing; exit 1 on any error.
    Check(CheckArgs),
    /// Write the example program into DIR, a new or empty folder.
    Init(InitArgs),
    /// Normalise a form tool's CSV export into data/rounds/ROUND/FORM.csv.
    Import(ImportArgs),
    /// Propose mentor–mentee pairs from the applications (coordinator only):
    /// writes data/proposed-pairs.csv and matching-report.html.
    Match(MatchArgs),
    /// Preview the site: build, serve, rebuild on every change, reload the
    /// browser, and receive form submissions.
    Serve(ServeArgs),
    /// Production: build the site into public/, serve it and receive its
    /// forms; rebuilds the results after submissions. Stops on SIGTERM.
    Host(HostArgs),
    /// Write the coordinator's private health report (program-report.html,
    /// never published): stalled pairs, pairs behind cadence, goals without
    /// progress, mentors over or under capacity, unmatched applicants.
    Report(ReportArgs),
}

#[derive(Args)]
struct ReportArgs {
    /// The site folder: the one holding site.toml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(Args)]
struct SiteArgs {
    /// The site folder: the one holding site.toml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include pages and profiles marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Use this base URL instead of site.toml's `base_url`.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

impl SiteArgs {
    fn load_options(&self) -> LoadOptions {
        LoadOptions {
            drafts: self.drafts,
            base_url: self.base_url.clone(),
            list_ignored_columns: false,
            photos: mentorsite::PhotoMode::Write,
            intake_served: false,
        }
    }
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site; replaced as a whole at the end of a
    /// successful build. Defaults to ROOT/public.
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// How to print problems: `text` for people, `json` (one object a line)
    /// for editors and CI.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Args)]
struct ImportArgs {
    /// The export: CSV from Google Forms, Microsoft Forms, Typeform,
    /// Qualtrics, SurveyMonkey or a spreadsheet.
    file: PathBuf,
    /// The form it answers: data/forms/FORM.toml.
    #[arg(long)]
    form: String,
    /// The round it belongs to: data/rounds/ROUND/.
    #[arg(long)]
    round: String,
    /// The site folder: the one holding site.toml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Replace data/rounds/ROUND/FORM.csv if it exists.
    #[arg(long)]
    force: bool,
    /// Draft data/forms/FORM.toml from the export's header and answers, for
    /// you to review before importing; nothing else is written.
    #[arg(long)]
    new_schema: bool,
}

#[derive(Args)]
struct MatchArgs {
    /// The site folder: the one holding site.toml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The applications export; defaults to the last
    /// data/applications/*.csv in name order.
    #[arg(long, value_name = "FILE")]
    applications: Option<PathBuf>,
}

#[derive(Args)]
struct InitArgs {
    /// The folder to create the site in.
    dir: PathBuf,
    /// Write a minimal program instead of the example: site.toml, a home
    /// page, a handbook with one guide, one mentor, one form, no data.
    #[arg(long)]
    minimal: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(args),
        Command::Check(args) => run_check(args),
        Command::Init(args) => run_init(args),
        Command::Import(args) => run_import(args),
        Command::Match(args) => run_match(args),
        Command::Serve(args) => run_serve(args),
        Command::Report(args) => run_report(args),
        Command::Host(args) => run_host(args),
    }
}

fn report(diagnostics: &[Diagnostic], format: Format) {
    for d in diagnostics {
        match format {
            Format::Text => eprintln!("{}\n", d.render()),
            Format::Json => println!("{}", serde_json::to_string(d).unwrap_or_default()),
        }
    }
}

fn count_line(diagnostics: &[Diagnostic]) -> String {
    format!(
        "{}, {}",
        plural(diagnostics.error_count(), "error", "errors"),
        plural(diagnostics.warning_count(), "warning", "warnings")
    )
}

/// "1 row", "31 rows".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn run_build(args: BuildArgs) -> ExitCode {
    let options = BuildOptions {
        root: args.site.root.clone(),
        output: args.output,
        load: args.site.load_options(),
    };
    match mentorsite::build(&options) {
        Ok((summary, warnings)) => {
            report(&warnings, Format::Text);
            println!(
                "Built {} pages ({} files, {} changed, {} KiB): {} mentors, {} rounds, {} responses, into {} in {} ms",
                summary.pages,
                summary.files,
                summary.written,
                summary.bytes / 1024,
                summary.mentors,
                summary.rounds,
                summary.responses,
                options.output_dir().display(),
                summary.elapsed.as_millis()
            );
            if summary.agreements > 0 {
                println!(
                    "{} agreement pages; their links are in {} (do not publish it)",
                    summary.agreements,
                    options.root.join(mentorsite::AGREEMENTS_CSV).display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Invalid(diagnostics)) => {
            report(&diagnostics, Format::Text);
            eprintln!(
                "Build failed: {}; {} left as it was",
                count_line(&diagnostics),
                options.output_dir().display()
            );
            ExitCode::FAILURE
        }
        Err(BuildError::Io(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_check(args: CheckArgs) -> ExitCode {
    let options = LoadOptions {
        list_ignored_columns: true,
        photos: mentorsite::PhotoMode::Validate,
        ..args.site.load_options()
    };
    let diagnostics = mentorsite::check(&args.site.root, &options);
    report(&diagnostics, args.format);
    if matches!(args.format, Format::Text) {
        eprintln!("{}", count_line(&diagnostics));
    }
    if diagnostics.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn run_init(args: InitArgs) -> ExitCode {
    let start = if args.minimal {
        mentorsite::init::Start::Minimal
    } else {
        mentorsite::init::Start::Example
    };
    match mentorsite::init::init(&args.dir, start) {
        Ok(files) => {
            let what = match start {
                mentorsite::init::Start::Minimal => "a minimal program",
                mentorsite::init::Start::Example => "the example program",
            };
            println!("Wrote {what} ({files} files) into {}", args.dir.display());
            println!(
                "Next: cd {} && mentorsite serve   (preview with live reload; `mentorsite build` writes public/)",
                shell_path(&args.dir)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_import(args: ImportArgs) -> ExitCode {
    let options = mentorsite::import::ImportOptions {
        root: args.root.clone(),
        file: args.file,
        form: args.form,
        round: args.round,
        force: args.force,
    };
    if args.new_schema {
        return match mentorsite::import::new_schema(&options) {
            Ok(path) => {
                println!(
                    "Wrote {}: a draft from the export's header and answers.\n\
                     Review its questions (kinds, options, what is private), then import with:\n  \
                     mentorsite import {} --form {} --round {}",
                    mentorsite::import::display_path(&options.root, &path),
                    options.file.display(),
                    options.form,
                    options.round
                );
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                report(&diagnostics, Format::Text);
                eprintln!("No schema drafted: {}", count_line(&diagnostics));
                ExitCode::FAILURE
            }
        };
    }
    match mentorsite::import::import(&options) {
        Ok(done) => {
            report(&done.warnings, Format::Text);
            let r = &done.report;
            println!(
                "Read {} from {} ({}, {}): {} imported",
                plural(r.rows, "row", "rows"),
                options.file.display(),
                r.tool.name(),
                r.encoding.name(),
                plural(r.imported, "response", "responses"),
            );
            for (count, one, many) in [
                (
                    r.unfinished,
                    "unfinished response left out",
                    "unfinished responses left out",
                ),
                (
                    r.test_responses,
                    "test or preview response left out",
                    "test or preview responses left out",
                ),
                (
                    r.duplicate_rows,
                    "row pasted twice counted once",
                    "rows pasted twice counted once",
                ),
                (
                    r.duplicate_submissions,
                    "repeated submission counted once",
                    "repeated submissions counted once",
                ),
                (
                    r.superseded,
                    "earlier submission replaced by a later one",
                    "earlier submissions replaced by a later one",
                ),
                (
                    r.skipped_rows,
                    "invalid row skipped",
                    "invalid rows skipped",
                ),
            ] {
                if count > 0 {
                    println!("  {}", plural(count, one, many));
                }
            }
            if !r.matrix_columns.is_empty() {
                let rows = mentorsite::describe_matrix_columns(&r.matrix_columns);
                println!("  matrix rows: {rows}");
            }
            if !r.unmatched_columns.is_empty() {
                println!("  ignored columns: {}", r.unmatched_columns.join(", "));
            }
            println!(
                "Wrote {}",
                mentorsite::import::display_path(&options.root, &done.written)
            );
            if done.created_round {
                println!("Created round.toml for the new round: add its dates and invited counts");
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            report(&diagnostics, Format::Text);
            eprintln!(
                "Import failed: {}; nothing was written",
                count_line(&diagnostics)
            );
            ExitCode::FAILURE
        }
    }
}

fn run_report(args: ReportArgs) -> ExitCode {
    match mentorsite::report::report(&args.root) {
        Ok(done) => {
            report(&done.warnings, Format::Text);
            print!("{}", mentorsite::report::summary_text(&done.report));
            println!(
                "\nWrote {} (private: it names mentees; do not publish or commit it)",
                done.html.display()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            report(&diagnostics, Format::Text);
            eprintln!(
                "Report failed: {}; nothing was written",
                count_line(&diagnostics)
            );
            ExitCode::FAILURE
        }
    }
}

fn run_match(args: MatchArgs) -> ExitCode {
    let options = mentorsite::propose::MatchOptions {
        root: args.root.clone(),
        applications: args.applications,
    };
    match mentorsite::propose::propose(&options) {
        Ok(done) => {
            report(&done.warnings, Format::Text);
            print!("{}", done.report);
            println!(
                "\n{} applicants from {}: {} pairs proposed (total score {}), {} unmatched",
                done.applicants,
                done.applications.display(),
                done.pairs,
                done.total_score,
                done.unmatched
            );
            println!(
                "Wrote {} and {} (private: do not publish). Set a pair's status to active in data/pairs.csv to make its agreement.",
                done.csv.display(),
                done.html.display()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            report(&diagnostics, Format::Text);
            eprintln!(
                "Matching failed: {}; nothing was written",
                count_line(&diagnostics)
            );
            ExitCode::FAILURE
        }
    }
}

fn shell_path(path: &Path) -> String {
    path.display().to_string()
}

#[derive(Args)]
struct ServeArgs {
    /// The site folder: the one holding site.toml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The address to listen on; anything but loopback shows the preview
    /// (and its forms) to your network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Open the preview in the browser once it is ready.
    #[arg(long)]
    open: bool,
    /// Include pages and profiles marked `draft = true`.
    #[arg(long)]
    drafts: bool,
}

/// Runs the preview until the process is stopped, printing what happens.
fn run_serve(args: ServeArgs) -> ExitCode {
    use mentorsite::serve::{self, ServeEvent, SubmissionOutcome};
    let options = serve::ServeOptions {
        root: args.root.clone(),
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
    };
    let preview = match serve::start(&options) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let stamp = || chrono::Local::now().format("%H:%M:%S");
    for event in preview.events() {
        match event {
            ServeEvent::Listening { url, output } => {
                println!("Serving {} at {url}", args.root.display());
                println!(
                    "The preview is written to {} (not public/); Ctrl+C stops it",
                    output.display()
                );
                if args.open {
                    if let Err(e) = serve::open_in_browser(&url) {
                        eprintln!("cannot open a browser: {e}; open {url} yourself");
                    }
                }
            }
            ServeEvent::Built {
                trigger,
                report: built,
            } => {
                report(&built.warnings, Format::Text);
                if trigger == "startup" {
                    println!(
                        "[{}] Built {} pages ({} files) in {} ms",
                        stamp(),
                        built.pages,
                        built.files,
                        built.elapsed.as_millis()
                    );
                } else {
                    println!(
                        "[{}] Rebuilt after {trigger}: {} written, {} removed in {} ms \
                         (load and render {} ms, write {} ms, search index {} ms){}",
                        stamp(),
                        built.written.len(),
                        built.removed,
                        built.elapsed.as_millis(),
                        built.render.as_millis(),
                        built.write.as_millis(),
                        built.index.as_millis(),
                        if built.recovered {
                            "; the error is fixed"
                        } else {
                            ""
                        }
                    );
                }
            }
            ServeEvent::Copied {
                trigger,
                files,
                elapsed,
            } => println!(
                "[{}] Copied {trigger}: {} written in {} ms",
                stamp(),
                files.len(),
                elapsed.as_millis()
            ),
            ServeEvent::BuildFailed {
                trigger,
                diagnostics,
                repeated,
                ..
            } => {
                if repeated {
                    eprintln!(
                        "[{}] Build after {trigger} still fails with the errors above",
                        stamp()
                    );
                } else {
                    report(&diagnostics, Format::Text);
                    eprintln!(
                        "[{}] Build after {trigger} failed: {}; serving the last good site",
                        stamp(),
                        count_line(&diagnostics)
                    );
                }
            }
            ServeEvent::WriteFailed { message } => eprintln!("[{}] error: {message}", stamp()),
            ServeEvent::WatchError { message } => {
                eprintln!("[{}] watch error: {message}", stamp())
            }
            ServeEvent::Submission { form, outcome } => {
                let what = match outcome {
                    SubmissionOutcome::Stored { round } => {
                        format!("stored in data/rounds/{round}/{form}.csv")
                    }
                    SubmissionOutcome::Invalid { errors } => {
                        let s = if errors == 1 { "" } else { "s" };
                        format!("invalid ({errors} error{s} shown to the sender), not stored")
                    }
                    SubmissionOutcome::Honeypot => "honeypot filled (a bot), not stored".into(),
                    SubmissionOutcome::Refused { status, reason } => {
                        format!("refused ({status}): {reason}")
                    }
                };
                println!("[{}] Submission to form `{form}`: {what}", stamp());
            }
        }
    }
    ExitCode::SUCCESS
}

#[derive(Args)]
struct HostArgs {
    /// The site folder: the one holding site.toml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The address to listen on: loopback behind a reverse proxy on the
    /// same machine, 0.0.0.0 in a container.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Connections open at once; more are answered 503.
    #[arg(long, default_value_t = 1024)]
    max_connections: usize,
    /// Form submissions one client may send per minute.
    #[arg(long, default_value_t = 20)]
    submissions_per_minute: u32,
    /// Seconds without submissions before the results are rebuilt.
    #[arg(long, default_value_t = 2.0)]
    rebuild_after: f64,
}

/// Runs the production server until SIGTERM, logging one JSON line per
/// request and event on stdout.
fn run_host(args: HostArgs) -> ExitCode {
    use mentorsite::host::{self, HostError, HostEvent};
    let options = host::HostOptions {
        bind: args.bind,
        port: args.port,
        max_connections: args.max_connections.max(1),
        submissions_per_minute: args.submissions_per_minute,
        rebuild_quiet: std::time::Duration::from_secs_f64(args.rebuild_after.clamp(0.05, 3600.0)),
        ..host::HostOptions::new(args.root.clone())
    };
    let running = match host::start(&options) {
        Ok(h) => h,
        Err(HostError::Build(BuildError::Invalid(diagnostics))) => {
            report(&diagnostics, Format::Text);
            eprintln!("{}; nothing to serve", count_line(&diagnostics));
            return ExitCode::FAILURE;
        }
        Err(HostError::Build(BuildError::Io(e)) | HostError::Io(e)) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let log = |value: serde_json::Value| {
        let mut line = serde_json::json!({ "time": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true) });
        if let (Some(line), serde_json::Value::Object(fields)) = (line.as_object_mut(), value) {
            line.extend(fields);
        }
        println!("{line}");
    };
    for event in running.events() {
        match event {
            HostEvent::Listening { url } => {
                println!("Hosting {} at {url}", args.root.display());
            }
            HostEvent::Built {
                trigger,
                pages,
                files,
                bytes,
                elapsed,
                warnings,
            } => {
                report(&warnings, Format::Text);
                log(
                    serde_json::json!({ "event": "built", "trigger": trigger, "pages": pages, "files": files, "bytes": bytes, "ms": elapsed.as_millis() as u64 }),
                );
            }
            HostEvent::RebuildFailed { diagnostics } => {
                report(&diagnostics, Format::Text);
                log(
                    serde_json::json!({ "event": "rebuild_failed", "errors": diagnostics.len(), "serving": "the last good site" }),
                );
            }
            HostEvent::Request {
                client,
                method,
                path,
                status,
                bytes,
                elapsed,
            } => log(
                serde_json::json!({ "event": "request", "client": client.to_string(), "method": method, "path": path, "status": status, "bytes": bytes, "us": elapsed.as_micros() as u64 }),
            ),
            HostEvent::Submission { form, outcome } => {
                use mentorsite::serve::SubmissionOutcome;
                let (what, status) = match outcome {
                    SubmissionOutcome::Stored { .. } => ("stored".to_string(), 200),
                    SubmissionOutcome::Invalid { .. } => ("invalid".to_string(), 422),
                    SubmissionOutcome::Honeypot => ("honeypot".to_string(), 200),
                    SubmissionOutcome::Refused { status, reason } => {
                        (format!("refused: {reason}"), status)
                    }
                };
                log(
                    serde_json::json!({ "event": "submission", "form": form, "outcome": what, "status": status }),
                );
            }
            HostEvent::Stopping => log(serde_json::json!({ "event": "stopping" })),
            HostEvent::Stopped => {
                log(serde_json::json!({ "event": "stopped" }));
                break;
            }
        }
    }
    ExitCode::SUCCESS
}
