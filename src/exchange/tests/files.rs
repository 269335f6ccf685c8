//! Files as Spanish shops really have them: saved by Excel as `;` + decimal comma in
//! Windows-1252, barcodes mangled into `8.41E+12` or stripped of their zeros, workbooks
//! (XLSX with a barcode stored as a number, ODS), and a long file with one bad row.

use super::*;
use rust_xlsxwriter::Workbook;
use std::io::Write;

#[test]
fn excel_spanish_csv_semicolons_decimal_commas_windows_1252() {
    let code = ean("841000000011");
    let text = format!(
        "Nombre;Precio;IVA;Código de barras;Categoría\r\n\
Piñones tostados;3,50 €;10;{code};Frutos secos\r\n\
Plátano de Canarias;1.234,56 €;IVA 4%;;Fruta\r\n\
;;;;\r\n"
    );
    let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!lossy);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test file is not UTF-8"
    );
    let p = read(&bytes, "precios.csv");
    assert_eq!(
        (p.layout, p.kind, p.encoding, p.delimiter),
        (Layout::Generic, FileKind::Csv, "windows-1252", Some(b';'))
    );
    assert_eq!(problems(&p), vec![]);
    let nuts = ProductDraft {
        category: "Frutos secos".into(),
        barcodes: vec![code],
        ..draft("Piñones tostados", "reducido", 350)
    };
    assert_eq!(p.items[0].draft, nuts);
    assert_eq!(p.items[1].draft.name, "Plátano de Canarias");
    assert_eq!(p.items[1].draft.price, 123456);
    assert_eq!(p.items[1].draft.tax_class, "superreducido");
    let rows: Vec<usize> = p.items.iter().map(|i| i.row).collect();
    assert_eq!(rows, [2, 3]);
}

#[test]
fn barcodes_mangled_by_excel_are_named_never_imported() {
    let csv = "name;price;tax_class;barcodes\n\
Leche;1,10;reducido;8,41235E+12\n\
Yogur;0,50;reducido;8.41E+12\n\
Galletas;2,00;general;36000291452\n\
Queso;9,00;reducido;8412345678904\n\
Miel;6,00;reducido;B33080\n";
    let p = read(csv.as_bytes(), "x.csv");
    let d = |r, v: &str, w| (r, "D".to_string(), v.to_string(), w);
    assert_eq!(
        problems(&p),
        vec![
            d(2, "8,41235E+12", Why::MangledByExcel),
            d(3, "8.41E+12", Why::MangledByExcel),
            d(
                4,
                "36000291452",
                Why::LostLeadingZeros {
                    restored: "0036000291452".into()
                }
            ),
            d(5, "8412345678904", Why::BadCheckDigit { expected: 5 }),
            d(6, "B33080", Why::NotABarcode),
        ]
    );
    assert!(p.items.iter().all(|i| i.draft.barcodes.is_empty()));
    let header = p.problems[0].column.as_ref().map(|c| c.header.as_str());
    assert_eq!(header, Some("barcodes"));
}

#[test]
fn every_bad_row_is_reported_with_repeats_inside_the_file() {
    let code = ean("841000000012");
    let csv = format!(
        "sku,name,price,tax_class,barcodes
A1,Uno,1.00,general,{code}
A2,,2.00,general,
A1,Tres,-3.00,general,{code}
A4,Cuatro,tres euros,IVA 7%,
A5,Cinco,5.00,,
"
    );
    let p = read(csv.as_bytes(), "x.csv");
    let got: Vec<(usize, String, Why)> = problems(&p)
        .into_iter()
        .map(|(row, letter, _, why)| (row, letter, why))
        .collect();
    let c = |row, letter: &str, why| (row, letter.to_string(), why);
    let mut want = vec![
        c(3, "B", Why::MissingName),
        c(4, "C", Why::NegativePrice),
        c(4, "E", Why::DuplicateBarcodeInFile { first_row: 2 }),
        c(4, "A", Why::DuplicateSkuInFile { first_row: 2 }),
        c(
            5,
            "D",
            Why::UnknownTax {
                text: "IVA 7%".into(),
            },
        ),
        c(5, "C", Why::UnreadablePrice),
        c(6, "D", Why::NoTax),
    ];
    want.sort_by_key(|w| w.0);
    assert_eq!(got, want);
    // --tax-class covers the missing and the unknown tax.
    let classes = classes();
    let opts = ImportOptions {
        tax_class: Some("21".into()),
        ..options(&classes)
    };
    let p = read_with(csv.as_bytes(), "x.csv", &opts).unwrap();
    assert!(
        p.problems
            .iter()
            .all(|x| !matches!(x.why, Why::NoTax | Why::UnknownTax { .. }))
    );
    assert_eq!(p.items[4].draft.tax_class, "general");
    let opts = ImportOptions {
        tax_class: Some("lujo".into()),
        ..options(&classes)
    };
    assert_eq!(
        read_with(csv.as_bytes(), "x.csv", &opts),
        Err(ImportError::UnknownTaxClass("lujo".into()))
    );
}

#[test]
fn whole_file_failures() {
    let classes = classes();
    let opts = options(&classes);
    assert_eq!(read_with(b"", "x.csv", &opts), Err(ImportError::Empty));
    assert_eq!(
        read_with(b" \n;;;\n", "x.csv", &opts),
        Err(ImportError::Empty)
    );
    let pdf = b"%PDF-1.7\n\x00\x01\x02";
    assert_eq!(
        read_with(pdf, "x.csv", &opts),
        Err(ImportError::NotASpreadsheet)
    );
    let no_tax = read_with(b"name,price\nPan,1\n", "x.csv", &opts);
    assert_eq!(no_tax, Err(ImportError::NoTaxInFile));
    assert!(matches!(
        read_with(b"PK\x03\x04broken xl/", "x.xlsx", &opts),
        Err(ImportError::Unreadable(_))
    ));
}

#[test]
fn xlsx_with_a_barcode_stored_as_a_number_and_square_items_sheet() {
    let good = ean("841234567890");
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Notes").unwrap();
    notes.write_string(0, 0, "not the catalog").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Items").unwrap();
    for (col, h) in ["Nombre", "PVP", "IVA", "EAN", "Referencia"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    let rows: [(&str, f64, f64, f64, f64); 4] = [
        ("Lápiz", 0.5, 21.0, good.parse().unwrap(), 7.0),
        ("Goma", 0.3, 0.21, 36000291452.0, 8.0),
        ("Regla", 1.25, 21.0, 8412345678905.5, 9.0),
        ("Cinta", 2.0, 21.0, 1.2345678901234567e19, 10.0),
    ];
    for (r, (name, price, tax, code, sku)) in (1u32..).zip(rows) {
        sheet.write_string(r, 0, name).unwrap();
        sheet.write_number(r, 1, price).unwrap();
        sheet.write_number(r, 2, tax).unwrap();
        sheet.write_number(r, 3, code).unwrap();
        sheet.write_number(r, 4, sku).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let p = read(&bytes, "catalogo.xlsx");
    assert_eq!(
        (p.kind, p.layout, p.delimiter),
        (FileKind::Xlsx, Layout::Generic, None)
    );
    let first = ProductDraft {
        sku: Some("7".into()),
        barcodes: vec![good],
        ..draft("Lápiz", "general", 50)
    };
    assert_eq!(p.items[0].draft, first);
    assert_eq!(p.items[1].draft.tax_class, "general");
    let whys: Vec<(usize, Why)> = p.problems.iter().map(|x| (x.row, x.why.clone())).collect();
    let lost = Why::LostLeadingZeros {
        restored: "0036000291452".into(),
    };
    assert_eq!(
        whys,
        [
            (3, lost),
            (4, Why::MangledByExcel),
            (5, Why::MangledByExcel)
        ]
    );
}

/// A minimal OpenDocument spreadsheet: mimetype first and stored, a manifest, the content.
fn ods(rows: &[&[&str]]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut cells = String::new();
    for row in rows {
        cells.push_str("<table:table-row>");
        for cell in *row {
            let (kind, value) = match cell.parse::<f64>() {
                Ok(n) => ("float", format!(" office:value=\"{n}\"")),
                Err(_) => ("string", String::new()),
            };
            cells.push_str(&format!(
                "<table:table-cell office:value-type=\"{kind}\"{value}><text:p>{cell}</text:p></table:table-cell>"
            ));
        }
        cells.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Hoja1">{cells}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn ods_workbook_from_libreoffice() {
    let code = ean("841000000013");
    let bytes = ods(&[
        &[
            "Descripción",
            "Precio",
            "Impuesto",
            "Código de barras",
            "Familia",
        ],
        &["Sal gorda", "0.85", "IVA reducido", &code, "Despensa"],
        &["Azúcar", "1.2", "10", "", "Despensa"],
    ]);
    let p = read(&bytes, "tarifa.ods");
    assert_eq!((p.kind, p.layout), (FileKind::Ods, Layout::Generic));
    assert_eq!(problems(&p), vec![]);
    let salt = ProductDraft {
        category: "Despensa".into(),
        barcodes: vec![code],
        ..draft("Sal gorda", "reducido", 85)
    };
    assert_eq!(p.items[0].draft, salt);
    assert_eq!(p.items[1].draft.price, 120);
    assert_eq!(p.items[1].row, 3);
}

#[test]
fn one_bad_check_digit_among_ten_thousand_rows_is_named_by_its_row() {
    let mut csv = String::from(
        "sku,name,short_name,category,tax_class,price,cost,barcodes,plu,unit,stock_tracked,active\n",
    );
    let mut bad = String::new();
    for row in 2..=10_001 {
        let mut code = ean(&format!("84{row:010}"));
        if row == 1000 {
            let last = code.pop().unwrap();
            code.push(if last == '9' { '0' } else { '9' });
            bad = code.clone();
        }
        csv.push_str(&format!(
            "S{row},Producto {row},,General,general,1.{:02},,{code},,unit,yes,yes\n",
            row % 100
        ));
    }
    let classes = classes();
    let mut calls = Vec::new();
    let p = read_catalog(
        csv.as_bytes(),
        "big.csv",
        &options(&classes),
        &mut |done, total| calls.push((done, total)),
    )
    .unwrap();
    assert_eq!(p.items.len(), 10_000);
    assert_eq!(p.items[9_999].row, 10_001);
    assert_eq!(p.items[9_999].draft.price, 101);
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    let problem = &p.problems[0];
    assert_eq!((problem.row, problem.value.as_str()), (1000, bad.as_str()));
    let column = problem.column.as_ref().unwrap();
    assert_eq!(
        (column.letter.as_str(), column.header.as_str()),
        ("H", "barcodes")
    );
    assert!(matches!(problem.why, Why::BadCheckDigit { .. }));
    assert_eq!(calls.first(), Some(&(10_000, 10_001)));
    assert_eq!(calls.last(), Some(&(10_000, 10_000)));
    let es = problem.describe(crate::i18n::Lang::get("es"));
    assert!(es.starts_with("Fila 1000, columna H (barcodes)"), "{es}");
}

/// A million rows of Caja's own layout: `cargo test --release --lib exchange -- --ignored`.
#[test]
#[ignore = "a timing: run in release"]
fn a_million_rows_parse_in_a_few_seconds() {
    let mut csv = String::with_capacity(90_000_000);
    csv.push_str("sku,name,short_name,category,tax_class,price,cost,barcodes,plu,unit,stock_tracked,active\n");
    for row in 0..1_000_000u64 {
        let code = ean(&format!("84{row:010}"));
        csv.push_str(&format!(
            "S{row},Producto número {row},,Despensa,reducido,{}.{:02},0.50,{code},,unit,yes,yes\n",
            row % 50,
            row % 100
        ));
    }
    let classes = classes();
    let started = std::time::Instant::now();
    let mut calls = 0;
    let p = read_catalog(
        csv.as_bytes(),
        "big.csv",
        &options(&classes),
        &mut |_, _| calls += 1,
    )
    .unwrap();
    let took = started.elapsed();
    assert_eq!(
        (p.items.len(), p.problems.len(), calls),
        (1_000_000, 0, 101)
    );
    eprintln!("1,000,000 rows in {took:?}");
    if !cfg!(debug_assertions) {
        assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    }
}
