//! `statecraft dictionaries check FILE...`: reads PETRARCH/TABARI dictionary files (the kind
//! told from each file's content) and Statecraft's own dictionary files, prints what each holds
//! and every line not understood with its number and the reason.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The report on one file: its first line (kind, format, counts) and its problems.
pub struct FileReport {
    pub summary: String,
    /// `line N: reason -- text`, one per line not understood.
    pub problems: Vec<String>,
}

/// Check one dictionary text; `name` is used in the summary.
pub fn check_text(name: &str, text: &str) -> FileReport {
    if statecraft_pipeline::is_statecraft_format(text) {
        // Statecraft's own format is checked by loading it over the shipped files, as a run
        // would; loading stops at the first error.
        let is_cameo_table = !text.lines().any(|l| l.trim_start().starts_with('@'));
        let loaded = if is_cameo_table {
            statecraft_coder::Patterns::default().add_file(name, text)
        } else {
            statecraft_pipeline::Pipeline::new(&[(name.to_string(), text.to_string())]).map(|_| ())
        };
        let problems: Vec<String> = loaded.err().into_iter().collect();
        return FileReport { summary: format!("{name}: Statecraft dictionary; {} errors", problems.len()), problems };
    }
    let read = statecraft_petrarch::read(text);
    let counts: Vec<String> = read.dictionary.counts().iter().map(|(k, n)| format!("{n} {k}")).collect();
    FileReport {
        summary: format!(
            "{name}: {} ({}): {}; {} lines not understood",
            read.dictionary.kind().as_str(),
            read.dictionary.format(),
            counts.join(", "),
            read.problems.len()
        ),
        problems: read.problems.iter().map(|p| format!("line {}: {} -- {}", p.line, clip(&p.reason), clip(p.text.trim()))).collect(),
    }
}

/// Every file named, or every file of a named folder (not recursive, in name order).
/// A reason or a line cut to a readable length: a binary or run-on line would fill the screen.
fn clip(s: &str) -> String {
    const MAX: usize = 160;
    match s.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}... ({} more bytes)", &s[..at], s.len() - at),
        None => s.to_string(),
    }
}

fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("cannot read folder {}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file() && f.extension().is_some_and(|x| x == "txt"))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Check the files; exit 1 when a line was not understood or a file could not be read.
pub fn check(paths: &[PathBuf]) -> Result<ExitCode, String> {
    let files = expand(paths)?;
    let (mut bad_lines, mut bad_files) = (0usize, 0usize);
    for path in &files {
        let name = path.display().to_string();
        let text = match read(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("statecraft: {e}");
                bad_files += 1;
                continue;
            }
        };
        let report = check_text(&name, &text);
        println!("{}", report.summary);
        for p in &report.problems {
            println!("  {p}");
        }
        bad_lines += report.problems.len();
    }
    println!("checked {} files: {bad_lines} lines not understood, {bad_files} files not read", files.len() - bad_files);
    if bad_lines + bad_files > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// A dictionary file as text; bytes that are not UTF-8 (older dictionaries are Latin-1) are
/// replaced, as the readers only need ASCII structure.
fn read(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // a dictionary is text (old TABARI files may be Latin-1, read leniently); NUL bytes mean binary
    if bytes.contains(&0) {
        return Err(format!("{} is a binary file, not a dictionary (it contains NUL bytes)", path.display()));
    }
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

#[derive(clap::Subcommand)]
pub enum DictionariesKind {
    /// Read dictionary files (PETRARCH/TABARI verbs, actors, agents, discards, issues, the kind
    /// told from the content; or Statecraft's own format) and print what each holds and every
    /// line not understood, with its line number and why. A folder checks its *.txt files.
    /// Exit status 1 when any line is not understood or a file cannot be read, else 0.
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}
