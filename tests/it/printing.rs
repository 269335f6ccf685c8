//! Receipts as ESC/POS bytes, decoded back by Caja's own decoder and checked against golden
//! listings for a 58 mm and an 80 mm printer, with accented Spanish text and €.

use caja::devices::decode::{Printed, decode, listing};
use caja::devices::printout::receipt_bytes;
use caja::devices::profile::Profile;
use caja::till::format::Locale;
use caja::till::money::Currency;
use caja::till::quantity::Measure;
use caja::till::receipt::{Receipt, ReceiptLine, ReceiptTender};
use caja::till::tax::TaxRow;
use caja::till::tender::TenderKind;
use std::path::Path;

fn line(
    name: &str,
    measure: Measure,
    qty_milli: i64,
    unit_price: i64,
    discount: i64,
) -> ReceiptLine {
    let gross = match measure {
        Measure::Unit => qty_milli / 1000 * unit_price,
        Measure::Kg => (qty_milli * unit_price + 500) / 1000,
    };
    ReceiptLine {
        name: name.into(),
        measure,
        qty_milli,
        unit_price,
        discount,
        total: gross - discount,
    }
}

/// A sale with Spanish names, a weighed line, a discount, two tax rates, split tender.
pub fn fixture() -> Receipt {
    let lines = vec![
        line(
            "Jamón ibérico de bellota 100 g",
            Measure::Unit,
            1000,
            1295,
            0,
        ),
        line("Piña tropical", Measure::Kg, 1_234, 249, 0),
        line(
            "Café molido ecológico ¡oferta!",
            Measure::Unit,
            2000,
            329,
            66,
        ),
        line("Agua mineral 1,5 L", Measure::Unit, 6000, 45, 0),
    ];
    let total: i64 = lines.iter().map(|l| l.total).sum();
    Receipt {
        store_name: "Ultramarinos Peña".into(),
        tax_id: "B12345678".into(),
        address: "Calle Mayor 1, León".into(),
        number: "T01-000123".into(),
        refers_to: None,
        is_return: false,
        date: "29/11/2026 10:15".into(),
        cashier: "Lucía".into(),
        currency: Currency::Eur,
        locale: Locale::Es,
        lines,
        taxes: vec![
            TaxRow {
                rate_bp: 1000,
                base: 1768,
                quota: 177,
                gross: 1945,
            },
            TaxRow {
                rate_bp: 2100,
                base: 492,
                quota: 103,
                gross: 595,
            },
        ],
        total,
        rounding: 0,
        tenders: vec![
            ReceiptTender {
                kind: TenderKind::Card,
                amount: 1000,
                reference: Some("AUT-77".into()),
            },
            ReceiptTender {
                kind: TenderKind::Cash,
                amount: 2000,
                reference: None,
            },
        ],
        change: 3000 - total,
    }
}

fn golden(name: &str, text: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("CAJA_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, text).expect("write golden");
    }
    let expected =
        std::fs::read_to_string(&path).expect("golden file (CAJA_UPDATE_GOLDEN=1 writes it)");
    assert_eq!(text, expected, "\n{text}");
}

#[test]
fn receipts_encode_and_decode_back_for_58_and_80_mm() {
    let r = fixture();
    for (profile, file) in [
        ("generic-58mm", "escpos-58mm.txt"),
        ("epson-tm-t20iii", "escpos-80mm.txt"),
    ] {
        let p = Profile::named(profile).unwrap();
        let bytes = receipt_bytes(&r, &p, true).unwrap();
        let printed = decode(&bytes).unwrap();
        golden(file, &listing(&printed));
        // The structure a printer needs, whatever the golden file says.
        assert_eq!(printed[0], Printed::Init);
        assert_eq!(
            printed[1],
            Printed::CodePage(19),
            "PC858 for á é í ó ú ñ ¿ ¡ €"
        );
        assert!(matches!(
            printed[2],
            Printed::Drawer {
                pin: 0,
                on_ms: 50,
                off_ms: 500
            }
        ));
        assert!(matches!(printed.last(), Some(Printed::Cut { .. })));
        assert!(
            printed
                .iter()
                .any(|i| matches!(i, Printed::Barcode { data, .. } if data == "T01-000123"))
        );
        let text: Vec<&Printed> = printed
            .iter()
            .filter(|i| matches!(i, Printed::Line { .. }))
            .collect();
        for item in &text {
            if let Printed::Line { text, .. } = item {
                assert!(text.chars().count() <= p.columns, "{profile}: {text:?}");
            }
        }
        let all = listing(&printed);
        for word in [
            "Peña",
            "León",
            "Jamón ibérico",
            "Piña",
            "¡oferta!",
            "€",
            "Lucía",
        ] {
            assert!(all.contains(word), "{profile}: {word} missing\n{all}");
        }
        assert!(text.iter().any(|i| matches!(i, Printed::Line { text, bold: true, height: 2, .. } if text.starts_with("TOTAL"))));
    }
}

#[test]
fn no_drawer_pulse_unless_asked_and_odd_characters_never_fail_a_print() {
    let mut r = fixture();
    r.store_name = "Bar «El Ñandú» — 24 h ✓".into();
    let p = Profile::named("generic-80mm").unwrap();
    let printed = decode(&receipt_bytes(&r, &p, false).unwrap()).unwrap();
    assert!(!printed.iter().any(|i| matches!(i, Printed::Drawer { .. })));
    assert!(listing(&printed).contains("Bar «El Ñandú» - 24 h ?"));
}
