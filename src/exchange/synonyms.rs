//! Caja's own layout and the words other programs use for its columns, so a uniCenta, ERP or
//! hand-made spreadsheet with recognisable headers maps without `--map`. The list is in order
//! of preference: when a file has both `Nombre` and `Descripción`, the name is `Nombre` and the
//! description is left alone.

use super::header::{ColumnRole, tax_header};
use crate::till::product::ProductField;

/// Folded header → field, best first within each field.
const SYNONYMS: &[(&str, ProductField)] = {
    use ProductField::*;
    &[
        // Caja's own names (`ProductField::as_str`, folded).
        ("sku", Sku),
        ("name", Name),
        ("short name", ShortName),
        ("category", Category),
        ("tax class", TaxClass),
        ("price", Price),
        ("cost", Cost),
        ("barcodes", Barcodes),
        ("plu", Plu),
        ("unit", Measure),
        ("net content", NetContent),
        ("stock tracked", StockTracked),
        ("active", Active),
        // Spanish and English synonyms.
        ("referencia", Sku),
        ("ref", Sku),
        ("reference", Sku),
        ("referencia interna", Sku),
        ("internal reference", Sku),
        ("codigo", Sku),
        ("code", Sku),
        ("cod", Sku),
        ("nombre", Name),
        ("producto", Name),
        ("product", Name),
        ("product name", Name),
        ("nombre del producto", Name),
        ("articulo", Name),
        ("title", Name),
        ("titulo", Name),
        ("denominacion", Name),
        ("descripcion", Name),
        ("description", Name),
        ("nombre corto", ShortName),
        ("texto ticket", ShortName),
        ("nombre ticket", ShortName),
        ("categoria", Category),
        ("familia", Category),
        ("seccion", Category),
        ("departamento", Category),
        ("department", Category),
        ("grupo", Category),
        ("categoria del producto", Category),
        ("categoria de producto", Category),
        ("product category", Category),
        ("iva", TaxClass),
        ("impuesto", TaxClass),
        ("impuestos", TaxClass),
        ("tipo de iva", TaxClass),
        ("tipo iva", TaxClass),
        ("% iva", TaxClass),
        ("igic", TaxClass),
        ("ipsi", TaxClass),
        ("tax", TaxClass),
        ("taxes", TaxClass),
        ("vat", TaxClass),
        ("tax rate", TaxClass),
        ("impuestos del cliente", TaxClass),
        ("customer taxes", TaxClass),
        ("pvp", Price),
        ("precio", Price),
        ("precio venta", Price),
        ("precio de venta", Price),
        ("p.v.p.", Price),
        ("sell price", Price),
        ("sale price", Price),
        ("sales price", Price),
        ("selling price", Price),
        ("retail price", Price),
        ("coste", Cost),
        ("costo", Cost),
        ("precio coste", Cost),
        ("precio de coste", Cost),
        ("precio compra", Cost),
        ("precio de compra", Cost),
        ("buy price", Cost),
        ("purchase price", Cost),
        ("cost price", Cost),
        ("barcode", Barcodes),
        ("codigo de barras", Barcodes),
        ("codigos de barras", Barcodes),
        ("codigo barras", Barcodes),
        ("cod barras", Barcodes),
        ("codbarras", Barcodes),
        ("ean", Barcodes),
        ("ean13", Barcodes),
        ("ean-13", Barcodes),
        ("gtin", Barcodes),
        ("upc", Barcodes),
        ("codigo balanza", Plu),
        ("codigo de balanza", Plu),
        ("unidad", Measure),
        ("unidad de venta", Measure),
        ("unidad de medida", Measure),
        ("contenido", NetContent),
        ("contenido neto", NetContent),
        ("content", NetContent),
        ("formato", NetContent),
        ("controlar stock", StockTracked),
        ("control de stock", StockTracked),
        ("track stock", StockTracked),
        ("activo", Active),
        ("activa", Active),
        ("enabled", Active),
        ("available", Active),
        ("disponible", Active),
    ]
};

/// Headers that say the product is sold by weight (a yes/no column).
const BY_WEIGHT: &[&str] = &[
    "sold by weight",
    "vendido por peso",
    "venta por peso",
    "se vende por peso",
    "a granel",
    "granel",
];

/// The generic layout's role of each column: the best synonym of each field wins, the rest of
/// its columns are ignored.
pub fn roles(folded: &[String]) -> Vec<ColumnRole> {
    let rank = |f: &str| SYNONYMS.iter().position(|(s, _)| *s == f);
    let ranks: Vec<Option<usize>> = folded.iter().map(|f| rank(f)).collect();
    folded
        .iter()
        .enumerate()
        .map(|(i, f)| {
            if let Some(r) = ranks[i] {
                let field = SYNONYMS[r].1;
                let best = ranks
                    .iter()
                    .flatten()
                    .filter(|r| SYNONYMS[**r].1 == field)
                    .min();
                return if best == Some(&r) {
                    ColumnRole::Field { field }
                } else {
                    ColumnRole::Ignored
                };
            }
            if BY_WEIGHT.contains(&f.as_str()) {
                return ColumnRole::SoldByWeight;
            }
            match tax_header(f) {
                Some((rate_bp, label)) => ColumnRole::TaxRate { rate_bp, label },
                None => ColumnRole::Ignored,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::header::fold;

    #[test]
    fn an_erp_like_header_maps_with_the_best_synonym_of_each_field() {
        let headers = "Referencia;Descripción;Nombre;PVP;IVA;Código de barras;Familia;Notas";
        let folded: Vec<String> = headers.split(';').map(fold).collect();
        let f = |field| ColumnRole::Field { field };
        use ProductField::*;
        assert_eq!(
            roles(&folded),
            vec![
                f(Sku),
                ColumnRole::Ignored,
                f(Name),
                f(Price),
                f(TaxClass),
                f(Barcodes),
                f(Category),
                ColumnRole::Ignored
            ]
        );
    }

    #[test]
    fn caja_own_names_are_synonyms_of_themselves() {
        for field in ProductField::ALL {
            let folded = vec![fold(field.as_str())];
            assert_eq!(
                roles(&folded),
                vec![ColumnRole::Field { field }],
                "{field:?}"
            );
        }
    }
}
