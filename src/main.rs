use clap::FromArgMatches;
use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = frontline::cli::command().get_matches();
    let cli = frontline::cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    frontline::cli::run(cli)
}
