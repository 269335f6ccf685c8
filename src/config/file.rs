//! The configuration file as a TOML document (toml_edit): reading it, what it sets, what it
//! must not contain (unknown sections and keys, values of the wrong TOML type), writing one
//! value back without disturbing comments, order or formatting, and saving the whole file
//! atomically.

use super::schema::KeySpec;
use super::{ConfigError, KEYS};
use std::io::Write;
use std::path::Path;
use toml_edit::{DocumentMut, Item, Table, Value};

/// The file's document; `None` when there is no file.
pub(super) fn read(path: &Path) -> Result<Option<DocumentMut>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(ConfigError::Read {
                path: path.into(),
                source,
            });
        }
    };
    text.parse()
        .map(Some)
        .map_err(|e: toml_edit::TomlError| ConfigError::Parse {
            path: path.into(),
            message: e.to_string(),
        })
}

/// Refuses sections and keys that are not in `KEYS`, naming the first one found.
pub(super) fn refuse_unknown(doc: &DocumentMut) -> Result<(), ConfigError> {
    for (section, item) in doc.iter() {
        if !KEYS.iter().any(|k| k.section == section) {
            return Err(match item.is_table_like() {
                true => ConfigError::UnknownSection(section.into()),
                false => ConfigError::UnknownKey(section.into()),
            });
        }
        let table = item
            .as_table_like()
            .ok_or_else(|| ConfigError::NotASection(section.into()))?;
        for (field, _) in table.iter() {
            if !KEYS
                .iter()
                .any(|k| k.section == section && k.field == field)
            {
                return Err(ConfigError::UnknownKey(format!("{section}.{field}")));
            }
        }
    }
    Ok(())
}

/// The text of `key` as `doc` sets it, or its default; a value of the wrong TOML type is an
/// error naming the key.
pub(super) fn text_or_default(doc: &DocumentMut, key: &str) -> Result<String, ConfigError> {
    let spec = KeySpec::find(key).ok_or_else(|| ConfigError::UnknownKey(key.into()))?;
    match doc
        .get(spec.section)
        .and_then(Item::as_table_like)
        .and_then(|t| t.get(spec.field))
    {
        None => Ok(spec.default.to_owned()),
        Some(item) => spec.kind.text_of(item).ok_or(ConfigError::WrongType {
            key: spec.key,
            kind: spec.kind,
        }),
    }
}

/// Writes checked `text` for `key` into `doc` as a value of the key's kind.
pub(super) fn write_text(
    doc: &mut DocumentMut,
    key: &KeySpec,
    text: &str,
) -> Result<(), ConfigError> {
    let value = key.kind.value_of(text).ok_or(ConfigError::WrongType {
        key: key.key,
        kind: key.kind,
    })?;
    write_value(doc, key, value)
}

/// Writes `value` for `key` into `doc`: in place when the file already sets it (keeping a
/// comment after it), else at the end of its section, else in a new section at the end.
fn write_value(doc: &mut DocumentMut, key: &KeySpec, mut value: Value) -> Result<(), ConfigError> {
    let section = doc
        .as_table_mut()
        .entry(key.section)
        .or_insert_with(|| Item::Table(Table::new()));
    let table = section
        .as_table_like_mut()
        .ok_or_else(|| ConfigError::NotASection(key.section.into()))?;
    match table.get_mut(key.field) {
        Some(Item::Value(old)) => {
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        _ => {
            table.insert(key.field, Item::Value(value));
        }
    }
    Ok(())
}

/// Writes `text` to `path` atomically (temporary file, fsync, rename). A confined till may
/// write only the file itself, not its folder (the key lives there): then the file is
/// rewritten in place and synced.
pub(super) fn write_atomically(path: &Path, text: &str) -> Result<(), ConfigError> {
    let werr = |source| ConfigError::Write {
        path: path.into(),
        source,
    };
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
        && !dir.exists()
    {
        std::fs::create_dir_all(dir).map_err(werr)?;
    }
    let tmp = path.with_extension("toml.tmp");
    match std::fs::File::create(&tmp) {
        Ok(mut f) => {
            f.write_all(text.as_bytes()).map_err(werr)?;
            f.sync_all().map_err(werr)?;
            std::fs::rename(&tmp, path).map_err(werr)?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied && path.exists() => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(path)
                .map_err(werr)?;
            f.write_all(text.as_bytes()).map_err(werr)?;
            f.sync_all().map_err(werr)?;
        }
        Err(e) => return Err(werr(e)),
    }
    Ok(())
}
