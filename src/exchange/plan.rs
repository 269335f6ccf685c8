//! The plan for reading a file, made once from its header: the layout, the role of every
//! column, and the index of each column the rows are read from — so reading a row is array
//! look-ups, never a search by name.

use super::Layout;
use super::header::{self, ColumnRole, ColumnUse, fold};
use super::problem::{ColumnRef, ImportError};
use crate::till::product::{FieldSet, ProductField};

/// Where each value of a row is read from.
pub struct Plan {
    pub layout: Layout,
    pub uses: Vec<ColumnUse>,
    fields: [Option<usize>; ProductField::ALL.len()],
    /// Rows with the same value here are one item's variants.
    pub group_by: Option<usize>,
    pub options: Vec<usize>,
    pub variation: Option<usize>,
    /// Yes/no tax columns: column, rate, the tax's label.
    pub tax_rates: Vec<(usize, u32, String)>,
    pub default_price: Option<usize>,
    pub sold_by_weight: Option<usize>,
    pub unit_of_measure: Option<usize>,
    pub category_path: Option<usize>,
    pub status: Option<usize>,
    pub archived: Option<usize>,
    pub tracker: Option<usize>,
    /// Per column: an item's value, left blank on its variants' rows.
    pub inherit: Vec<bool>,
}

/// The options that shape a plan.
pub struct PlanOptions<'a> {
    pub layout: Option<Layout>,
    pub map: &'a [(String, ProductField)],
}

fn has_name_and_price(roles: &[ColumnRole]) -> bool {
    let has = |field| roles.contains(&ColumnRole::Field { field });
    has(ProductField::Name) && has(ProductField::Price)
}

impl Plan {
    /// The plan for `headers` (the header row's cells, trimmed), `first_column` being the
    /// sheet column of the first one.
    pub fn new(
        headers: &[String],
        first_column: usize,
        opts: &PlanOptions<'_>,
    ) -> Result<Plan, ImportError> {
        let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
        let detected = opts.layout.or_else(|| header::detect(&folded));
        let mut layout = detected.unwrap_or(Layout::Generic);
        let mut roles = header::roles(layout, &folded);
        if detected.is_none() && !opts.map.is_empty() && !has_name_and_price(&roles) {
            layout = Layout::Mapped;
        }
        for (spec, field) in opts.map {
            let at = header::find_column(spec, &folded)?;
            let role = header::role_of_field(*field);
            for r in roles.iter_mut().filter(|r| **r == role) {
                *r = ColumnRole::Ignored;
            }
            roles[at] = role;
        }
        header::first_of_each(&mut roles);
        let square_without_handle =
            layout == Layout::Square && !roles.contains(&ColumnRole::Handle);
        if !has_name_and_price(&roles) {
            return Err(ImportError::UnknownHeader {
                headers: headers.to_vec(),
            });
        }
        let uses = headers
            .iter()
            .zip(roles)
            .enumerate()
            .map(|(i, (h, role))| ColumnUse {
                column: ColumnRef {
                    letter: header::letter(first_column + i),
                    header: h.clone(),
                },
                role,
            })
            .collect();
        Ok(Plan::index(layout, uses, square_without_handle))
    }

    fn index(layout: Layout, uses: Vec<ColumnUse>, group_by_name: bool) -> Plan {
        let find = |wanted: &ColumnRole| uses.iter().position(|u| u.role == *wanted);
        let mut fields = [None; ProductField::ALL.len()];
        for (slot, field) in fields.iter_mut().zip(ProductField::ALL) {
            *slot = find(&ColumnRole::Field { field });
        }
        let mut options: Vec<(u8, usize)> = uses
            .iter()
            .enumerate()
            .filter_map(|(i, u)| match u.role {
                ColumnRole::OptionValue { number } => Some((number, i)),
                _ => None,
            })
            .collect();
        options.sort_unstable();
        let tax_rates = uses
            .iter()
            .enumerate()
            .filter_map(|(i, u)| match &u.role {
                ColumnRole::TaxRate { rate_bp, label } => Some((i, *rate_bp, label.clone())),
                _ => None,
            })
            .collect();
        let name = fields[ProductField::Name as usize];
        let inherit = uses.iter().map(|u| inherited(&u.role)).collect();
        Plan {
            layout,
            group_by: if group_by_name {
                name
            } else {
                find(&ColumnRole::Handle)
            },
            options: options.into_iter().map(|(_, i)| i).collect(),
            variation: find(&ColumnRole::VariationName),
            tax_rates,
            default_price: find(&ColumnRole::DefaultPrice),
            sold_by_weight: find(&ColumnRole::SoldByWeight),
            unit_of_measure: find(&ColumnRole::UnitOfMeasure),
            category_path: find(&ColumnRole::CategoryPath),
            status: find(&ColumnRole::Status),
            archived: find(&ColumnRole::Archived),
            tracker: find(&ColumnRole::InventoryTracker),
            inherit,
            fields,
            uses,
        }
    }

    /// The column of a product field.
    pub fn field(&self, field: ProductField) -> Option<usize> {
        self.fields[field as usize]
    }

    /// The fields the file says something about: a product it matches keeps the others.
    /// Its name and price always; its tax class from the file or the class named for it; its
    /// codes are only ever added.
    pub fn carries(&self) -> FieldSet {
        use ProductField::*;
        let mut fields: Vec<ProductField> = ProductField::ALL
            .into_iter()
            .filter(|f| self.field(*f).is_some())
            .collect();
        fields.extend([Name, Price, TaxClass, Barcodes, Plu]);
        let also = [
            (self.category_path.is_some(), Category),
            (
                self.sold_by_weight.is_some() || self.unit_of_measure.is_some(),
                Measure,
            ),
            (self.status.is_some() || self.archived.is_some(), Active),
            (self.tracker.is_some(), StockTracked),
        ];
        fields.extend(also.into_iter().filter(|(on, _)| *on).map(|(_, f)| f));
        FieldSet::of(fields)
    }

    /// Whether the file says anything about tax.
    pub fn has_tax(&self) -> bool {
        self.field(ProductField::TaxClass).is_some() || !self.tax_rates.is_empty()
    }

    /// Whether the file's prices are without tax: the caller's word, else the layout's.
    pub fn prices_are_net(&self, prices_include_tax: Option<bool>) -> bool {
        match prices_include_tax {
            Some(included) => !included,
            None => matches!(self.layout, Layout::Odoo | Layout::FacturaScripts),
        }
    }

    pub fn column(&self, index: usize) -> Option<&ColumnRef> {
        self.uses.get(index).map(|u| &u.column)
    }
}

/// Whether a column holds an item's value that variant rows leave blank.
fn inherited(role: &ColumnRole) -> bool {
    use ProductField::*;
    match role {
        ColumnRole::Field { field } => matches!(
            field,
            Name | ShortName | Category | TaxClass | Measure | StockTracked | Active
        ),
        ColumnRole::TaxRate { .. }
        | ColumnRole::SoldByWeight
        | ColumnRole::UnitOfMeasure
        | ColumnRole::CategoryPath
        | ColumnRole::Status
        | ColumnRole::Archived
        | ColumnRole::InventoryTracker => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(headers: &str, map: &[(String, ProductField)]) -> Result<Plan, ImportError> {
        let headers: Vec<String> = headers.split(',').map(str::to_string).collect();
        Plan::new(&headers, 0, &PlanOptions { layout: None, map })
    }

    #[test]
    fn an_unknown_header_needs_a_map_and_then_reads() {
        let err = plan("Artículo,Importe,Tipo", &[]).err();
        let headers = ["Artículo", "Importe", "Tipo"].map(String::from).to_vec();
        assert_eq!(err, Some(ImportError::UnknownHeader { headers }));
        let map = [
            ("Artículo".to_string(), ProductField::Name),
            ("B".to_string(), ProductField::Price),
        ];
        let p = plan("Artículo,Importe,Tipo", &map).unwrap();
        assert_eq!(p.layout, Layout::Mapped);
        assert_eq!(p.field(ProductField::Name), Some(0));
        assert_eq!(p.field(ProductField::Price), Some(1));
        assert!(!p.has_tax());
    }

    #[test]
    fn a_map_overrides_what_the_header_said() {
        let map = [("precio oferta".to_string(), ProductField::Price)];
        let p = plan("nombre,pvp,precio oferta,iva", &map).unwrap();
        assert_eq!(p.layout, Layout::Generic);
        assert_eq!(p.field(ProductField::Price), Some(2));
        assert_eq!(p.uses[1].role, ColumnRole::Ignored);
        assert!(p.has_tax());
    }
}
