//! Backup keys: the owner's X25519 identity (private, kept off the till) and its recipient
//! (public, the only thing the till's configuration holds).

use super::BackupError;
use age::secrecy::ExposeSecret;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Parses `backup.recipients`: one or more `age1…` keys, separated by commas or spaces.
pub fn parse_recipients(text: &str) -> Result<Vec<age::x25519::Recipient>, String> {
    let mut out = Vec::new();
    for part in text
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let r = part.parse::<age::x25519::Recipient>().map_err(|e| {
            format!("«{part}» is not an age recipient ({e}); it looks like age1… (caja backup keygen prints one)")
        })?;
        out.push(r);
    }
    Ok(out)
}

/// Reads the owner's identity file (as written by `caja backup keygen` or `age-keygen`).
pub fn load_identities(path: &Path) -> Result<Vec<Box<dyn age::Identity>>, BackupError> {
    let file = std::fs::File::open(path).map_err(|e| BackupError::io(path, e))?;
    let ids = age::IdentityFile::from_buffer(std::io::BufReader::new(file))
        .map_err(|e| BackupError::io(path, e))?
        .into_identities()
        .map_err(|e| BackupError::Refused(format!("{}: {e}", path.display())))?;
    if ids.is_empty() {
        return Err(BackupError::Refused(format!(
            "{} holds no age identity (AGE-SECRET-KEY-1…)",
            path.display()
        )));
    }
    Ok(ids)
}

/// Creates a new identity file at `out` (mode 0600, never over an existing file, never inside
/// the data dir) and returns its public recipient.
pub fn keygen(out: &Path, data_dir: &Path) -> Result<String, BackupError> {
    let absolute = std::path::absolute(out).map_err(|e| BackupError::io(out, e))?;
    let data = std::path::absolute(data_dir).map_err(|e| BackupError::io(data_dir, e))?;
    if absolute.starts_with(&data) {
        return Err(BackupError::Refused(format!(
            "{} is inside the data dir {}: the identity must stay off the till — write it to the owner's computer or a USB stick kept apart",
            out.display(),
            data.display()
        )));
    }
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(out)
        .map_err(|e| BackupError::io(out, e))?;
    let text = format!(
        "# Caja backup identity — keep it off the till, and keep a copy safe: without it the backups cannot be read.\n# public key (backup.recipients): {recipient}\n{}\n",
        identity.to_string().expose_secret()
    );
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| BackupError::io(out, e))?;
    Ok(recipient)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keygen_writes_a_private_identity_and_refuses_the_data_dir() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let out = dir.path().join("owner.key");
        let recipient = keygen(&out, &data).unwrap();
        assert!(recipient.starts_with("age1"));
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(load_identities(&out).unwrap().len(), 1);
        assert!(keygen(&out, &data).is_err(), "never over an existing file");
        let e = keygen(&data.join("id.key"), &data).unwrap_err().to_string();
        assert!(e.contains("must stay off the till"), "{e}");
        assert_eq!(parse_recipients(&recipient).unwrap().len(), 1);
        let two = format!("{recipient}, {recipient}");
        assert_eq!(parse_recipients(&two).unwrap().len(), 2);
        let e = parse_recipients("age1nonsense").unwrap_err();
        assert!(e.contains("not an age recipient"), "{e}");
    }
}
