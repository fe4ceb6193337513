//! Where the progress store lives.

use super::StoreError;
use std::path::{Path, PathBuf};

/// The store's file name inside the data folder.
pub const FILE_NAME: &str = "progress.sqlite3";

/// `DIR/progress.sqlite3` for the folder given (`--data-dir` or `FRONTLINE_DATA`), else
/// in the platform's data folder for the user (`directories::ProjectDirs` for
/// "org" / "Frontline" / "frontline": `~/.local/share/frontline` on Linux,
/// `~/Library/Application Support/org.Frontline.frontline` on macOS,
/// `%APPDATA%\Frontline\frontline\data` on Windows).
pub fn store_path(data_dir: Option<&Path>) -> Result<PathBuf, StoreError> {
    if let Some(dir) = data_dir {
        return Ok(dir.join(FILE_NAME));
    }
    let dirs = directories::ProjectDirs::from("org", "Frontline", "frontline")
        .ok_or(StoreError::NoDataFolder)?;
    Ok(dirs.data_dir().join(FILE_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_folder_wins() {
        assert_eq!(
            store_path(Some(Path::new("/tmp/x"))).unwrap(),
            Path::new("/tmp/x/progress.sqlite3")
        );
    }
}
