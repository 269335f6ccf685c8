//! A catalog import from start to end, for the command line and the back office alike: read
//! the file (`exchange`), check it against the catalog (`store::import::plan_import`), and —
//! unless it is a dry run or anything is wrong — write it in short steps and publish it in one
//! small commit, then fold it in. All or nothing: a file with any bad row imports nothing, and
//! the report names every bad row as the spreadsheet numbers it.

use super::AppError;
use crate::exchange::{self, ImportOptions, Layout, ParsedCatalog, RowProblem};
use crate::store::Store;
use crate::store::import::{ClashAt, ImportDone};
use crate::store::taxes::Author;
use crate::till::money::Currency;
use crate::till::product::ProductField;
use serde::Serialize;
use std::path::Path;

/// How to read a file (the command line's flags, the back office's choices).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportChoices {
    pub layout: Option<Layout>,
    pub map: Vec<(String, ProductField)>,
    pub tax_class: Option<String>,
    pub prices_include_tax: Option<bool>,
    /// Report new / changed / unchanged and write nothing.
    pub dry_run: bool,
}

/// Where an import is, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "phase")]
pub enum Progress {
    Reading { rows: usize, of: usize },
    Checking,
    Writing { rows: usize, of: usize },
    Publishing,
}

/// What an import did, or why it did nothing.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum ImportReport {
    /// Bad rows: nothing was imported. Every one is listed.
    Refused {
        layout: Layout,
        problems: Vec<RowProblem>,
        clashes: Vec<ClashAt>,
    },
    /// A dry run: what an import would do.
    WouldImport {
        layout: Layout,
        new: usize,
        changed: usize,
        unchanged: usize,
    },
    /// Imported and published.
    Imported { layout: Layout, done: ImportDone },
    /// A bulk price change's preview: each product whose price changes.
    RepricePreview {
        rows: Vec<super::reprice::RepriceRow>,
        unchanged: usize,
    },
    /// A bulk price change applied (and the shelf labels queued).
    Repriced {
        rows: Vec<super::reprice::RepriceRow>,
        unchanged: usize,
        labels: usize,
        done: ImportDone,
    },
}

impl ImportReport {
    /// Whether the catalog changed.
    pub fn imported(&self) -> bool {
        matches!(
            self,
            ImportReport::Imported { .. } | ImportReport::Repriced { .. }
        )
    }
}

/// A file to import: where it came from, and its bytes.
#[derive(Clone, Copy, Debug)]
pub struct ImportFile<'a> {
    pub path: &'a Path,
    pub bytes: &'a [u8],
}

/// Reads, checks and (unless a dry run or refused) imports `file` into `store`.
pub fn import_catalog(
    store: &Store,
    ImportFile { path: file, bytes }: ImportFile<'_>,
    choices: &ImportChoices,
    currency: Currency,
    today: chrono::NaiveDate,
    who: &Author<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport, AppError> {
    let classes = store.tax_classes()?;
    let opts = ImportOptions {
        layout: choices.layout,
        map: choices.map.clone(),
        tax_class: choices.tax_class.clone(),
        prices_include_tax: choices.prices_include_tax,
        currency,
        classes: &classes,
        today,
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parsed: ParsedCatalog = exchange::read_catalog(bytes, &name, &opts, &mut |rows, of| {
        progress(Progress::Reading { rows, of })
    })?;
    progress(Progress::Checking);
    let layout = parsed.layout;
    let items = parsed.items.into_iter().map(|i| (i.row, i.draft)).collect();
    let plan = store.plan_import(items, parsed.fields)?;
    if !parsed.problems.is_empty() || !plan.clashes.is_empty() {
        return Ok(ImportReport::Refused {
            layout,
            problems: parsed.problems,
            clashes: plan.clashes,
        });
    }
    if choices.dry_run {
        return Ok(ImportReport::WouldImport {
            layout,
            new: plan.new.len(),
            changed: plan.changed.len(),
            unchanged: plan.unchanged,
        });
    }
    let _importing = crate::store::lock::importer(store.dir())?;
    let total = plan.new.len() + plan.changed.len();
    let layout_name = serde_json::to_value(layout)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let done = store.stage_import(
        &plan,
        &file.display().to_string(),
        &layout_name,
        who,
        &mut |rows, _| {
            if rows == total {
                progress(Progress::Publishing)
            } else {
                progress(Progress::Writing { rows, of: total })
            }
        },
    )?;
    let mut done = done;
    let fold = store.merge_imports(who)?;
    let index = store.finish_search_merges()?;
    done.steps.fold = fold.as_secs_f64() * 1000.0;
    done.steps.search_merge = done.steps.search_merge.max(index.as_secs_f64() * 1000.0);
    done.longest_step_ms = done.steps.longest();
    Ok(ImportReport::Imported { layout, done })
}
