//! Timing by hand of the back office's catalog windows on a big store (`caja seed-demo
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
