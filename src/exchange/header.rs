//! The header row decides everything: which program wrote the file (by the signatures of
//! `catalog-formats.md`), and what each column holds. Headers are compared folded (no BOM,
//! trimmed, lower case, no accents, `_` as a space), so `Código de barras`, `codigo de barras`
//! and `CODIGO_DE_BARRAS` are one header. Each layout has its own column table; files no
//! program signs go through Caja's own layout and its Spanish and English synonyms; the user's
//! `--map` has the last word.

use super::Layout;
use super::problem::{ColumnRef, ImportError};
use super::value::{parse_decimal, percent_to_bp};
use crate::till::product::ProductField;
use serde::Serialize;

/// What a column is used for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum ColumnRole {
    /// A field of the product, read as Caja's own layout writes it.
    Field { field: ProductField },
    /// Rows with the same value are variants of one item (Loyverse, Shopify, Square).
    Handle,
    /// The value of variant option `number` (1–3), added to the name.
    OptionValue { number: u8 },
    /// Square's variation name, added to the name unless it is `Regular`.
    VariationName,
    /// A yes/no column for one tax, its rate in the header (Loyverse, Square).
    TaxRate { rate_bp: u32, label: String },
    /// Loyverse's default price, used when the store's price cell is empty.
    DefaultPrice,
    /// A yes/no column: sold by weight (kg).
    SoldByWeight,
    /// A unit of measure (Odoo's `uom_id`): kg is sold by weight, anything else by units.
    UnitOfMeasure,
    /// A category path (`Todos / Lácteos`): the last part is the category.
    CategoryPath,
    /// Shopify's status: `active`, or `draft` / `archived` (inactive).
    Status,
    /// Square's `Archived`: Y = inactive.
    Archived,
    /// Shopify's inventory tracker: a tracker name = stock tracked.
    InventoryTracker,
    /// Loyverse's component of a composite item: rows with only this are not products.
    IncludedItem,
    /// Not read.
    Ignored,
}

/// Which header went to which use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ColumnUse {
    pub column: ColumnRef,
    pub role: ColumnRole,
}

/// A header cell folded for comparison.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim_start_matches('\u{feff}').trim().chars() {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' | 'Á' | 'À' | 'Ä' | 'Â' => 'a',
            'é' | 'è' | 'ë' | 'ê' | 'É' | 'È' | 'Ë' | 'Ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' | 'Í' | 'Ì' | 'Ï' | 'Î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' | 'Ó' | 'Ò' | 'Ö' | 'Ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' | 'Ú' | 'Ù' | 'Ü' | 'Û' => 'u',
            'ñ' | 'Ñ' => 'n',
            'ç' | 'Ç' => 'c',
            '_' => ' ',
            other => other,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The spreadsheet letter of column `index` (0 → `A`, 26 → `AA`).
pub fn letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The program that wrote a header, by its signature.
pub fn detect(folded: &[String]) -> Option<Layout> {
    let has = |h: &str| folded.iter().any(|f| f == h);
    let starts = |p: &[&str]| {
        folded
            .iter()
            .any(|f| p.iter().any(|p| f.starts_with(p)) && f.ends_with(']'))
    };
    if has("token") && has("item name") && has("variation name") {
        Some(Layout::Square)
    } else if has("handle") && has("title") && has("body (html)") && has("variant price") {
        Some(Layout::ShopifyLegacy)
    } else if has("title") && has("url handle") && has("price") && has("option1 value") {
        Some(Layout::Shopify)
    } else if has("handle") && (has("sku") || has("ref")) && starts(&["price [", "precio ["]) {
        Some(Layout::Loyverse)
    } else if has("id") && has("name") && (has("list price") || has("lst price")) {
        Some(Layout::Odoo)
    } else if has("referencia") && has("descripcion") && has("pvp") && has("iva") {
        Some(Layout::FacturaScripts)
    } else {
        None
    }
}

/// A tax header with its rate: `tax - "iva" (21%)`, `impuesto - "iva 10%" (10%)`,
/// `tax - iva (21%)` (folded).
pub fn tax_header(folded: &str) -> Option<(u32, String)> {
    let rest = ["tax - ", "impuesto - ", "tax-", "impuesto-"]
        .iter()
        .find_map(|p| folded.strip_prefix(p))?;
    let inner = rest.strip_suffix("%)")?;
    let open = inner.rfind('(')?;
    let rate = percent_to_bp(parse_decimal(&inner[open + 1..])?)?;
    let label = inner[..open].trim().trim_matches('"').trim().to_string();
    Some((rate, label))
}

fn field(field: ProductField) -> ColumnRole {
    ColumnRole::Field { field }
}

/// `option1 value` (Shopify), `option 1 value` (Loyverse), `opcion 1 valor` → 1.
fn option_number(folded: &str) -> Option<u8> {
    let rest = folded
        .strip_prefix("option")
        .or_else(|| folded.strip_prefix("opcion"))?
        .trim_start();
    let (digit, tail) = rest.split_at_checked(1)?;
    let n: u8 = digit.parse().ok()?;
    matches!(tail.trim(), "value" | "valor").then_some(n)
}

fn loyverse(f: &str) -> ColumnRole {
    use ProductField::*;
    let bracket = |prefixes: &[&str]| prefixes.iter().any(|p| f.starts_with(p)) && f.ends_with(']');
    match f {
        "handle" => ColumnRole::Handle,
        "sku" | "ref" => field(Sku),
        "name" | "nombre" => field(Name),
        "category" | "categoria" => field(Category),
        "sold by weight" | "vendido por peso" => ColumnRole::SoldByWeight,
        "default price" | "precio por defecto" => ColumnRole::DefaultPrice,
        "cost" | "coste" => field(Cost),
        "barcode" | "codigo de barras" => field(Barcodes),
        "sku of included item" | "ref del componente" => ColumnRole::IncludedItem,
        "track stock" | "seguir el inventario" => field(StockTracked),
        _ if bracket(&["available for sale [", "disponibles para la venta ["]) => field(Active),
        _ if bracket(&["price [", "precio ["]) => field(Price),
        _ => common(f),
    }
}

fn square(f: &str) -> ColumnRole {
    use ProductField::*;
    match f {
        "reference handle" => ColumnRole::Handle,
        "item name" => field(Name),
        "variation name" => ColumnRole::VariationName,
        "sku" => field(Sku),
        "categories" | "category" => field(Category),
        "gtin" => field(Barcodes),
        "price" => field(Price),
        "default unit cost" => field(Cost),
        "archived" => ColumnRole::Archived,
        "sellable" => field(Active),
        "stockable" => field(StockTracked),
        _ => common(f),
    }
}

fn shopify(f: &str) -> ColumnRole {
    use ProductField::*;
    match f {
        "handle" | "url handle" => ColumnRole::Handle,
        "title" => field(Name),
        "variant sku" | "sku" => field(Sku),
        "variant price" | "price" => field(Price),
        "variant barcode" | "barcode" => field(Barcodes),
        "cost per item" => field(Cost),
        "status" => ColumnRole::Status,
        "type" => field(Category),
        "variant inventory tracker" | "inventory tracker" => ColumnRole::InventoryTracker,
        _ => common(f),
    }
}

fn odoo(f: &str) -> ColumnRole {
    use ProductField::*;
    match f {
        "name" => field(Name),
        "default code" => field(Sku),
        "barcode" => field(Barcodes),
        "list price" | "lst price" => field(Price),
        "standard price" => field(Cost),
        "categ id" => ColumnRole::CategoryPath,
        "taxes id" => field(TaxClass),
        "available in pos" | "sale ok" => field(Active),
        "to weight" => ColumnRole::SoldByWeight,
        "uom id" => ColumnRole::UnitOfMeasure,
        _ => ColumnRole::Ignored,
    }
}

fn facturascripts(f: &str) -> ColumnRole {
    use ProductField::*;
    match f {
        "referencia" => field(Sku),
        "codfamilia" => field(Category),
        "descripcion" => field(Name),
        "pvp" => field(Price),
        "iva" => field(TaxClass),
        "codbarras" => field(Barcodes),
        "coste" => field(Cost),
        _ => ColumnRole::Ignored,
    }
}

/// Roles every layout shares: options and a tax per column.
fn common(f: &str) -> ColumnRole {
    if let Some(number) = option_number(f) {
        return ColumnRole::OptionValue { number };
    }
    match tax_header(f) {
        Some((rate_bp, label)) => ColumnRole::TaxRate { rate_bp, label },
        None => ColumnRole::Ignored,
    }
}

/// The role of each column in `layout` (generic: by synonyms, best synonym first).
pub fn roles(layout: Layout, folded: &[String]) -> Vec<ColumnRole> {
    let table: fn(&str) -> ColumnRole = match layout {
        Layout::Loyverse => loyverse,
        Layout::Square => square,
        Layout::ShopifyLegacy | Layout::Shopify => shopify,
        Layout::Odoo => odoo,
        Layout::FacturaScripts => facturascripts,
        Layout::Generic | Layout::Mapped => {
            return super::synonyms::roles(folded);
        }
    };
    folded.iter().map(|f| table(f)).collect()
}

/// The role a `--map COLUMN=FIELD` gives a column.
pub fn role_of_field(f: ProductField) -> ColumnRole {
    field(f)
}

/// The column a `--map` names: its header text (folded) or its letter.
pub fn find_column(spec: &str, folded: &[String]) -> Result<usize, ImportError> {
    let wanted = fold(spec);
    if let Some(i) = folded.iter().position(|f| *f == wanted) {
        return Ok(i);
    }
    let is_letter =
        !spec.is_empty() && spec.len() <= 3 && spec.bytes().all(|b| b.is_ascii_alphabetic());
    if is_letter {
        let upper = spec.to_ascii_uppercase();
        if let Some(i) = (0..folded.len()).find(|i| letter(*i) == upper) {
            return Ok(i);
        }
    }
    Err(ImportError::MappingNamesUnknownColumn(spec.to_string()))
}

/// Keeps the first column of each role that should appear once (fields, handle, options,
/// prices…), setting later ones to `Ignored`, so every value is read from one place.
pub fn first_of_each(roles: &mut [ColumnRole]) {
    for i in 0..roles.len() {
        let once = !matches!(roles[i], ColumnRole::Ignored | ColumnRole::TaxRate { .. });
        if once && roles[..i].contains(&roles[i]) {
            roles[i] = ColumnRole::Ignored;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(headers: &str, sep: char) -> Vec<String> {
        headers.split(sep).map(fold).collect()
    }

    #[test]
    fn folding_letters_and_tax_headers() {
        assert_eq!(fold("\u{feff} Código_de  Barras "), "codigo de barras");
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(27 * 26), "AAA");
        assert_eq!(
            tax_header(&fold("Tax - \"IVA\" (21%)")),
            Some((2100, "iva".into()))
        );
        assert_eq!(
            tax_header(&fold("impuesto - \"IVA 10%\" (10%)")),
            Some((1000, "iva 10%".into()))
        );
        assert_eq!(
            tax_header(&fold("Tax - GST (5.5%)")),
            Some((550, "gst".into()))
        );
        assert_eq!(tax_header("tax"), None);
        assert_eq!(option_number("option1 value"), Some(1));
        assert_eq!(option_number("opcion 2 valor"), Some(2));
        assert_eq!(option_number("option 1 name"), None);
    }

    #[test]
    fn signatures_pick_the_program() {
        let cases = [
            (
                "Handle,REF,Nombre,Precio [Tienda],Codigo de barras",
                Some(Layout::Loyverse),
            ),
            (
                "Reference Handle,Token,Item Name,Variation Name,Price",
                Some(Layout::Square),
            ),
            (
                "Handle,Title,Body (HTML),Variant Price",
                Some(Layout::ShopifyLegacy),
            ),
            (
                "Title,URL handle,Price,Option1 value",
                Some(Layout::Shopify),
            ),
            ("id,name,default_code,list_price", Some(Layout::Odoo)),
            (
                "referencia,descripcion,pvp,iva",
                Some(Layout::FacturaScripts),
            ),
            ("sku,name,price", None),
        ];
        for (header, want) in cases {
            assert_eq!(detect(&folded(header, ',')), want, "{header}");
        }
    }

    #[test]
    fn a_map_names_a_column_by_header_or_letter() {
        let f = folded("Artículo,Importe", ',');
        assert_eq!(find_column("importe", &f), Ok(1));
        assert_eq!(find_column("a", &f), Ok(0));
        assert_eq!(
            find_column("C", &f),
            Err(ImportError::MappingNamesUnknownColumn("C".into()))
        );
    }
}
