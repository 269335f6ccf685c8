//! `caja catalog list|search|add|set|deactivate|activate|show`: the catalog from the command
//! line, with the back office's checks (one `ProductDraft`, one set of rules) and audit rows.

use super::{Env, money, open_with_identity, today};
use crate::cli::{CatalogCommand, ProductArgs};
use crate::store::Store;
use crate::store::catalog::Product;
use crate::store::taxes::Author;
use crate::till::format::format_rate;
use crate::till::product::{ProductDraft, ProductField};
use anyhow::{Context, Result, bail};
use std::io::Write as _;
use std::process::ExitCode;

pub(super) fn run(env: &Env, command: CatalogCommand) -> Result<ExitCode> {
    let (store, env) = open_with_identity(env)?;
    let env = &env;
    let at = crate::app::stamp_now();
    let who = Author {
        terminal: &env.settings.terminal,
        user_id: None,
        at: &at,
    };
    match command {
        CatalogCommand::List { all, json } => {
            print_products(env, &store.list_products(today(), all)?, json)?
        }
        CatalogCommand::Search { text, limit, json } => {
            print_products(env, &store.search_products(&text, limit, today())?, json)?
        }
        CatalogCommand::Add(args) => {
            let draft = draft_of(env, args)?;
            let id = store.create_product(&draft, &who)?;
            println!("added #{id} {}", draft.name);
        }
        CatalogCommand::Set { product, changes } => {
            let id = find(&store, &product)?;
            let mut draft = store.product_draft(id)?.context("the product went away")?;
            for change in &changes {
                let Some((field, value)) = change.split_once('=') else {
                    bail!("«{change}»: write FIELD=VALUE, e.g. price=1,25");
                };
                let field = ProductField::parse(field).with_context(|| {
                    format!(
                        "«{field}» is not a product field: {}",
                        ProductField::ALL.map(ProductField::as_str).join(" ")
                    )
                })?;
                draft.set_field(field, value, env.settings.currency)?;
            }
            store.update_product(id, &draft, &who)?;
            println!("changed #{id} {}", draft.name);
        }
        CatalogCommand::Deactivate { product } => {
            let id = find(&store, &product)?;
            store.set_product_active(id, false, &who)?;
            println!("#{id} is off sale (it stays in every ticket and report)");
        }
        CatalogCommand::Activate { product } => {
            let id = find(&store, &product)?;
            store.set_product_active(id, true, &who)?;
            println!("#{id} is on sale again");
        }
        CatalogCommand::Show { product, json } => show(env, &store, &product, json)?,
        CatalogCommand::Import {
            file,
            dry_run,
            format,
            map,
            tax_class,
            prices_include_tax,
            json,
        } => {
            let flags = super::exchange::ImportFlags {
                dry_run,
                format,
                map,
                tax_class,
                prices_include_tax,
                json,
            };
            return super::exchange::import(env, &store, &who, &file, &flags);
        }
        CatalogCommand::Export { file } => return super::exchange::export(env, &store, &file),
        CatalogCommand::Reprice {
            percent,
            amount,
            category,
            tax_class,
            search,
            ending,
            dry_run,
            labels,
            json,
        } => {
            let flags = super::reprice::RepriceFlags {
                percent,
                amount,
                filter: crate::store::reprice::RepriceFilter {
                    category,
                    tax_class,
                    search,
                },
                ending,
                dry_run,
                labels,
                json,
            };
            return super::reprice::reprice(env, &store, &who, flags);
        }
        CatalogCommand::Labels { products } => {
            let ids = products
                .iter()
                .map(|p| find(&store, p))
                .collect::<Result<Vec<_>>>()?;
            super::reprice::queue_labels(env, &store, &who, &ids)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn find(store: &Store, reference: &str) -> Result<i64> {
    store.find_product(reference)?.with_context(|| {
        format!("no product has the barcode, PLU or SKU «{reference}» (or write #ID)")
    })
}

fn draft_of(env: &Env, a: ProductArgs) -> Result<ProductDraft> {
    let mut d = ProductDraft {
        name: a.name,
        tax_class: a.tax_class,
        stock_tracked: a.stock_tracked,
        active: !a.inactive,
        ..ProductDraft::default()
    };
    let c = env.settings.currency;
    d.set_field(ProductField::Price, &a.price, c)?;
    d.set_field(ProductField::Barcodes, &a.barcode.join(" "), c)?;
    d.set_field(ProductField::Measure, &a.unit, c)?;
    for (field, value) in [
        (ProductField::Sku, a.sku),
        (ProductField::Category, a.category),
        (ProductField::ShortName, a.short_name),
        (ProductField::Cost, a.cost),
        (ProductField::Plu, a.plu),
    ] {
        if let Some(v) = value {
            d.set_field(field, &v, c)?;
        }
    }
    Ok(d)
}

fn show(env: &Env, store: &Store, reference: &str, json: bool) -> Result<()> {
    let id = find(store, reference)?;
    let draft = store.product_draft(id)?.context("the product went away")?;
    let history = store.price_history(id)?;
    let mut out = std::io::stdout().lock();
    if json {
        let c = env.settings.currency;
        let doc = serde_json::json!({
            "id": id, "currency": c.code(), "minor_digits": c.minor_digits(),
            "product": draft, "price_history": history,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(());
    }
    writeln!(out, "#{id} {}", draft.name)?;
    for f in ProductField::ALL {
        let value = match f {
            ProductField::Price => money(env, draft.price),
            ProductField::Cost => draft.cost.map(|c| money(env, c)).unwrap_or_default(),
            _ => field_text(&draft, f),
        };
        writeln!(out, "  {:<14} {value}", f.as_str())?;
    }
    writeln!(out, "price history:")?;
    for h in history {
        let old = h.old_price.map(|p| money(env, p)).unwrap_or("—".into());
        writeln!(
            out,
            "  {}  {old} → {}  {} ({})",
            h.at,
            money(env, h.new_price),
            h.user.unwrap_or_else(|| "command line".into()),
            h.source
        )?;
    }
    Ok(())
}

/// A field's value as the generic layout writes it.
fn field_text(d: &ProductDraft, f: ProductField) -> String {
    let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
    match f {
        ProductField::Sku => d.sku.clone().unwrap_or_default(),
        ProductField::Name => d.name.clone(),
        ProductField::ShortName => d.short_name.clone().unwrap_or_default(),
        ProductField::Category => d.category.clone(),
        ProductField::TaxClass => d.tax_class.clone(),
        ProductField::Price => d.price.to_string(),
        ProductField::Cost => d.cost.map(|c| c.to_string()).unwrap_or_default(),
        ProductField::Barcodes => d.barcodes.join(" "),
        ProductField::Plu => d.plu.clone().unwrap_or_default(),
        ProductField::Measure => d.measure.as_str().into(),
        ProductField::NetContent => d.net_content.map(|c| c.to_stored()).unwrap_or_default(),
        ProductField::StockTracked => yes(d.stock_tracked),
        ProductField::Active => yes(d.active),
    }
}

fn print_products(env: &Env, products: &[Product], json: bool) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        // Units stated: prices are integer minor units of `currency`, with its `minor_digits`.
        let c = env.settings.currency;
        let doc = serde_json::json!({
            "currency": c.code(),
            "minor_digits": c.minor_digits(),
            "products": products,
        });
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        for p in products {
            writeln!(
                out,
                "{:>7}  {:<14} {:<44} {:>10} {:>5}  {}{}",
                p.id,
                p.codes.first().map(String::as_str).unwrap_or(""),
                p.name,
                money(env, p.price),
                format_rate(p.tax_rate_bp, env.settings.locale),
                p.measure.as_str(),
                if p.active { "" } else { "  (off sale)" }
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
