//! The back office's catalog table: its headers sort it and its filter narrows it as typed; and
//! timing by hand of its windows on a big store (`caja seed-demo
//! --products 1000000`): as added, by name, by price, filtered, near the start and deep in.

/// How long the catalog's windows take on a big store made by `caja seed-demo --products N`
/// in `CAJA_PERF_DIR` (its key in `CAJA_PERF_DIR/../cfg/db.key`); prints, never fails.
#[test]
#[ignore = "needs a big store; run by hand"]
fn catalog_windows_on_a_big_store() {
    use caja::store::catalog_page::CatalogSort;
    let Some(dir) = std::env::var_os("CAJA_PERF_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let key = dir.join("../cfg/db.key");
    let store = caja::store::Store::open_in(&dir, &key).unwrap();
    let mut till = caja::app::Till::new(
        store,
        caja::config::TillSettings::default(),
        caja::app::SystemClock,
    );
    till.login("9999").unwrap();
    for (filter, sort, offset) in [
        ("", CatalogSort::Added, 0),
        ("", CatalogSort::Added, 500_000),
        ("", CatalogSort::Added, 999_900),
        ("", CatalogSort::Name, 0),
        ("", CatalogSort::PriceDown, 0),
        ("", CatalogSort::Name, 400_000),
        ("leche", CatalogSort::Added, 0),
        ("le", CatalogSort::Name, 0),
        ("8437", CatalogSort::Added, 0),
    ] {
        let t = std::time::Instant::now();
        let w = till.catalog_window(filter, sort, offset, 60);
        let (total, rows) = (w.total, w.rows.len());
        println!(
            "{filter:>6} {sort:?} @{offset}: {total} total, {rows} rows, {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// The table's headers sort it (by price up, down, then by name) and the filter narrows it as
/// typed, by name prefix or code prefix.
#[test]
fn the_catalog_table_sorts_by_its_headers_and_filters_as_typed() {
    use caja::store::catalog_page::CatalogSort;
    use caja::ui::TillUi;
    use egui_kittest::kittest::Queryable;
    let sb = crate::support::Sandbox::new();
    let mut till = sb.demo_till();
    till.login("9999").unwrap();
    let mut h = egui_kittest::Harness::builder()
        .with_size(eframe::egui::vec2(1024.0, 768.0))
        .build_ui_state(
            |ui, state: &mut TillUi<caja::app::ManualClock>| state.ui(ui),
            TillUi::new(till, false),
        );
    assert!(
        h.state_mut()
            .run(caja::app::command::Command::OpenBackOffice)
    );
    h.run();
    h.get_by_label("Catálogo").click();
    h.run();
    let shown = |h: &mut egui_kittest::Harness<'_, TillUi<caja::app::ManualClock>>, sort| {
        let w = h.state_mut().till.catalog_window("", sort, 0, 240);
        w.rows
            .iter()
            .map(|p| (p.name.clone(), p.price))
            .collect::<Vec<_>>()
    };
    h.get_by_label("Precio").click();
    h.run();
    let up = shown(&mut h, CatalogSort::PriceUp);
    assert!(up.windows(2).all(|w| w[0].1 <= w[1].1), "{up:?}");
    // The cheapest product is on screen first.
    h.get_by_label(&up[0].0);
    h.get_by_label("Precio ▲").click();
    h.run();
    let down = shown(&mut h, CatalogSort::PriceDown);
    assert!(down.windows(2).all(|w| w[0].1 >= w[1].1));
    h.get_by_label(&down[0].0);
    h.get_by_label("Buscar")
        .set_text_value_accesskit("8437000000150");
    h.run();
    h.run();
    h.get_by_label("Productos: 1");
    h.get_by_label("Leche entera 1 L");
}
