//! The `mentorsite` command line: one `Args` struct and one `run` function
//! per subcommand. Only this file prints; the library returns values and
//! diagnostics.

use clap::{Args, Parser, Subcommand, ValueEnum};
use mentorsite::{BuildError, BuildOptions, Diagnostic, Diagnostics, LoadOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(args),
        Command::Check(args) => run_check(args),
        Command::Init(args) => run_init(args),
        Command::Import(args) => run_import(args),
        Command::Match(args) => run_match(args),
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
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(diagnostics.error_count(), "error"),
        plural(diagnostics.warning_count(), "warning")
    )
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
                "Built {} pages ({} files, {} KiB): {} mentors, {} rounds, {} responses, into {} in {} ms",
                summary.pages,
                summary.files,
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
    match mentorsite::init::init(&args.dir) {
        Ok(files) => {
            println!(
                "Wrote the example program ({files} files) into {}",
                args.dir.display()
            );
            println!("Next: cd {} && mentorsite build", shell_path(&args.dir));
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
    match mentorsite::import::import(&options) {
        Ok(done) => {
            report(&done.warnings, Format::Text);
            let r = &done.report;
            println!(
                "Read {} rows from {} ({:?}, {:?}): {} responses imported",
                r.rows,
                options.file.display(),
                r.tool,
                r.encoding,
                r.imported
            );
            for (count, what) in [
                (r.unfinished, "unfinished responses left out"),
                (r.test_responses, "test or preview responses left out"),
                (r.duplicate_rows, "rows pasted twice counted once"),
                (r.duplicate_submissions, "repeated submissions counted once"),
                (r.superseded, "earlier submissions replaced by a later one"),
                (r.skipped_rows, "invalid rows skipped"),
            ] {
                if count > 0 {
                    println!("  {count} {what}");
                }
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
