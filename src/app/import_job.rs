//! The back office's import: the same `import::import_catalog` as `caja catalog import`, run on
//! its own thread over its own connection to the store, so the window keeps drawing (and a till
//! beside it keeps selling) while a big file goes in. A preview is the same run as a dry run.
//! The files offered are those of the exchange folder, the one the confinement lets Caja read.
//! The screen polls the job every frame (`Till::poll_import`): its progress while it runs, its
//! report once it is done; the catalog's cached views are read again after an import.

use super::import::{ImportChoices, ImportFile, ImportReport, Progress, import_catalog};
use super::reprice::{RepriceChoices, reprice_catalog};
use super::{AppError, Clock, Till};
use crate::store::Store;
use crate::store::taxes::Author;
use crate::till::permission::Permission;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

/// The file endings the importer reads.
const READABLE: [&str; 5] = ["csv", "txt", "tsv", "xlsx", "ods"];

/// A catalog file waiting in the exchange folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExchangeFile {
    pub path: PathBuf,
    pub name: String,
    pub bytes: u64,
}

/// The files of the exchange folder the importer can read, by name; an unreadable folder is
/// an empty list (the screen says where it is).
pub fn exchange_files(dir: &Path) -> Vec<ExchangeFile> {
    exchange_files_ending(dir, &READABLE)
}

/// The exchange folder's files whose ending is one of `endings` (lowercase), by name.
pub fn exchange_files_ending(dir: &Path, endings: &[&str]) -> Vec<ExchangeFile> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<ExchangeFile> = entries
        .flatten()
        .filter_map(|e| {
            let meta = e.metadata().ok().filter(std::fs::Metadata::is_file)?;
            let path = e.path();
            let ext = path.extension()?.to_str()?.to_ascii_lowercase();
            endings.contains(&ext.as_str()).then(|| ExchangeFile {
                name: e.file_name().to_string_lossy().into_owned(),
                path,
                bytes: meta.len(),
            })
        })
        .collect();
    files.sort_by_key(|f| f.name.to_lowercase());
    files
}

/// What the job's thread shares with the screen.
#[derive(Debug, Default)]
struct Shared {
    progress: Option<Progress>,
    result: Option<Result<ImportReport, AppError>>,
}

/// What a job does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    Import,
    Reprice,
}

/// An import or a bulk price change (or its preview) started from the back office.
#[derive(Debug)]
pub struct ImportJob {
    pub kind: JobKind,
    /// A bulk price change's choices (`dry_run` for a preview).
    pub reprice: Option<RepriceChoices>,
    pub file: PathBuf,
    /// The choices it runs with (`dry_run` for a preview).
    pub choices: ImportChoices,
    shared: Arc<Mutex<Shared>>,
    thread: Option<JoinHandle<()>>,
    /// Where it is: the last progress while it runs.
    pub progress: Option<Progress>,
    /// Its report (or why it failed) once done.
    pub result: Option<Result<ImportReport, AppError>>,
}

impl ImportJob {
    pub fn running(&self) -> bool {
        self.result.is_none()
    }

    /// The file's headers, when it ended because no layout knows them (the screen then asks
    /// what each column holds).
    pub fn unknown_header(&self) -> Option<&[String]> {
        match &self.result {
            Some(Err(AppError::Import(crate::exchange::ImportError::UnknownHeader {
                headers,
            }))) => Some(headers),
            _ => None,
        }
    }
}

/// The request file, in the data dir, that makes caja-usb-eject.service unmount the stick.
pub const USB_EJECT_REQUEST: &str = ".eject-usb";

/// The mount points in `/proc/self/mountinfo`'s text (its fifth field, octal escapes read).
pub fn mount_points(mountinfo: &str) -> Vec<PathBuf> {
    mountinfo
        .lines()
        .filter_map(|l| l.split(' ').nth(4))
        .map(|m| {
            let mut out = Vec::new();
            let b = m.as_bytes();
            let mut i = 0;
            while i < b.len() {
                let octal = b.get(i + 1..i + 4).and_then(|d| {
                    std::str::from_utf8(d)
                        .ok()
                        .and_then(|d| u8::from_str_radix(d, 8).ok())
                });
                match (b[i], octal) {
                    (b'\\', Some(byte)) => {
                        out.push(byte);
                        i += 4;
                    }
                    (c, _) => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            PathBuf::from(String::from_utf8_lossy(&out).into_owned())
        })
        .collect()
}

impl<C: Clock> Till<C> {
    /// The exchange folder: `till.exchange_dir`, or `exchange` in the data dir.
    pub fn exchange_dir(&self) -> PathBuf {
        self.settings
            .exchange_dir
            .clone()
            .unwrap_or_else(|| self.store.dir().join("exchange"))
    }

    /// Whether a filesystem of its own (a USB stick, mounted by caja-usb@.service) is mounted at
    /// the exchange folder.
    pub fn exchange_on_usb(&self) -> bool {
        let dir = self.exchange_dir();
        let dir = dir.canonicalize().unwrap_or(dir);
        std::fs::read_to_string("/proc/self/mountinfo")
            .is_ok_and(|text| mount_points(&text).contains(&dir))
    }

    /// Asks for the USB stick at the exchange folder to be unmounted: the till has no
    /// privileges, so it leaves the request file caja-usb-eject.path watches for.
    pub fn request_usb_eject(&mut self) -> Result<(), AppError> {
        let request = self.store.dir().join(USB_EJECT_REQUEST);
        std::fs::write(&request, b"").map_err(|e| crate::store::StoreError::io(&request, e))?;
        self.audit(
            self.session.as_ref().map(|s| s.user.id),
            "usb_eject_asked",
            serde_json::json!({"exchange_dir": self.exchange_dir().display().to_string()}),
        )?;
        Ok(())
    }

    /// Starts importing (or previewing, with `choices.dry_run`) a file of the exchange folder.
    pub(crate) fn start_import(
        &mut self,
        file: PathBuf,
        choices: ImportChoices,
    ) -> Result<(), AppError> {
        let dir = self.exchange_dir();
        if file.parent() != Some(dir.as_path()) {
            self.authorize(Permission::ManageCatalog, super::Approval::Own)?;
            return Err(AppError::NotInExchange { dir, file });
        }
        let (currency, today) = (self.settings.currency, self.today());
        let (job_file, job_choices) = (file.clone(), choices.clone());
        self.start_job(
            JobKind::Import,
            file,
            choices,
            move |store, who, progress| {
                let bytes = std::fs::read(&job_file).map_err(|e| AppError::ImportFile {
                    file: job_file.clone(),
                    why: e.to_string(),
                })?;
                let file = ImportFile {
                    path: &job_file,
                    bytes: &bytes,
                };
                import_catalog(store, file, &job_choices, currency, today, who, progress)
            },
        )
    }

    /// Starts a bulk price change (or its preview, with `choices.dry_run`).
    pub(crate) fn start_reprice(&mut self, choices: RepriceChoices) -> Result<(), AppError> {
        let (settings, today) = (self.settings.clone(), self.today());
        let file = PathBuf::from("bulk price change");
        let job = ImportChoices {
            dry_run: choices.dry_run,
            ..ImportChoices::default()
        };
        let asked = choices.clone();
        self.start_job(JobKind::Reprice, file, job, move |store, who, progress| {
            reprice_catalog(store, &settings, &choices, today, who, progress)
        })?;
        if let Some(job) = &mut self.import_job {
            job.reprice = Some(asked);
        }
        Ok(())
    }

    /// Runs `run` on a thread of its own over its own connection (a manager's, one at a time).
    fn start_job(
        &mut self,
        kind: JobKind,
        file: PathBuf,
        choices: ImportChoices,
        run: impl FnOnce(
            &Store,
            &Author<'_>,
            &mut dyn FnMut(Progress),
        ) -> Result<ImportReport, AppError>
        + Send
        + 'static,
    ) -> Result<(), AppError> {
        self.authorize(Permission::ManageCatalog, super::Approval::Own)?;
        let me = self.user()?;
        if self.import_job.as_ref().is_some_and(ImportJob::running) {
            return Err(AppError::ImportRunning);
        }
        let shared = Arc::new(Mutex::new(Shared::default()));
        let job_shared = Arc::clone(&shared);
        let (path, key) = (self.store.path().to_path_buf(), self.store.key.clone());
        let (terminal, at) = (self.settings.terminal.clone(), self.now_text());
        let thread = std::thread::Builder::new()
            .name("caja-import".into())
            .spawn(move || {
                super::workers::background_priority();
                let who = Author {
                    terminal: &terminal,
                    user_id: Some(me.id),
                    at: &at,
                };
                let result = Store::open(&path, &key)
                    .map_err(AppError::from)
                    .and_then(|store| {
                        run(&store, &who, &mut |p| {
                            job_shared
                                .lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .progress = Some(p);
                        })
                    });
                job_shared
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .result = Some(result);
            })
            .map_err(|e| AppError::ImportFile {
                file: file.clone(),
                why: e.to_string(),
            })?;
        self.import_job = Some(ImportJob {
            kind,
            reprice: None,
            file,
            choices,
            shared,
            thread: Some(thread),
            progress: None,
            result: None,
        });
        Ok(())
    }

    /// The back office's import, brought up to date: its progress, or its report once its
    /// thread is done (the catalog's views are then read again).
    pub fn poll_import(&mut self) -> Option<&ImportJob> {
        let job = self.import_job.as_mut()?;
        if job.result.is_none() {
            let mut shared = job.shared.lock().unwrap_or_else(PoisonError::into_inner);
            job.progress = shared.progress;
            job.result = shared.result.take();
        }
        if job.result.is_some()
            && let Some(thread) = job.thread.take()
        {
            if thread.join().is_err() {
                tracing::error!("the import thread panicked");
            }
            let imported = matches!(&job.result, Some(Ok(r)) if r.imported());
            if imported {
                self.office = super::backoffice::OfficeCache::default();
            }
        }
        self.import_job.as_ref()
    }

    /// Forgets a finished import's report (the screen closed it).
    pub fn dismiss_import(&mut self) {
        if self.import_job.as_ref().is_some_and(|j| !j.running()) {
            self.import_job = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mount_points_are_read_with_their_escapes() {
        let text = "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n\
                    95 22 8:17 / /var/lib/caja/data/exchange rw,nosuid,nodev,noexec shared:50 - vfat /dev/sdb1 rw\n\
                    96 22 8:33 / /media/my\\040stick rw - vfat /dev/sdc1 rw\n";
        assert_eq!(
            mount_points(text),
            vec![
                PathBuf::from("/"),
                PathBuf::from("/var/lib/caja/data/exchange"),
                PathBuf::from("/media/my stick"),
            ]
        );
    }
}
