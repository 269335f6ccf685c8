//! Export → import gives back exactly what went out, through CSV and through XLSX: awkward
//! names (commas, quotes, `ñ`, text that looks like a formula or a number), codes with
//! leading zeros, open prices, weighed and inactive products.

use super::*;
use crate::till::quantity::Measure;
use proptest::prelude::*;

fn read_back(bytes: &[u8], name: &str) -> Vec<ProductDraft> {
    let classes = classes();
    let p = read_with(bytes, name, &options(&classes)).unwrap();
    assert_eq!(p.problems, vec![], "{name}");
    assert_eq!(p.layout, Layout::Generic);
    p.items.into_iter().map(|i| i.draft).collect()
}

fn awkward() -> Vec<ProductDraft> {
    vec![
        ProductDraft {
            sku: Some("00123".into()),
            short_name: Some("Jamón \"5J\"".into()),
            category: "Charcutería, ibéricos".into(),
            cost: Some(1999),
            barcodes: vec![ean("841000000014"), "96385074".into()],
            plu: Some("7".into()),
            measure: Measure::Kg,
            stock_tracked: true,
            ..draft(
                "Jamón ibérico \"5 Jotas\", loncheado; 100 g",
                "general",
                12345,
            )
        },
        ProductDraft {
            sku: Some("=1+1".into()),
            category: "-ofertas".into(),
            active: false,
            ..draft("'Piña' colada", "reducido", 0)
        },
        ProductDraft {
            sku: Some("0042".into()),
            barcodes: vec!["0036000291452".into()],
            net_content: Some(crate::till::content::NetContent::Millilitres(1500)),
            ..draft("12345", "superreducido", 5)
        },
        ProductDraft {
            net_content: Some(crate::till::content::NetContent::Grams(250)),
            ..draft("Café molido 250 g", "reducido", 329)
        },
        draft("@niño €uro|pipe\ttab", "exento", 100_000_000),
        // A text that starts like the export's own quote against formulas.
        ProductDraft {
            short_name: Some("''".into()),
            ..draft("'=0", "general", 1)
        },
    ]
}

#[test]
fn awkward_products_come_back_exactly_through_csv_and_xlsx() {
    let products = awkward();
    for p in &products {
        assert_eq!(p.problems(), vec![], "{p:?}");
    }
    let csv = write_csv(&products, Currency::Eur);
    assert!(csv.starts_with(b"\xEF\xBB\xBFsku,name,short_name,category,tax_class,price,"));
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.contains(",123.45,19.99,"), "{text}");
    assert!(
        text.contains("'=1+1"),
        "a formula-like text is protected: {text}"
    );
    assert_eq!(read_back(&csv, "export.csv"), products);
    let xlsx = write_xlsx(&products, Currency::Eur).unwrap();
    assert_eq!(read_back(&xlsx, "export.xlsx"), products);
}

#[test]
fn the_xlsx_export_keeps_codes_as_text_and_prices_as_numbers() {
    use calamine::{Data, Reader, Xlsx};
    let xlsx = write_xlsx(&awkward(), Currency::Eur).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    assert_eq!(book.sheet_names(), ["Products"]);
    let range = book.worksheet_range("Products").unwrap();
    assert_eq!(range.get((1, 0)), Some(&Data::String("00123".into())));
    assert_eq!(range.get((1, 5)), Some(&Data::Float(123.45)));
    assert_eq!(
        range.get((3, 7)),
        Some(&Data::String("0036000291452".into()))
    );
}

/// Valid, tidy drafts with distinct codes.
fn drafts() -> impl Strategy<Value = Vec<ProductDraft>> {
    let text = "[a-zA-Z0-9ñÑáéíóúü€ ,;\"'=+@|-]{0,30}";
    let one = (
        (
            text,
            text,
            proptest::option::of(text),
            proptest::option::of("[A-Z0-9-]{1,12}"),
        ),
        (
            0usize..4,
            0i64..=1_000_000_000,
            proptest::option::of(0i64..=1_000_000),
        ),
        (
            0u32..3,
            proptest::option::of(1u32..999_999),
            any::<(bool, bool, bool)>(),
        ),
    );
    proptest::collection::vec(one, 0..12).prop_map(|rows| {
        let codes = ["general", "reducido", "superreducido", "exento"];
        let mut out = Vec::new();
        for (i, ((name, category, short, sku), (class, price, cost), extra)) in
            rows.into_iter().enumerate()
        {
            let (barcodes, plu, (weighed, tracked, active)) = extra;
            let d = ProductDraft {
                sku: sku.map(|s| format!("{s}{i}")),
                short_name: short.map(|s| s.chars().take(24).collect()),
                category,
                cost,
                barcodes: (0..barcodes)
                    .map(|k| ean(&format!("84{i:05}{k:05}")))
                    .collect(),
                plu: plu.map(|n| n.to_string()),
                measure: if weighed { Measure::Kg } else { Measure::Unit },
                stock_tracked: tracked,
                active,
                ..draft(&format!("{name}{i}"), codes[class], price)
            }
            .tidy();
            out.push(d);
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn export_then_import_is_the_identity(products in drafts()) {
        prop_assume!(products.iter().all(|p| p.problems().is_empty()));
        let csv = write_csv(&products, Currency::Eur);
        prop_assert_eq!(read_back(&csv, "e.csv"), products.clone());
        let xlsx = write_xlsx(&products, Currency::Eur).unwrap();
        prop_assert_eq!(read_back(&xlsx, "e.xlsx"), products);
    }
}
