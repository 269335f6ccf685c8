//! The demo store: a realistic Spanish shop (≥ 60 products with EAN-13 codes, weighed fruit
//! sold by GS1 weight labels, a 21/10/4 % IVA mix), demo users and an open shift; optionally a
//! generated catalog of N products and a history of N sales over past days.

use super::{Clock, stamp};
use crate::config::TillSettings;
use crate::store::catalog::NewProduct;
use crate::store::sales::Bookkeeping;
use crate::store::shifts::Actor;
use crate::store::{Store, StoreError};
use crate::till::barcode::gs1_check_digit;
use crate::till::cart::{Cart, ItemSnapshot};
use crate::till::document::{DocKind, DocumentDraft};
use crate::till::money::Money;
use crate::till::permission::Role;
use crate::till::quantity::{Measure, Quantity};
use crate::till::tender::{Tender, TenderKind};
use chrono::{DateTime, Duration, FixedOffset};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Demo PINs (shown on the login screen in demo mode only).
pub const DEMO_CASHIER_PIN: &str = "1111";
pub const DEMO_MANAGER_PIN: &str = "9999";
pub const DEMO_TECHNICIAN_PIN: &str = "7777";

/// (name, category, price in cents, IVA in basis points)
const UNIT_PRODUCTS: &[(&str, &str, i64, u32)] = &[
    ("Barra de pan", "Panadería", 65, 400),
    ("Pan de molde integral", "Panadería", 179, 400),
    ("Leche entera 1 L", "Lácteos", 105, 400),
    ("Leche semidesnatada 1 L", "Lácteos", 99, 400),
    ("Huevos L docena", "Lácteos", 289, 400),
    ("Queso fresco 250 g", "Lácteos", 185, 400),
    ("Yogur natural 4×125 g", "Lácteos", 125, 1000),
    ("Aceite de oliva virgen extra 1 L", "Despensa", 895, 400),
    ("Harina de trigo 1 kg", "Despensa", 89, 400),
    ("Arroz redondo 1 kg", "Despensa", 145, 400),
    ("Macarrones 500 g", "Despensa", 95, 400),
    ("Espaguetis 500 g", "Despensa", 95, 400),
    ("Lentejas pardinas 1 kg", "Despensa", 219, 400),
    ("Garbanzos cocidos 400 g", "Despensa", 85, 400),
    ("Agua mineral 1,5 L", "Bebidas", 45, 1000),
    ("Agua mineral pack 6×1,5 L", "Bebidas", 249, 1000),
    ("Zumo de naranja 1 L", "Bebidas", 189, 1000),
    ("Café molido natural 250 g", "Despensa", 329, 1000),
    ("Galletas María 800 g", "Despensa", 199, 1000),
    ("Atún en aceite de oliva 3×80 g", "Conservas", 315, 1000),
    ("Tomate frito 400 g", "Conservas", 99, 1000),
    ("Aceitunas rellenas de anchoa 350 g", "Conservas", 139, 1000),
    ("Mermelada de fresa 340 g", "Despensa", 185, 1000),
    ("Azúcar blanco 1 kg", "Despensa", 115, 1000),
    ("Sal fina 1 kg", "Despensa", 45, 1000),
    ("Cacao soluble 390 g", "Despensa", 340, 1000),
    ("Patatas fritas 150 g", "Aperitivos", 160, 1000),
    ("Magdalenas 12 uds", "Panadería", 199, 1000),
    ("Chocolate con leche 100 g", "Dulces", 120, 1000),
    ("Pechuga de pollo 500 g", "Carnicería", 450, 1000),
    ("Chorizo ibérico 250 g", "Charcutería", 275, 1000),
    ("Jamón cocido extra 200 g", "Charcutería", 240, 1000),
    ("Merluza congelada 400 g", "Congelados", 499, 1000),
    ("Pizza congelada cuatro quesos", "Congelados", 295, 1000),
    ("Helado de vainilla 1 L", "Congelados", 325, 1000),
    ("Gazpacho 1 L", "Refrigerados", 275, 1000),
    ("Refresco de cola lata 33 cl", "Bebidas", 79, 2100),
    ("Refresco de naranja 2 L", "Bebidas", 159, 2100),
    ("Cerveza lata 33 cl", "Bebidas", 69, 2100),
    ("Cerveza pack 6×33 cl", "Bebidas", 415, 2100),
    ("Vino tinto Rioja crianza 75 cl", "Bodega", 595, 2100),
    ("Vino blanco Rueda verdejo 75 cl", "Bodega", 475, 2100),
    ("Cava brut nature 75 cl", "Bodega", 650, 2100),
    ("Detergente líquido 3 L", "Droguería", 795, 2100),
    ("Suavizante 2 L", "Droguería", 320, 2100),
    ("Lavavajillas a mano 1 L", "Droguería", 169, 2100),
    ("Lejía 2 L", "Droguería", 110, 2100),
    ("Papel higiénico 12 rollos", "Droguería", 499, 2100),
    ("Rollo de cocina 3 uds", "Droguería", 245, 2100),
    ("Bolsas de basura 30 uds", "Droguería", 155, 2100),
    ("Estropajo 3 uds", "Droguería", 130, 2100),
    ("Champú 400 ml", "Higiene", 310, 2100),
    ("Gel de ducha 750 ml", "Higiene", 235, 2100),
    ("Pasta de dientes 75 ml", "Higiene", 195, 2100),
    ("Desodorante roll-on", "Higiene", 199, 2100),
    ("Pañuelos de papel 10 paquetes", "Higiene", 99, 2100),
    ("Pilas alcalinas AA 4 uds", "Bazar", 450, 2100),
    ("Bolsa reutilizable", "Bazar", 15, 2100),
];

/// Weighed products: (name, category, price per kg in cents, IVA bp).
const WEIGHED_PRODUCTS: &[(&str, &str, i64, u32)] = &[
    ("Plátano de Canarias", "Fruta", 249, 400),
    ("Manzana Golden", "Fruta", 199, 400),
    ("Naranja de zumo", "Fruta", 149, 400),
    ("Pera conferencia", "Fruta", 239, 400),
    ("Uva blanca", "Fruta", 349, 400),
    ("Limón", "Fruta", 219, 400),
    ("Tomate pera", "Verdura", 229, 400),
    ("Patata", "Verdura", 119, 400),
    ("Cebolla", "Verdura", 129, 400),
    ("Pimiento rojo", "Verdura", 299, 400),
    ("Calabacín", "Verdura", 189, 400),
    ("Zanahoria", "Verdura", 109, 400),
    ("Queso manchego curado al corte", "Charcutería", 1650, 400),
    ("Jamón serrano al corte", "Charcutería", 1990, 1000),
];

/// An EAN-13 with its check digit, from a 12-digit body.
pub fn ean13(body: u64) -> String {
    let text = format!("{body:012}");
    let digits: Vec<u8> = text.bytes().map(|b| b - b'0').collect();
    format!("{text}{}", gs1_check_digit(&digits))
}

/// The code a scale prints for `grams` of the weighed product `index` (prefix 21).
pub fn weight_label(index: usize, grams: i64) -> String {
    let body = format!("21{:05}{:05}", index + 1, grams);
    let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    format!("{body}{}", gs1_check_digit(&digits))
}

/// The EAN-13 of the demo product `index`.
pub fn demo_ean(index: usize) -> String {
    ean13(843_700_000_000 + index as u64 * 7 + 1)
}

fn demo_products() -> Vec<NewProduct> {
    let mut out: Vec<NewProduct> = UNIT_PRODUCTS
        .iter()
        .enumerate()
        .map(|(i, (name, cat, price, rate))| NewProduct {
            name: (*name).into(),
            category: (*cat).into(),
            price: *price,
            tax_rate_bp: *rate,
            measure: Measure::Unit,
            stock_milli: 50_000,
            cost: Some(demo_cost(*price, *rate)),
            favourite: i < 12,
            codes: vec![demo_ean(i)],
        })
        .collect();
    out.extend(
        WEIGHED_PRODUCTS
            .iter()
            .enumerate()
            .map(|(i, (name, cat, price, rate))| NewProduct {
                name: (*name).into(),
                category: (*cat).into(),
                price: *price,
                tax_rate_bp: *rate,
                measure: Measure::Kg,
                stock_milli: 80_000,
                cost: Some(demo_cost(*price, *rate)),
                favourite: i < 6,
                // the GS1 variable-measure item key, and a PLU for typing
                codes: vec![format!("21{:05}", i + 1), format!("{}", 101 + i)],
            }),
    );
    out
}

const NOUNS: &[&str] = &[
    "Galletas",
    "Zumo",
    "Yogur",
    "Queso",
    "Salsa",
    "Crema",
    "Sopa",
    "Cereales",
    "Turrón",
    "Bizcocho",
    "Infusión",
    "Té",
    "Refresco",
    "Champú",
    "Jabón",
    "Conserva",
    "Paté",
    "Embutido",
    "Pan",
    "Bollería",
    "Helado",
    "Pasta",
    "Legumbre",
    "Especia",
    "Aceite",
    "Vinagre",
    "Miel",
];
const QUALIFIERS: &[&str] = &[
    "de fresa",
    "de melocotón",
    "integral",
    "sin gluten",
    "sin lactosa",
    "ecológico",
    "de la huerta",
    "artesano",
    "tradicional",
    "light",
    "de avellana",
    "al ajillo",
    "picante",
    "suave",
    "extra",
    "con chocolate",
    "de limón",
    "de vainilla",
    "casero",
    "gourmet",
    "de montaña",
    "mediterráneo",
];
const BRANDS: &[&str] = &[
    "La Ribera",
    "El Molino",
    "Sol de Levante",
    "Montecillo",
    "Casa Herrera",
    "Valle Verde",
    "Los Almendros",
    "Marinera",
    "Doña Carmen",
    "El Faro",
    "Sierra Alta",
    "Huerta Real",
];
const SIZES: &[&str] = &[
    "100 g", "250 g", "500 g", "1 kg", "330 ml", "1 L", "2 L", "6 uds", "12 uds",
];

/// A demo product's cost: 62 % of its price before tax (a grocer's usual margin).
fn demo_cost(price: i64, rate_bp: u32) -> i64 {
    crate::till::analytics::base_of(price * 62, i64::from(rate_bp)) / 100
}

/// A generated product `i` of a large catalog (deterministic).
fn generated_product(i: usize, rng: &mut StdRng) -> NewProduct {
    let name = format!(
        "{} {} {} {} #{}",
        NOUNS[i % NOUNS.len()],
        QUALIFIERS[(i / NOUNS.len()) % QUALIFIERS.len()],
        BRANDS[(i / 7) % BRANDS.len()],
        SIZES[(i / 3) % SIZES.len()],
        i + 1
    );
    let rates = [400u32, 1000, 1000, 2100, 2100];
    let price = rng.random_range(25..=2500);
    let tax_rate_bp = rates[i % rates.len()];
    NewProduct {
        name,
        category: NOUNS[i % NOUNS.len()].to_string(),
        price,
        tax_rate_bp,
        measure: Measure::Unit,
        stock_milli: 100_000,
        cost: Some(demo_cost(price, tax_rate_bp)),
        favourite: false,
        codes: vec![ean13(841_000_000_000 + i as u64)],
    }
}

/// What was seeded.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Seeded {
    pub products: i64,
    pub sales: i64,
    pub users: i64,
}

/// Seeds the demo store into `store`, which must hold no products yet for the base catalog.
/// `extra_products` and `sales` add a generated catalog and a history over `days` past days.
pub fn seed<C: Clock>(
    store: &mut Store,
    settings: &TillSettings,
    clock: &C,
    extra_products: usize,
    sales: usize,
    days: u32,
) -> Result<Seeded, StoreError> {
    seed_with(store, settings, clock, extra_products, sales, days, false)
}

/// `seed`, with `returns`: about one ticket in thirty of the history has its first line
/// returned at the day's end (an R5 with its record, approved by the manager), as a shop's
/// history has — what reports are checked against.
pub fn seed_with<C: Clock>(
    store: &mut Store,
    settings: &TillSettings,
    clock: &C,
    extra_products: usize,
    sales: usize,
    days: u32,
    returns: bool,
) -> Result<Seeded, StoreError> {
    let mut seeded = Seeded::default();
    let mut rng = StdRng::seed_from_u64(0x00ca_1a00);
    demo_identity(store, settings, clock)?;
    if store.product_count()? == 0 {
        store.add_products(&demo_products(), clock.now().date_naive())?;
        seeded.products += (UNIT_PRODUCTS.len() + WEIGHED_PRODUCTS.len()) as i64;
    }
    if store.users()?.is_empty() {
        store.add_user("Lucía", Role::Cashier, DEMO_CASHIER_PIN)?;
        store.add_user("Marta", Role::Manager, DEMO_MANAGER_PIN)?;
        store.add_user("Tomás", Role::Technician, DEMO_TECHNICIAN_PIN)?;
        seeded.users = 3;
    }
    if extra_products > 0 {
        let already = store.product_count()? as usize;
        let start = already.saturating_sub(UNIT_PRODUCTS.len() + WEIGHED_PRODUCTS.len());
        let mut batch = Vec::with_capacity(50_000);
        for i in start..start + extra_products {
            batch.push(generated_product(i, &mut rng));
            if batch.len() == 50_000 {
                store.add_products(&batch, clock.now().date_naive())?;
                batch.clear();
            }
        }
        store.add_products(&batch, clock.now().date_naive())?;
        seeded.products += extra_products as i64;
    }
    let cashier = store
        .users()?
        .into_iter()
        .find(|u| u.role == Role::Cashier)
        .ok_or_else(|| StoreError::Internal("the demo store has no cashier".into()))?;
    if sales > 0 {
        let sellers: Vec<i64> = store
            .users()?
            .into_iter()
            .filter(|u| u.role != Role::Technician)
            .map(|u| u.id)
            .collect();
        let manager = store
            .users()?
            .into_iter()
            .find(|u| u.role == Role::Manager)
            .map_or(cashier.id, |u| u.id);
        let sellers = Sellers {
            ids: sellers,
            manager,
            returns,
        };
        seed_history(
            store,
            settings,
            clock,
            &sellers,
            sales,
            days.max(1),
            &mut rng,
        )?;
        seeded.sales = sales as i64;
    }
    if store.live_shift(&settings.terminal)?.is_none() {
        let at = stamp(clock.now());
        store.open_shift(
            &Actor {
                terminal: &settings.terminal,
                user_id: cashier.id,
                at: &at,
            },
            10_000,
        )?;
    }
    Ok(seeded)
}

/// The demo's fiscal identity, on a store that has none: an AEAT test NIF, a legal name and
/// VERI*FACTU on the tax agency's test service, so its tickets carry real records and QR codes.
fn demo_identity<C: Clock>(
    store: &Store,
    settings: &TillSettings,
    clock: &C,
) -> Result<(), StoreError> {
    use crate::till::profile::{FiscalRegime, ProfileKey};
    let profile = store.profile()?;
    if !profile.tax_id.is_empty() || profile.fiscal_regime != FiscalRegime::Unset {
        return Ok(());
    }
    let at = stamp(clock.now());
    let who = crate::store::taxes::Author {
        terminal: &settings.terminal,
        user_id: None,
        at: &at,
    };
    for (key, value) in [
        (ProfileKey::LegalName, DEMO_LEGAL_NAME),
        (ProfileKey::TaxId, DEMO_TAX_ID),
        (ProfileKey::FiscalRegime, "verifactu"),
        (ProfileKey::FiscalEnvironment, "test"),
    ] {
        if key != ProfileKey::LegalName || profile.legal_name.is_empty() {
            store.set_profile(key, value, &who)?;
        }
    }
    Ok(())
}

/// The demo store's legal name and tax id (an AEAT test NIF: its records go to the test
/// service only).
pub const DEMO_LEGAL_NAME: &str = "Ultramarinos Caja Demo, S.L.";
pub const DEMO_TAX_ID: &str = "89890001K";

/// Who sells in a seeded history, and the manager who approves its returns.
struct Sellers {
    ids: Vec<i64>,
    manager: i64,
    /// Whether about one ticket in thirty comes back.
    returns: bool,
}

/// The sales history: `sales` tickets over the `days` before today, each day in a closed shift
/// of its own, sold by the cashier or the manager, paid in cash or by card, with their fiscal
/// records; with `sellers.returns`, about one ticket in thirty has its first line returned at
/// the day's end (a return with its own record), as a real shop's history has.
fn seed_history<C: Clock>(
    store: &mut Store,
    settings: &TillSettings,
    clock: &C,
    sellers: &Sellers,
    sales: usize,
    days: u32,
    rng: &mut StdRng,
) -> Result<(), StoreError> {
    let count = store.product_count()?;
    let now = clock.now();
    let per_day = sales.div_ceil(days as usize);
    let mut left = sales;
    let mut drafts: Vec<(DocumentDraft, Bookkeeping)> = Vec::with_capacity(5_000);
    // The history's tickets get their fiscal records, so a demo store passes `fiscal verify`.
    let regime =
        super::fiscal::regime_for(&store.profile()?, &store.identity().uid, &settings.terminal)
            .map_err(|e| StoreError::Internal(e.to_string()))?;
    let step = |issue| {
        regime
            .clone()
            .map(|regime| crate::store::fiscal::FiscalStep { regime, issue })
    };
    let issuer = store.profile()?.tax_id;
    // Commits the sales waiting, then the returns of those chosen.
    let flush = |store: &mut Store,
                 drafts: &mut Vec<(DocumentDraft, Bookkeeping)>,
                 to_return: &mut Vec<usize>|
     -> Result<(), StoreError> {
        let committed = store.commit_documents(drafts)?;
        seed_returns(
            store,
            settings,
            (&issuer, sellers.manager),
            &step,
            drafts,
            &committed,
            to_return,
        )?;
        drafts.clear();
        to_return.clear();
        Ok(())
    };
    for day in (1..=days).rev() {
        if left == 0 {
            break;
        }
        let date = now - Duration::days(i64::from(day));
        let opened = date
            .with_time(chrono::NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default())
            .single()
            .unwrap_or(date);
        let seller = sellers.ids[day as usize % sellers.ids.len()];
        // A closed shift per past day holds its sales.
        let shift_id =
            store.insert_closed_shift(&settings.terminal, seller, &stamp(opened), 10_000)?;
        let n = per_day.min(left);
        left -= n;
        let mut to_return = Vec::new();
        for k in 0..n {
            let at = opened + Duration::seconds((k as i64 * 43_200) / n as i64 + 1_800);
            let cart = random_cart(store, settings, count, rng, at.date_naive())?;
            let user = sellers.ids[rng.random_range(0..sellers.ids.len())];
            let (draft, mut book) = seeded_sale(store, settings, shift_id, user, at, &cart, rng);
            book.fiscal = step(crate::fiscal::Issue::Ticket);
            if sellers.returns && rng.random_ratio(1, 30) {
                to_return.push(drafts.len());
            }
            drafts.push((draft, book));
            if drafts.len() == 5_000 {
                flush(store, &mut drafts, &mut to_return)?;
            }
        }
        flush(store, &mut drafts, &mut to_return)?;
    }
    Ok(())
}

/// Returns, at the day's end, the first line of each sale of `which` (indices of `sales`, just
/// committed as `committed`), whole, in cash, each with its record.
fn seed_returns(
    store: &mut Store,
    settings: &TillSettings,
    (issuer, manager): (&str, i64),
    step: &dyn Fn(crate::fiscal::Issue) -> Option<crate::store::fiscal::FiscalStep>,
    sales: &[(DocumentDraft, Bookkeeping)],
    committed: &[(i64, String)],
    which: &[usize],
) -> Result<(), StoreError> {
    let mut returns = Vec::with_capacity(which.len());
    for (k, &i) in which.iter().enumerate() {
        let (Some((sale, _)), Some((id, number))) = (sales.get(i), committed.get(i)) else {
            continue;
        };
        let Some(first) = sale.lines.first() else {
            continue;
        };
        let line = super::returns::return_line(first, 0, first.qty_milli, 1)
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        let at = DateTime::parse_from_rfc3339(&sale.created_at)
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        let day_end = at
            .with_time(chrono::NaiveTime::from_hms_opt(21, 0, 0).unwrap_or_default())
            .single()
            .unwrap_or(at)
            + Duration::seconds(k as i64);
        let total = line.total;
        let draft = DocumentDraft {
            kind: DocKind::Return,
            series: crate::till::document::series(
                &store.identity().code,
                &settings.terminal,
                DocKind::Return,
            ),
            created_at: stamp(day_end),
            total,
            discount_total: 0,
            change_given: 0,
            ref_document_id: Some(*id),
            reason: Some("defectuoso".into()),
            taxes: crate::till::tax::breakdown(
                [(line.tax_rate_bp, line.total)],
                crate::till::money::Rounding::HalfUp,
            ),
            lines: vec![line],
            tenders: vec![Tender {
                kind: TenderKind::Cash,
                amount: Money::new(total, settings.currency),
                reference: None,
            }],
            approved_by: Some(manager),
            ..sale.clone()
        };
        let book = Bookkeeping {
            audit_event: "refund".into(),
            audit_detail: serde_json::json!({"seeded": true, "original": number}),
            messages: Vec::new(),
            fiscal: step(crate::fiscal::Issue::Return {
                original: crate::fiscal::record::InvoiceId {
                    issuer: issuer.to_string(),
                    number: number.clone(),
                    issued: at.date_naive(),
                },
                customer: None,
            }),
        };
        returns.push((draft, book));
    }
    store.commit_documents(&returns)?;
    Ok(())
}

/// A cart of one to nine random products of the `count` in the store, in random quantities.
fn random_cart(
    store: &Store,
    settings: &TillSettings,
    count: i64,
    rng: &mut StdRng,
    day: chrono::NaiveDate,
) -> Result<Cart, StoreError> {
    let mut cart = Cart::new(settings.currency);
    for _ in 0..rng.random_range(1..=9) {
        let id = rng.random_range(1..=count);
        let Some(p) = store.product(id, day)? else {
            continue;
        };
        let q = if p.measure == Measure::Kg {
            Quantity::grams(rng.random_range(150..=2_500))
        } else {
            Quantity::units(rng.random_range(1..=3))
        }
        .map_err(|e| StoreError::Internal(e.to_string()))?;
        let snap = ItemSnapshot {
            product_id: p.id,
            code: format!("{}", p.id),
            name: p.name.clone(),
            tax_rate_bp: p.tax_rate_bp,
            unit_price: p.price,
            measure: p.measure,
            exemption: p.exemption,
        };
        cart.add(snap, q)
            .map_err(|e| StoreError::Internal(e.to_string()))?;
    }
    Ok(cart)
}

/// The sale of `cart` at `at`, paid by card (45 %) or in cash rounded up to 5 with change,
/// with its bookkeeping (an audit entry marked as seeded, no messages).
fn seeded_sale(
    store: &Store,
    settings: &TillSettings,
    shift_id: i64,
    user_id: i64,
    at: DateTime<FixedOffset>,
    cart: &Cart,
    rng: &mut StdRng,
) -> (DocumentDraft, Bookkeeping) {
    let totals = cart.totals();
    let (tenders, change) = random_tenders(totals.total, settings, rng);
    let lines = super::selling::document_lines(cart, &totals);
    let draft = DocumentDraft {
        kind: DocKind::Sale,
        series: crate::till::document::series(
            &store.identity().code,
            &settings.terminal,
            DocKind::Sale,
        ),
        terminal: settings.terminal.clone(),
        shift_id,
        user_id,
        approved_by: None,
        created_at: stamp(at),
        business_day: at.format("%Y-%m-%d").to_string(),
        currency: settings.currency,
        total: totals.total,
        discount_total: totals.discount_total,
        rounding: 0,
        change_given: change,
        ref_document_id: None,
        reason: None,
        lines,
        tenders,
        taxes: totals.taxes,
        training: false,
        customer_id: None,
        recargo: 0,
    };
    let book = Bookkeeping {
        audit_event: "sale".into(),
        audit_detail: serde_json::json!({"seeded": true}),
        messages: Vec::new(),
        fiscal: None,
    };
    (draft, book)
}

/// How a seeded sale of `total` is paid: by card (45 %) or in cash rounded up to 5 units;
/// with the change given.
fn random_tenders(total: i64, settings: &TillSettings, rng: &mut StdRng) -> (Vec<Tender>, i64) {
    let card = rng.random_bool(0.45);
    if card {
        (
            vec![Tender {
                kind: TenderKind::Card,
                amount: Money::new(total, settings.currency),
                reference: Some(format!("AUTH{:06}", rng.random_range(0..999_999))),
            }],
            0,
        )
    } else {
        let given = (total + 499) / 500 * 500;
        (
            vec![Tender {
                kind: TenderKind::Cash,
                amount: Money::new(given, settings.currency),
                reference: None,
            }],
            given - total,
        )
    }
}
