//! The class server's host key: made once (Ed25519), kept in the data folder readable by
//! its owner only, and shown by its SHA256 fingerprint so a careful trainee can check it.
//!
//! A key file that others can read (or write) is refused, not used and not repaired: a
//! key that may have been copied proves nothing, and the trainer is told how to fix it.

use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{HashAlg, PrivateKey};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The key file's name in the data folder.
pub const FILE_NAME: &str = "class_host_ed25519_key";

/// Where the host key lives for a store at `store_path`: beside it.
pub fn path_beside(store_path: &Path) -> PathBuf {
    store_path
        .parent()
        .unwrap_or(Path::new("."))
        .join(FILE_NAME)
}

/// The key at `path`, made (owner-only) when there is none yet.
pub fn load_or_create(path: &Path) -> Result<PrivateKey, String> {
    if path.exists() {
        return load(path);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            format!(
                "error: cannot create the folder {} for the class host key: {e}",
                parent.display()
            )
        })?;
    }
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&rand::random()));
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| format!("error: cannot encode the class host key: {e}"))?;
    let written = create_owner_only(path).and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    written.map_err(|e| {
        format!(
            "error: cannot write the class host key {}: {e}. Check that the data folder can be written, or use another with --data-dir DIR.",
            path.display()
        )
    })?;
    Ok(key)
}

/// The key's fingerprint as `ssh` shows it: `SHA256:...`.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

fn load(path: &Path) -> Result<PrivateKey, String> {
    check_owner_only(path)?;
    // Read as scenario files are: a FIFO or a huge file in its place never hangs the
    // class or fills memory (an OpenSSH key is a few hundred bytes).
    let bytes = crate::domain::bounded_read::read_bounded(path).map_err(|f| {
        let why = match f.code {
            "file-too-large" => "it is over 1 MiB, far larger than a key".to_owned(),
            _ => f.message,
        };
        format!(
            "error: cannot read the class host key {}: {why}. Move it away and a new one is made.",
            path.display()
        )
    })?;
    PrivateKey::from_openssh(&bytes).map_err(|e| {
        format!(
            "error: the class host key {} is not an OpenSSH private key ({e}). Move it away and a new one is made (trainees who saved the old fingerprint will be warned by ssh).",
            path.display()
        )
    })
}

#[cfg(unix)]
fn create_owner_only(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn create_owner_only(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
fn check_owner_only(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| {
            format!(
                "error: cannot read the class host key {}: {e}",
                path.display()
            )
        })?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(format!(
            "error: the class host key {} can be used by others than its owner (permissions {:o}); a key others may have copied cannot vouch for this class. Make it owner-only with `chmod 600 {}`, or delete it to have a new one made.",
            path.display(),
            mode & 0o777,
            path.display()
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_owner_only(_path: &Path) -> Result<(), String> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_owner_only_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys").join(FILE_NAME);
        let made = load_or_create(&path).unwrap();
        let again = load_or_create(&path).unwrap();
        assert_eq!(fingerprint(&made), fingerprint(&again));
        assert!(fingerprint(&made).starts_with("SHA256:"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    /// A FIFO (owner-only) in the key's place once hung the class before it began; a
    /// huge file was read whole. Both are refused by what they are, at once.
    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_huge_file_in_the_keys_place_is_refused_unread() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        std::fs::set_permissions(&fifo, std::fs::Permissions::from_mode(0o600)).unwrap();
        let err = load_or_create(&fifo).unwrap_err();
        assert!(err.contains("FIFO"), "{err}");
        let huge = dir.path().join("huge");
        std::fs::File::create(&huge)
            .unwrap()
            .set_len(4 * 1024 * 1024 * 1024)
            .unwrap();
        std::fs::set_permissions(&huge, std::fs::Permissions::from_mode(0o600)).unwrap();
        let err = load_or_create(&huge).unwrap_err();
        assert!(err.contains("over 1 MiB, far larger than a key"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_key_others_can_read_is_refused_with_the_fix() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        load_or_create(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = load_or_create(&path).unwrap_err();
        assert!(err.contains("644") && err.contains("chmod 600"), "{err}");
    }
}
