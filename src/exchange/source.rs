//! From the bytes of a file to rows of text cells, whatever the file is: CSV in UTF-8 (with
//! or without BOM), UTF-16 (Excel's "Unicode text") or Windows-1252 (Excel's "CSV" in Spain),
//! its delimiter sniffed from the header line; or the first sheet of an XLSX or ODS workbook
//! (Square's `Items` sheet when there is one). Rows keep the number a spreadsheet shows them
//! under, so a problem can point at the row the user will open.

use super::problem::ImportError;
use calamine::{Data, Range, Reader};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Cursor;

/// What kind of file the bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Csv,
    Xlsx,
    Ods,
}

/// The kind of file: a zip is an ODS (its `mimetype` entry says so) or an XLSX (it has `xl/`);
/// an old binary workbook or any other binary is refused; text is CSV.
pub fn detect_kind(bytes: &[u8], file_name: &str) -> Result<FileKind, ImportError> {
    let head = &bytes[..bytes.len().min(4096)];
    let contains = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    let extension = file_name
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if bytes.starts_with(b"PK\x03\x04") {
        if contains(b"application/vnd.oasis.opendocument.spreadsheet") {
            return Ok(FileKind::Ods);
        }
        if contains(b"xl/") || contains(b"[Content_Types].xml") {
            return Ok(FileKind::Xlsx);
        }
        return match extension.as_str() {
            "ods" => Ok(FileKind::Ods),
            "xlsx" | "xlsm" => Ok(FileKind::Xlsx),
            _ => Err(ImportError::NotASpreadsheet),
        };
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if !utf16 && head.contains(&0) {
        return Err(ImportError::NotASpreadsheet);
    }
    Ok(FileKind::Csv)
}

/// The text of a CSV file and the name of the encoding it was in.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text, encoding.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, encoding_rs::WINDOWS_1252.name())
        }
    }
}

/// The delimiter of the header line among `,` `;` tab `|`: the most frequent outside quotes
/// (`,` on a tie or when there is none).
pub fn sniff_delimiter(text: &str) -> u8 {
    let candidates = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    let first_line = text.trim_start_matches(|c: char| c.is_whitespace() && c != '\t');
    for b in first_line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = candidates.iter().position(|c| *c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (0..4).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    candidates[best]
}

/// One row of cells, reused from row to row.
#[derive(Default)]
pub struct Record {
    /// The spreadsheet's row number (the header is row 1 when it is the first line).
    pub row: usize,
    pub cells: csv::StringRecord,
    /// Per cell, for workbooks: a number that is not a whole number below 2^53, so a code
    /// in it has lost digits. Empty for CSV (all text).
    pub inexact: Vec<bool>,
}

impl Record {
    /// Cell `i`, trimmed ("" past the end of a short row).
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).unwrap_or("").trim()
    }

    pub fn is_inexact(&self, i: usize) -> bool {
        self.inexact.get(i).copied().unwrap_or(false)
    }

    /// Whether every cell is empty (Excel's `;;;;` rows).
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Rows of a file, read one at a time into a reused `Record`.
pub trait RowSource {
    /// The next row (blank ones included); `false` at the end.
    fn next(&mut self, record: &mut Record) -> Result<bool, ImportError>;
    /// About how many rows there are, for progress.
    fn total(&self) -> usize;
    /// The column of the first cell (a workbook's data may start right of `A`).
    fn first_column(&self) -> usize;
    /// Whether a text cell may carry a leading `'` that protects it from being read as a
    /// formula (CSV exports: Caja's and Odoo's); a workbook's text cell is text as it is.
    fn quotes_formulas(&self) -> bool;
}

/// A CSV file's rows. Row numbers are the CSV reader's line of the record's start, less the
/// line breaks inside quoted cells of the records before it: a cell with a line break is one
/// row, as in a spreadsheet, and blank lines count as rows, as in a spreadsheet.
pub struct CsvRows<'a> {
    text: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
    breaks_inside: usize,
    total: usize,
}

impl<'a> CsvRows<'a> {
    pub fn new(text: &'a str, delimiter: u8) -> CsvRows<'a> {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let total = text.bytes().filter(|b| *b == b'\n').count().max(1);
        CsvRows {
            text: text.as_bytes(),
            reader,
            breaks_inside: 0,
            total,
        }
    }
}

impl RowSource for CsvRows<'_> {
    fn next(&mut self, record: &mut Record) -> Result<bool, ImportError> {
        let more = self
            .reader
            .read_record(&mut record.cells)
            .map_err(|e| ImportError::Unreadable(e.to_string()))?;
        if !more {
            return Ok(false);
        }
        let (line, byte) = record
            .cells
            .position()
            .map_or((0, 0), |p| (p.line(), p.byte()));
        // The reader gives a record after blank lines the position of the first of them.
        let blank_lines = self
            .text
            .get(usize::try_from(byte).unwrap_or(usize::MAX)..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|b| **b == b'\n')
            .count();
        let line = usize::try_from(line).unwrap_or(usize::MAX);
        record.row = line + blank_lines - self.breaks_inside;
        self.breaks_inside += record
            .cells
            .as_byte_record()
            .as_slice()
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        Ok(true)
    }

    fn total(&self) -> usize {
        self.total
    }

    fn first_column(&self) -> usize {
        0
    }

    fn quotes_formulas(&self) -> bool {
        true
    }
}

/// The sheet to read: `Items` (Square) when there is one, else the first.
pub fn open_sheet(bytes: &[u8], kind: FileKind) -> Result<Range<Data>, ImportError> {
    fn first<R: Reader<Cursor<Vec<u8>>>>(mut book: R) -> Result<Range<Data>, ImportError>
    where
        R::Error: std::fmt::Display,
    {
        let names = book.sheet_names();
        let name = names
            .iter()
            .find(|n| n.eq_ignore_ascii_case("items"))
            .or(names.first())
            .cloned()
            .ok_or(ImportError::Empty)?;
        book.worksheet_range(&name)
            .map_err(|e| ImportError::Unreadable(e.to_string()))
    }
    let cursor = Cursor::new(bytes.to_vec());
    let unreadable = |e: &dyn std::fmt::Display| ImportError::Unreadable(e.to_string());
    match kind {
        FileKind::Xlsx => first(
            calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(cursor)
                .map_err(|e| unreadable(&e))?,
        ),
        FileKind::Ods => first(
            calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(cursor)
                .map_err(|e| unreadable(&e))?,
        ),
        FileKind::Csv => Err(ImportError::NotASpreadsheet),
    }
}

/// A workbook sheet's rows, its cells turned to text: whole numbers as integers (a barcode
/// stored as the number 8412345678905.0 reads `8412345678905`), other numbers as written.
pub struct SheetRows {
    range: Range<Data>,
    next: usize,
    first_row: usize,
    first_column: usize,
    text: String,
}

impl SheetRows {
    pub fn new(range: Range<Data>) -> SheetRows {
        let (row, column) = range.start().unwrap_or((0, 0));
        SheetRows {
            range,
            next: 0,
            first_row: row as usize,
            first_column: column as usize,
            text: String::new(),
        }
    }
}

/// Largest whole number a float holds exactly (2^53).
const EXACT_FLOAT: f64 = 9_007_199_254_740_992.0;

/// Writes a cell's text into `out`; `true` when it is an inexact number.
fn cell_text(cell: &Data, out: &mut String) -> bool {
    out.clear();
    match cell {
        Data::Empty => false,
        Data::String(s) => {
            out.push_str(s);
            false
        }
        Data::Float(f) if f.fract() == 0.0 && f.abs() <= EXACT_FLOAT => {
            let _ = write!(out, "{}", *f as i64);
            false
        }
        Data::Float(f) => {
            let _ = write!(out, "{f}");
            true
        }
        other => {
            let _ = write!(out, "{other}");
            false
        }
    }
}

impl RowSource for SheetRows {
    fn next(&mut self, record: &mut Record) -> Result<bool, ImportError> {
        if self.next >= self.range.height() {
            return Ok(false);
        }
        let r = self.next;
        self.next += 1;
        record.row = self.first_row + r + 1;
        record.cells.clear();
        record.inexact.clear();
        for c in 0..self.range.width() {
            let inexact = match self.range.get((r, c)) {
                Some(cell) => cell_text(cell, &mut self.text),
                None => {
                    self.text.clear();
                    false
                }
            };
            record.cells.push_field(&self.text);
            record.inexact.push(inexact);
        }
        Ok(true)
    }

    fn total(&self) -> usize {
        self.range.height().max(1)
    }

    fn first_column(&self) -> usize {
        self.first_column
    }

    fn quotes_formulas(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_encodings_and_delimiters() {
        assert_eq!(detect_kind(b"a,b\n", "x.csv"), Ok(FileKind::Csv));
        assert_eq!(
            detect_kind(b"\x7fELF\x02\x01\x00\x00", "x.csv"),
            Err(ImportError::NotASpreadsheet)
        );
        assert_eq!(sniff_delimiter("\"a;b\",c,d;e\n1;2;3"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2,5;3"), b';');
        assert_eq!(sniff_delimiter("a\tb|c\td"), b'\t');
        assert_eq!(sniff_delimiter("solo"), b',');
        assert_eq!(sniff_delimiter(" \r\n\na;b"), b';');
        let (text, name) = decode(b"\xEF\xBB\xBFa");
        assert_eq!((text.as_ref(), name), ("a", "UTF-8"));
        let (text, name) = decode(b"Espa\xf1a \x80");
        assert_eq!((text.as_ref(), name), ("España €", "windows-1252"));
        let (text, name) = decode(b"\xFF\xFEa\x00;\x00");
        assert_eq!((text.as_ref(), name), ("a;", "UTF-16LE"));
    }

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        let text = "name,price\n\"two\nlines\",1\n\nthird,3\n;;\n";
        let mut rows = CsvRows::new(text, b',');
        let mut r = Record::default();
        let mut seen = Vec::new();
        while rows.next(&mut r).unwrap() {
            seen.push((r.row, r.cell(0).to_string()));
        }
        let want = [(1, "name"), (2, "two\nlines"), (4, "third"), (5, ";;")];
        let want: Vec<(usize, String)> = want.iter().map(|(n, s)| (*n, s.to_string())).collect();
        assert_eq!(seen, want);
    }
}
