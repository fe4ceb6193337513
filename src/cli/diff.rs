//! `frontline diff OLD NEW`: what changed between two versions of a scenario.

use crate::cli::Global;
use crate::cli::render::{self, outln};
use crate::cli::scenario_arg::Source;
use crate::domain::diff::{diff, render as render_diff};
use crate::domain::rubric::Rubric;
use clap::Args;
use std::process::ExitCode;

pub const EXAMPLES: &str = "Examples:\n  git show HEAD~1:scenarios/refund-no-receipt.toml > /tmp/old.toml\n  frontline diff /tmp/old.toml scenarios/refund-no-receipt.toml";

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier version: a path to a .toml file, or an id in the library
    pub old: String,
    /// The later version: a path to a .toml file, or an id in the library
    pub new: String,
}

pub fn run(args: &DiffArgs, global: &Global, rubric: &Rubric) -> ExitCode {
    let load = |wanted: &str| Source::find(wanted, global, rubric);
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => {
            render::print_styled_err(&e);
            return ExitCode::from(1);
        }
    };
    let (Some(old), Some(new)) = (old.scenario(), new.scenario()) else {
        return ExitCode::from(1);
    };
    outln!("{}", render_diff(&diff(old, new)).trim_end());
    ExitCode::SUCCESS
}
