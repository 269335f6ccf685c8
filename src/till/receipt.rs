//! The receipt model and its plain-text layout at a printer's width (42 or 48 columns).
//!
//! The same text is the on-screen preview and, later, what the ESC/POS encoder prints; the
//! encoder adds only styles, the barcode and the cut. Pure: dates and names come in as text, and
//! the words come from the message files (`receipt-*` in `assets/locales/*/caja.ftl`).

use super::format::{Locale, format_fixed, format_money, format_rate};
use super::money::Currency;
use super::quantity::Measure;
use super::tax::{Exemption, TaxKind, TaxRow};
use super::tender::TenderKind;
use crate::i18n::Lang;
use crate::id;
use std::borrow::Cow;

/// Printer widths in characters (80 mm paper at font A / font B).
pub const WIDTHS: [usize; 2] = [42, 48];

/// How a printer stresses a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineStyle {
    Plain,
    /// Store name and document title: bold.
    Heading,
    /// The total: bold, double height.
    Total,
    /// The fiscal QR: the line's text is its content (the tax agency's URL); a printer prints
    /// the code, the screen draws it (`render` marks the line with `QR_MARK`).
    FiscalQr,
}

/// Starts the line `render` gives for the fiscal QR, followed by its content.
pub const QR_MARK: char = '\u{1}';

/// One printed line of goods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptLine {
    pub name: String,
    pub measure: Measure,
    /// Thousandths of a unit or of a kg; negative on returns.
    pub qty_milli: i64,
    pub unit_price: i64,
    /// Line and ticket discount on this line (positive = money off).
    pub discount: i64,
    pub total: i64,
    /// The line's tax rate (its letter in the tax table follows the amount).
    pub rate_bp: u32,
    /// Why the rate is 0, when the line is exempt.
    pub exemption: Option<Exemption>,
}

/// A payment as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptTender {
    pub kind: TenderKind,
    pub amount: i64,
    pub reference: Option<String>,
}

/// Everything a receipt shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The trade name, big on top.
    pub store_name: String,
    /// The issuer's legal name (printed under the trade name when it differs).
    pub legal_name: String,
    pub tax_id: String,
    /// One or more lines (street; postcode and town).
    pub address: String,
    /// The shop's own lines under its name, and at the foot.
    pub header: Vec<String>,
    pub footer: Vec<String>,
    /// The tax the prices include (its name heads the tax table: "IVA incluido").
    pub tax_kind: TaxKind,
    pub number: String,
    /// The sale a return refers to.
    pub refers_to: Option<String>,
    pub is_return: bool,
    /// A reprint: marked as a copy under the title, so it is never taken for the original.
    pub copy: bool,
    /// Already formatted in the shop's local time.
    pub date: String,
    pub cashier: String,
    pub currency: Currency,
    pub locale: Locale,
    pub lines: Vec<ReceiptLine>,
    pub taxes: Vec<TaxRow>,
    pub total: i64,
    pub rounding: i64,
    pub tenders: Vec<ReceiptTender>,
    pub change: i64,
    /// The fiscal record's QR content (VERI*FACTU's `ValidarQR` URL), printed first.
    pub fiscal_qr: Option<String>,
    /// Made in training mode: "FORMACIÓN — SIN VALIDEZ" at its head and foot.
    pub training: bool,
    /// A full invoice's customer (a ticket has none).
    pub customer: Option<ReceiptCustomer>,
}

/// The customer a full invoice names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptCustomer {
    pub name: String,
    pub tax_id: String,
    pub address: String,
    /// Postcode and town (and the country, abroad).
    pub city: String,
}

/// A tender's name as a cashier reads it (lower case: "efectivo").
pub fn tender_name(kind: TenderKind, lang: Lang) -> Cow<'static, str> {
    lang.t(match kind {
        TenderKind::Cash => id!("tender-cash"),
        TenderKind::Card => id!("tender-card"),
        TenderKind::Other => id!("tender-other"),
    })
}

/// Cuts `text` to at most `width` characters.
fn cut(text: &str, width: usize) -> String {
    text.chars().take(width).collect()
}

/// `left` and `right` on one line of `width`, `left` cut short to make room.
fn spread(left: &str, right: &str, width: usize) -> String {
    let right_len = right.chars().count();
    let room = width.saturating_sub(right_len + 1);
    let left = cut(left, room);
    let pad = width.saturating_sub(left.chars().count() + right_len);
    format!("{left}{}{right}", " ".repeat(pad))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn centre(text: &str, width: usize) -> String {
    let text = cut(text, width);
    let pad = (width - text.chars().count()) / 2;
    format!("{}{text}", " ".repeat(pad))
}

impl Receipt {
    fn amount(&self, minor: i64) -> String {
        format_fixed(minor, self.currency.minor_digits(), self.locale)
    }

    fn money(&self, minor: i64) -> String {
        format_money(minor, self.currency, self.locale)
    }

    /// The receipt as lines of at most `width` characters.
    pub fn render(&self, width: usize) -> Vec<String> {
        self.styled(width)
            .into_iter()
            .map(|(style, l)| match style {
                LineStyle::FiscalQr => format!("{QR_MARK}{l}"),
                _ => l,
            })
            .collect()
    }

    /// The receipt's lines with how a printer should stress them (the text is the same as
    /// `render`; a printer prints headings bold and the total bold at double height).
    pub fn styled(&self, width: usize) -> Vec<(LineStyle, String)> {
        let rule = "-".repeat(width);
        let mut out = Layout {
            width,
            lines: Vec::new(),
            marks: Vec::new(),
        };
        self.fiscal_qr(&mut out);
        self.training_mark(&mut out);
        self.receipt_header(&mut out);
        out.lines.push(rule.clone());
        for line in &self.lines {
            self.goods_line(&mut out, line);
        }
        out.lines.push(rule.clone());
        self.payment_lines(&mut out);
        out.lines.push(rule.clone());
        self.tax_table(&mut out);
        out.lines.push(rule);
        self.receipt_footer(&mut out);
        self.training_mark(&mut out);
        out.into_styled()
    }

    /// A training document's mark, bold, so nobody takes it for a ticket.
    fn training_mark(&self, out: &mut Layout) {
        if self.training {
            out.mark(LineStyle::Heading);
            let text = self.locale.lang.t(id!("receipt-training"));
            out.lines.push(centre(&text, out.width));
        }
    }

    /// The fiscal QR with its legends, at the very start of the invoice as the AEAT asks.
    fn fiscal_qr(&self, out: &mut Layout) {
        let Some(url) = &self.fiscal_qr else { return };
        let w = |id| self.locale.lang.t(id);
        let width = out.width;
        out.lines.push(centre(&w(id!("receipt-qr-title")), width));
        out.mark(LineStyle::FiscalQr);
        out.lines.push(url.clone());
        out.lines
            .push(centre(&w(id!("receipt-qr-verifactu")), width));
        out.lines.push(String::new());
    }

    /// Store name, address, tax id, the title (and COPIA), number and date, the original.
    fn receipt_header(&self, out: &mut Layout) {
        let w = |id| self.locale.lang.t(id);
        let width = out.width;
        if !self.store_name.trim().is_empty() {
            out.mark(LineStyle::Heading);
            out.lines.push(centre(self.store_name.trim(), width));
        }
        let legal = self.legal_name.trim();
        if !legal.is_empty() && legal != self.store_name.trim() {
            out.lines.push(centre(legal, width));
        }
        for line in self
            .address
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            out.lines.push(centre(line, width));
        }
        if !self.tax_id.trim().is_empty() {
            out.lines.push(centre(
                &format!("{} {}", w(id!("receipt-tax-id")), self.tax_id.trim()),
                width,
            ));
        }
        for line in &self.header {
            out.lines.push(centre(line, width));
        }
        out.mark(LineStyle::Heading);
        out.lines.push(centre(
            &w(match (self.is_return, self.customer.is_some()) {
                (true, false) => id!("receipt-refund"),
                (false, false) => id!("receipt-invoice"),
                (true, true) => id!("receipt-full-refund"),
                (false, true) => id!("receipt-full-invoice"),
            }),
            width,
        ));
        if self.copy {
            out.mark(LineStyle::Heading);
            out.lines.push(centre(&w(id!("receipt-copy")), width));
        }
        out.lines.push(spread(&self.number, &self.date, width));
        if let Some(original) = &self.refers_to {
            out.lines.push(cut(
                &format!(
                    "{} {original}",
                    // A return corrects its original; a full invoice replaces a ticket (F3).
                    w(if self.is_return {
                        id!("receipt-refers")
                    } else {
                        id!("receipt-replaces")
                    })
                ),
                width,
            ));
        }
        // A full invoice names its customer: name, tax id and address (RD 1619/2012 art. 6).
        if let Some(c) = &self.customer {
            out.lines.push(cut(
                &format!("{} {}", w(id!("receipt-customer")), c.name),
                width,
            ));
            out.lines.push(cut(
                &format!("{} {}", w(id!("receipt-tax-id")), c.tax_id),
                width,
            ));
            for line in [&c.address, &c.city] {
                out.lines.push(cut(line, width));
            }
        }
    }

    /// One line of goods: name and amount, with its quantity and price when not a single
    /// unit, and its discount.
    fn goods_line(&self, out: &mut Layout, line: &ReceiptLine) {
        let w = |id| self.locale.lang.t(id);
        let width = out.width;
        let simple = line.measure == Measure::Unit && line.qty_milli == 1000;
        let amount = format!(
            "{} {}",
            self.amount(line.gross()),
            self.letter(line.rate_bp)
        );
        let fits = line.name.chars().count() + 1 + amount.chars().count() <= width;
        if simple && fits {
            out.lines.push(spread(&line.name, &amount, width));
        } else if simple {
            // A name cut short beside its price could read as a quantity: give it a line.
            out.lines.push(cut(&line.name, width));
            out.lines.push(spread("", &amount, width));
        } else {
            out.lines.push(cut(&line.name, width));
            let qty = match line.measure {
                Measure::Unit => (line.qty_milli / 1000).to_string(),
                Measure::Kg => format!("{} kg", format_fixed(line.qty_milli, 3, self.locale)),
            };
            out.lines.push(spread(
                &format!("  {qty} x {}", self.amount(line.unit_price)),
                &amount,
                width,
            ));
        }
        if line.discount != 0 {
            out.lines.push(spread(
                &format!("  {}", w(id!("receipt-discount"))),
                &format!("{}  ", self.amount(-line.discount)),
                width,
            ));
        }
    }

    /// The total, cash rounding, each tender and the change.
    fn payment_lines(&self, out: &mut Layout) {
        let lang = self.locale.lang;
        let w = |id| lang.t(id);
        let width = out.width;
        out.mark(LineStyle::Total);
        out.lines.push(spread(
            &w(id!("receipt-total")),
            &self.money(self.total),
            width,
        ));
        if self.rounding != 0 {
            out.lines.push(spread(
                &w(id!("receipt-rounding")),
                &self.amount(self.rounding),
                width,
            ));
        }
        for t in &self.tenders {
            let kind = capitalised(&tender_name(t.kind, lang));
            let label = match &t.reference {
                Some(r) => format!("{kind} {r}"),
                None => kind,
            };
            out.lines
                .push(spread(&label, &self.amount(t.amount), width));
        }
        if self.change != 0 {
            out.lines.push(spread(
                &w(id!("receipt-change")),
                &self.amount(self.change),
                width,
            ));
        }
    }

    /// A rate's letter: its place in the tax table (A, B, C…), printed after each line's
    /// amount so every line shows its rate (RD 1619/2012 art. 7).
    fn letter(&self, rate_bp: u32) -> char {
        let i = self
            .taxes
            .iter()
            .position(|t| t.rate_bp == rate_bp)
            .unwrap_or(0);
        char::from(b'A' + (i % 26) as u8)
    }

    /// The exemption cited for a 0 % row, if its lines are exempt.
    fn exemption_at(&self, rate_bp: u32) -> Option<Exemption> {
        self.lines
            .iter()
            .filter(|l| l.rate_bp == rate_bp)
            .find_map(|l| l.exemption)
    }

    /// The tax breakdown: "IVA incluido", then rate, base, quota and total per rate in four
    /// columns, each rate with its letter; an exempt rate cites its article below.
    fn tax_table(&self, out: &mut Layout) {
        let lang = self.locale.lang;
        let w = |id| lang.t(id);
        let width = out.width;
        let col = width / 4;
        out.lines.push(centre(
            &lang.msg(&crate::msg!(
                "receipt-tax-included",
                tax = self.tax_kind.label()
            )),
            width,
        ));
        out.lines.push(format!(
            "{:<col$}{:>col$}{:>col$}{:>rest$}",
            self.tax_kind.label(),
            w(id!("receipt-base")),
            w(id!("receipt-quota")),
            w(id!("receipt-total")),
            rest = width - 3 * col
        ));
        let mut notes = Vec::new();
        for t in &self.taxes {
            let letter = self.letter(t.rate_bp);
            let rate = match self.exemption_at(t.rate_bp) {
                Some(e) => {
                    notes.push(format!(
                        "{letter}: {} ({})",
                        w(id!("receipt-exempt")),
                        e.article()
                    ));
                    w(id!("receipt-exempt")).into_owned()
                }
                None => format_rate(t.rate_bp, self.locale),
            };
            out.lines.push(format!(
                "{:<col$}{:>col$}{:>col$}{:>rest$}",
                cut(&format!("{letter} {rate}"), col),
                self.amount(t.base),
                self.amount(t.quota),
                self.amount(t.gross),
                rest = width - 3 * col
            ));
            // A customer in recargo de equivalencia: its rate and amount under the rate's row
            // (RD 1619/2012 art. 6.1.j), paid on top of the rate's total.
            if t.recargo_bp > 0 {
                out.lines.push(format!(
                    "{:<two$}{:>col$}{:>rest$}",
                    cut(
                        &format!(
                            "  {} {}",
                            w(id!("receipt-recargo")),
                            format_rate(t.recargo_bp, self.locale)
                        ),
                        col * 2
                    ),
                    self.amount(t.recargo),
                    "",
                    two = col * 2,
                    rest = width - 3 * col
                ));
            }
        }
        for note in notes {
            out.lines.push(cut(&note, width));
        }
    }

    /// The shop's own foot lines, the cashier and the thanks.
    fn receipt_footer(&self, out: &mut Layout) {
        let w = |id| self.locale.lang.t(id);
        for line in &self.footer {
            out.lines.push(centre(line, out.width));
        }
        if !self.cashier.is_empty() {
            out.lines.push(cut(
                &format!("{}: {}", w(id!("receipt-cashier")), self.cashier),
                out.width,
            ));
        }
        out.lines.push(centre(&w(id!("receipt-thanks")), out.width));
    }
}

/// A receipt's lines as they are laid out, with the places of the stressed ones.
struct Layout {
    width: usize,
    lines: Vec<String>,
    marks: Vec<(usize, LineStyle)>,
}

impl Layout {
    /// Stresses the next line pushed.
    fn mark(&mut self, style: LineStyle) {
        self.marks.push((self.lines.len(), style));
    }

    /// Every line with its style (plain unless marked).
    fn into_styled(self) -> Vec<(LineStyle, String)> {
        let mut styled: Vec<(LineStyle, String)> = self
            .lines
            .into_iter()
            .map(|l| (LineStyle::Plain, l))
            .collect();
        for (i, style) in self.marks {
            if let Some(line) = styled.get_mut(i) {
                line.0 = style;
            }
        }
        styled
    }
}

impl ReceiptLine {
    /// The line before discounts (what `qty × price` came to).
    pub fn gross(&self) -> i64 {
        self.total + self.discount
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(locale: Locale) -> Receipt {
        Receipt {
            store_name: "Ultramarinos Lucía".into(),
            legal_name: String::new(),
            header: Vec::new(),
            footer: Vec::new(),
            tax_kind: TaxKind::Iva,
            tax_id: "B12345678".into(),
            address: "Calle Mayor 1, Madrid".into(),
            number: "T01-000042".into(),
            refers_to: None,
            is_return: false,
            copy: false,
            date: "29/11/2026 10:15".into(),
            cashier: "Lucía".into(),
            currency: Currency::Eur,
            locale,
            lines: vec![
                ReceiptLine {
                    name: "Leche entera 1 L".into(),
                    measure: Measure::Unit,
                    qty_milli: 1000,
                    unit_price: 109,
                    discount: 0,
                    total: 109,
                    rate_bp: 1000,
                    exemption: None,
                },
                ReceiptLine {
                    name: "Un nombre de producto larguísimo que no cabe en una línea".into(),
                    measure: Measure::Unit,
                    qty_milli: 3000,
                    unit_price: 250,
                    discount: 75,
                    total: 675,
                    rate_bp: 1000,
                    exemption: None,
                },
                ReceiptLine {
                    name: "Tomate pera".into(),
                    measure: Measure::Kg,
                    qty_milli: 1234,
                    unit_price: 299,
                    discount: 0,
                    total: 369,
                    rate_bp: 1000,
                    exemption: None,
                },
            ],
            taxes: vec![TaxRow {
                rate_bp: 1000,
                base: 1048,
                quota: 105,
                gross: 1153,
                recargo_bp: 0,
                recargo: 0,
            }],
            total: 1153,
            rounding: 0,
            tenders: vec![ReceiptTender {
                kind: TenderKind::Cash,
                amount: 2000,
                reference: None,
            }],
            change: 847,
            fiscal_qr: None,
            training: false,
            customer: None,
        }
    }

    #[test]
    fn every_line_fits_both_widths() {
        for width in WIDTHS {
            for locale in [Locale::es(), Locale::en()] {
                for line in sample(locale).render(width) {
                    assert!(line.chars().count() <= width, "{width}: {line:?}");
                }
            }
        }
    }

    /// Compares with the reviewed golden receipt `tests/golden/NAME.snap` (an insta snapshot):
    /// a difference fails and leaves `NAME.snap.new` beside it to review (`cargo insta review`,
    /// or accept with `INSTA_UPDATE=always`); a plain run never rewrites the reviewed file.
    fn golden(name: &str, text: &str) {
        insta::with_settings!({
            snapshot_path => "../../tests/golden",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, text);
        });
    }

    #[test]
    fn golden_receipts() {
        golden(
            "receipt-42-es",
            &(sample(Locale::es()).render(42).join("\n") + "\n"),
        );
        let mut refund = sample(Locale::en());
        refund.is_return = true;
        refund.number = "T01R-000003".into();
        refund.refers_to = Some("T01-000042".into());
        for l in &mut refund.lines {
            l.qty_milli = -l.qty_milli;
            l.total = -l.total;
            l.discount = -l.discount;
        }
        refund.total = -refund.total;
        refund.taxes[0].base = -refund.taxes[0].base;
        refund.taxes[0].quota = -refund.taxes[0].quota;
        refund.taxes[0].gross = -refund.taxes[0].gross;
        refund.tenders[0].amount = refund.total;
        refund.change = 0;
        golden("refund-48-en", &(refund.render(48).join("\n") + "\n"));
    }
}
