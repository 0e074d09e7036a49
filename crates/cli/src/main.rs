//! `jornada`: analyze CSV exports from the command line, explain a metric's rows, print a
//! metric's SQL twin, and generate the sample company.
//!
//! Exit codes: 0 when every file was read (rejected rows do not count as failure); 1 when a
//! file could not be read (named on stderr; the other files are still analysed and printed);
//! 2 for bad arguments, an unreadable mapping or config file, or an unknown metric.

mod output;
mod read;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use jornada_engine::ingest::mapping::Mapping;
use jornada_engine::metrics;
use jornada_engine::sample::{self, Lang, SampleSize};
use jornada_engine::{Granularity, Query, Role, Settings, Table};
use read::{FileError, FileTiming};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "jornada",
    version,
    about = "Customer-journey metrics from CSV exports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read the files and compute every metric they allow.
    Analyze {
        #[command(flatten)]
        input: Input,
        /// Print one JSON object instead of the readable report.
        #[arg(long)]
        json: bool,
        /// Print rows, MB, MB/s and time per stage (read, parse, metrics) on stderr.
        #[arg(long)]
        timings: bool,
    },
    /// List the rows behind a metric value and the rule that included or excluded each.
    Explain {
        /// Metric id from METRICS.md, e.g. sales.revenue.
        metric_id: String,
        /// One period of the series instead of the whole range: 2025-03, 2025-W09, 2025-Q1,
        /// 2025-03-04 or 2025.
        #[arg(long)]
        period: Option<String>,
        /// With journey.customers: the timeline of this customer (customer id or e-mail),
        /// every row of every file in time order.
        #[arg(long)]
        customer: Option<String>,
        /// One bar of a breakdown instead of every row: ROLE=KEY, e.g. `--by channel=Loja`
        /// (the rows the breakdown counted for that key).
        #[arg(long, value_parser = parse_by)]
        by: Option<(Role, String)>,
        #[command(flatten)]
        input: Input,
        /// Print the explanation as JSON (every row).
        #[arg(long)]
        json: bool,
        /// List every row, not just the first ones.
        #[arg(long)]
        all: bool,
    },
    /// Write every customer's unified profile as CSV (cells safe to open in a spreadsheet).
    Profiles {
        #[command(flatten)]
        input: Input,
        /// The CSV file to write (else standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print a metric's SQL twin (DuckDB dialect).
    Sql {
        /// Metric id from METRICS.md, e.g. sales.revenue.
        metric_id: String,
    },
    /// Write the sample company's CSV files.
    Sample {
        /// About this many order rows: 10k, 100k, 1m, 10m (or a number).
        #[arg(long, default_value = "10k")]
        size: SampleSize,
        /// Headers, values and formats: pt (Brazilian) or en.
        #[arg(long, default_value = "pt")]
        lang: Lang,
        /// The same seed always writes the same bytes.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Directory to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
}

/// Files and the query over them, shared by `analyze` and `explain`.
#[derive(Args)]
struct Input {
    /// First day of the range (YYYY-MM-DD), inclusive.
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Last day of the range (YYYY-MM-DD), inclusive.
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// How the range is cut into periods for series.
    #[arg(long, value_enum, default_value_t = GranularityArg::Month)]
    granularity: GranularityArg,
    /// Only one segment: DIMENSION=VALUE, the dimension `acquisition` (orders' and leads'
    /// channel or source, sessions' source, spend's and subscriptions' channel) or
    /// `ticket_channel` (tickets' and chats' channel); a bare VALUE is an acquisition channel.
    /// Case and spacing variants are one value. Metrics reading no filtered file say so.
    #[arg(long, value_parser = parse_segment)]
    segment: Option<jornada_engine::segment::Segment>,
    /// A JSON mapping file that overrides inferred kinds, roles and formats.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// A JSON settings file (SLA targets, scales, status words, ...).
    #[arg(long)]
    config: Option<PathBuf>,
    /// CSV files to read.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum GranularityArg {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl From<GranularityArg> for Granularity {
    fn from(g: GranularityArg) -> Granularity {
        match g {
            GranularityArg::Day => Granularity::Day,
            GranularityArg::Week => Granularity::Week,
            GranularityArg::Month => Granularity::Month,
            GranularityArg::Quarter => Granularity::Quarter,
            GranularityArg::Year => Granularity::Year,
        }
    }
}

/// `channel=Loja` → the breakdown role and its key, as the report's `breakdowns` name them.
fn parse_by(s: &str) -> Result<(Role, String), String> {
    let (role, key) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not ROLE=KEY, e.g. channel=Loja"))?;
    let role = jornada_engine::ingest::roles::role_from_id(role)
        .ok_or_else(|| format!("`{role}` is not a column role (e.g. channel, plan, source)"))?;
    Ok((role, key.to_string()))
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: expected YYYY-MM-DD, e.g. 2025-03-31"))
}

fn parse_segment(s: &str) -> Result<jornada_engine::segment::Segment, String> {
    jornada_engine::segment::Segment::parse(s)
}

/// A usage-level failure (exit 2) with its message.
struct Fatal(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze {
            input,
            json,
            timings,
        } => analyze(&input, json, timings),
        Command::Explain {
            metric_id,
            period,
            customer,
            by,
            input,
            json,
            all,
        } => match customer {
            Some(who) if metric_id == "journey.customers" => timeline(&who, &input, json, all),
            Some(_) => Err(Fatal(format!(
                "--customer goes with journey.customers, not `{metric_id}`"
            ))),
            None => explain(&metric_id, period.as_deref(), by, &input, json, all),
        },
        Command::Profiles { input, out } => profiles(&input, out.as_deref()),
        Command::Sql { metric_id } => sql(&metric_id),
        Command::Sample {
            size,
            lang,
            seed,
            out,
        } => write_sample(size, lang, seed, &out),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("jornada: {message}");
            ExitCode::from(2)
        }
    }
}

/// The tables read, the files that could not be, and the settings and query to use.
struct Loaded {
    tables: Vec<Table>,
    errors: Vec<FileError>,
    timings: Vec<(String, usize, FileTiming)>,
    settings: Settings,
    query: Query,
}

fn load(input: &Input) -> Result<Loaded, Fatal> {
    let mapping = match &input.mapping {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Fatal(format!("{}: cannot read the mapping: {e}", path.display())))?;
            Some(
                Mapping::from_json(&text)
                    .map_err(|e| Fatal(format!("{}: not a valid mapping: {e}", path.display())))?,
            )
        }
        None => None,
    };
    let settings = match &input.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Fatal(format!("{}: cannot read the config: {e}", path.display())))?;
            serde_json::from_str::<Settings>(&text)
                .map_err(|e| Fatal(format!("{}: not valid settings: {e}", path.display())))?
        }
        None => Settings::default(),
    };
    if let (Some(from), Some(to)) = (input.from, input.to)
        && from > to
    {
        return Err(Fatal(format!("--from {from} is after --to {to}")));
    }
    let query = Query {
        from: input.from,
        to: input.to,
        granularity: input.granularity.into(),
        segment: input.segment.clone(),
    };
    let mut tables = Vec::new();
    let mut errors = Vec::new();
    let mut timings = Vec::new();
    for path in &input.files {
        let name = read::display_name(path);
        match read::read_table(path, read::options_for(mapping.as_ref(), &name)) {
            Ok((table, timing)) => {
                timings.push((table.file.clone(), table.rows(), timing));
                tables.push(table);
            }
            Err(e) => {
                eprintln!("jornada: {}", e.message);
                errors.push(e);
            }
        }
    }
    Ok(Loaded {
        tables,
        errors,
        timings,
        settings,
        query,
    })
}

fn exit_for(errors: &[FileError]) -> ExitCode {
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn analyze(input: &Input, json: bool, timings: bool) -> Result<ExitCode, Fatal> {
    let loaded = load(input)?;
    let t = Instant::now();
    let report = metrics::analyze(&loaded.tables, &loaded.settings, &loaded.query);
    let metrics_time = t.elapsed();
    let text = if json {
        output::analyze_json(&loaded.tables, &report, &loaded.errors)
    } else {
        output::analyze_text(&loaded.tables, &report, &loaded.errors)
    };
    println!("{text}");
    if timings {
        print_timings(&loaded.timings, metrics_time, report.metrics.len());
    }
    Ok(exit_for(&loaded.errors))
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn rate(bytes: u64, d: Duration) -> f64 {
    let s = d.as_secs_f64();
    if s > 0.0 { mb(bytes) / s } else { 0.0 }
}

fn print_timings(files: &[(String, usize, FileTiming)], metrics_time: Duration, n_metrics: usize) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "{:<34} {:>11} {:>9} {:>10} {:>10} {:>10}",
        "file", "rows", "MB", "read ms", "parse ms", "MB/s"
    );
    let mut total = FileTiming::default();
    let mut rows = 0;
    for (file, n, t) in files {
        eprintln!(
            "{:<34} {:>11} {:>9.1} {:>10.1} {:>10.1} {:>10.1}",
            file,
            n,
            mb(t.bytes),
            ms(t.read),
            ms(t.parse),
            rate(t.bytes, t.read + t.parse)
        );
        total.bytes += t.bytes;
        total.read += t.read;
        total.parse += t.parse;
        rows += n;
    }
    eprintln!(
        "{:<34} {:>11} {:>9.1} {:>10.1} {:>10.1} {:>10.1}",
        "all files",
        rows,
        mb(total.bytes),
        ms(total.read),
        ms(total.parse),
        rate(total.bytes, total.read + total.parse)
    );
    eprintln!(
        "metrics: {n_metrics} computed in {:.1} ms; total {:.1} ms",
        ms(metrics_time),
        ms(total.read + total.parse + metrics_time)
    );
}

fn explain(
    id: &str,
    period: Option<&str>,
    by: Option<(Role, String)>,
    input: &Input,
    json: bool,
    all: bool,
) -> Result<ExitCode, Fatal> {
    let Some(def) = metrics::catalogue().into_iter().find(|d| d.id == id) else {
        return Err(Fatal(format!(
            "unknown metric id `{id}` (see METRICS.md for the list)"
        )));
    };
    if let Some((role, _)) = &by
        && !def.breakdowns.contains(role)
    {
        let has: Vec<String> = def
            .breakdowns
            .iter()
            .map(|r| metrics::role_id(*r))
            .collect();
        return Err(Fatal(format!(
            "`{id}` has no breakdown by {} (it has: {})",
            metrics::role_id(*role),
            if has.is_empty() {
                "none".to_string()
            } else {
                has.join(", ")
            }
        )));
    }
    let loaded = load(input)?;
    let explanation = metrics::explain_by(
        &loaded.tables,
        &loaded.settings,
        &loaded.query,
        id,
        period,
        by,
    )
    .map_err(|e| Fatal(e.to_string()))?;
    if json {
        let text = serde_json::to_string_pretty(&explanation)
            .map_err(|e| Fatal(format!("cannot write JSON: {e}")))?;
        println!("{text}");
    } else {
        print!("{}", output::explain_text(&explanation, all));
    }
    Ok(exit_for(&loaded.errors))
}

/// One customer's timeline (`explain journey.customers --customer ID`).
fn timeline(who: &str, input: &Input, json: bool, all: bool) -> Result<ExitCode, Fatal> {
    let loaded = load(input)?;
    let explanation =
        metrics::journey::timeline(&loaded.tables, &loaded.settings, &loaded.query, who)
            .map_err(|e| Fatal(e.to_string()))?;
    if json {
        let text = serde_json::to_string_pretty(&explanation)
            .map_err(|e| Fatal(format!("cannot write JSON: {e}")))?;
        println!("{text}");
    } else {
        // A timeline is read row by row: each event on its own line, every one (`all` has
        // nothing to add).
        let _ = all;
        println!("{}\n{} rows", explanation.formula, explanation.rows.len());
        for r in &explanation.rows {
            let value = r.value.map(|v| format!("  {v}")).unwrap_or_default();
            println!("  {}  ({}:{}){value}", r.rule, r.file, r.line);
        }
    }
    Ok(exit_for(&loaded.errors))
}

/// Every profile as CSV, to `out` or standard output.
fn profiles(input: &Input, out: Option<&Path>) -> Result<ExitCode, Fatal> {
    let loaded = load(input)?;
    let csv = metrics::journey::profiles_csv(&loaded.tables, &loaded.settings, &loaded.query);
    match out {
        Some(path) => std::fs::write(path, csv)
            .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?,
        None => print!("{csv}"),
    }
    Ok(exit_for(&loaded.errors))
}

fn sql(id: &str) -> Result<ExitCode, Fatal> {
    match metrics::sql(id) {
        Some(text) => {
            println!("{}", text.trim_end());
            Ok(ExitCode::SUCCESS)
        }
        None if metrics::catalogue().iter().any(|d| d.id == id) => {
            Err(Fatal(format!("metric `{id}` has no SQL twin yet")))
        }
        None => Err(Fatal(format!(
            "unknown metric id `{id}` (see METRICS.md for the list)"
        ))),
    }
}

fn write_sample(size: SampleSize, lang: Lang, seed: u64, dir: &Path) -> Result<ExitCode, Fatal> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Fatal(format!(
            "{}: cannot create the directory: {e}",
            dir.display()
        ))
    })?;
    let started = Instant::now();
    let mut writers: HashMap<String, (BufWriter<File>, u64, u64)> = HashMap::new();
    sample::generate_to(size, lang, seed, |name, chunk| {
        if !writers.contains_key(name) {
            let path = dir.join(name);
            let file = File::create(&path)
                .map_err(|e| format!("{}: cannot create: {e}", path.display()))?;
            writers.insert(name.to_string(), (BufWriter::new(file), 0, 0));
        }
        let Some((w, bytes, lines)) = writers.get_mut(name) else {
            return Err(format!("{name}: lost its writer"));
        };
        *bytes += chunk.len() as u64;
        *lines += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
        w.write_all(chunk)
            .map_err(|e| format!("{}: cannot write: {e}", dir.join(name).display()))
    })
    .map_err(Fatal)?;
    let mut total = 0;
    for name in sample::file_names(lang) {
        if let Some((w, bytes, lines)) = writers.get_mut(name) {
            w.flush()
                .map_err(|e| Fatal(format!("{}: cannot write: {e}", dir.join(name).display())))?;
            total += *bytes;
            println!(
                "{:<30} {:>11} rows {:>9.1} MB",
                name,
                lines.saturating_sub(1),
                mb(*bytes)
            );
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "sample {size} ({lang}, seed {seed}): {:.1} MB in {:.2} s ({:.0} MB/s) → {}",
        mb(total),
        elapsed.as_secs_f64(),
        rate(total, elapsed),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
