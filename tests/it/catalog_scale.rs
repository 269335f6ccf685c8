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

/// A broad filter (more than `COUNT_CAP` matches) is read another way than a narrow one — from
/// the search index in order for a name, along the codes' index for a code prefix — and must
/// find the same products: every window, concatenated, is every match once, in order.
#[test]
fn broad_filters_find_every_match_once_in_order() {
    use caja::store::catalog_page::{COUNT_CAP, CatalogSort};
    let sb = crate::support::Sandbox::new();
    let mut store = sb.open_store();
    let clock = caja::app::ManualClock::new(crate::support::start_time());
    caja::app::demo::seed(
        &mut store,
        &caja::config::TillSettings::default(),
        &clock,
        2_500,
        0,
        0,
    )
    .unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let all = store
        .catalog_page("", CatalogSort::Added, 0, 100_000, day)
        .unwrap();
    assert!(all.len() > 2_500);
    // Every product read window by window (windows of 240, like the table's).
    let windows = |filter: &str| {
        let mut seen = Vec::new();
        let mut offset = 0;
        loop {
            let w = store
                .catalog_page(filter, CatalogSort::Added, offset, 240, day)
                .unwrap();
            if w.is_empty() {
                return seen;
            }
            offset += w.len();
            seen.extend(w);
        }
    };
    // The letter most words of names and categories start with: a broad filter.
    let matching = |letter: &str| -> Vec<i64> {
        let starts = |text: &str| {
            text.split(|c: char| !c.is_alphanumeric())
                .any(|w| w.to_lowercase().starts_with(letter))
        };
        all.iter()
            .filter(|p| starts(&p.name) || starts(&p.category))
            .map(|p| p.id)
            .collect()
    };
    let letter = ('a'..='z')
        .map(|c| c.to_string())
        .max_by_key(|l| matching(l).len())
        .unwrap();
    let letter = letter.as_str();
    let expected = matching(letter);
    assert!(expected.len() > COUNT_CAP, "{} matches", expected.len());
    assert_eq!(store.catalog_count(letter).unwrap(), COUNT_CAP + 1);
    let by_name: Vec<i64> = windows(letter).iter().map(|p| p.id).collect();
    assert_eq!(by_name, expected, "a broad name filter, window by window");
    // A code prefix most products share: in code order, each product once.
    let first = all.last().unwrap().codes[0].clone();
    let prefix = &first[..3];
    assert_eq!(store.catalog_count(prefix).unwrap(), COUNT_CAP + 1);
    let by_code: Vec<(String, i64)> = windows(prefix)
        .iter()
        .map(|p| {
            let code = p
                .codes
                .iter()
                .filter(|c| c.starts_with(prefix))
                .min()
                .unwrap();
            (code.clone(), p.id)
        })
        .collect();
    let mut expected: Vec<(String, i64)> = all
        .iter()
        .filter_map(|p| {
            let code = p.codes.iter().filter(|c| c.starts_with(prefix)).min()?;
            Some((code.clone(), p.id))
        })
        .collect();
    expected.sort();
    assert!(expected.len() > COUNT_CAP);
    assert_eq!(by_code, expected, "a broad code prefix, window by window");
    // A whole code: narrow, exact.
    assert_eq!(store.catalog_count(&first).unwrap(), 1);
}

/// Sorted by name or by price, a filter matching tens of thousands of products (read along the
/// order's index) and one matching a few hundred (gathered and sorted) give each window in the
/// order asked, the same as sorting every match by hand.
#[test]
fn sorted_windows_of_dense_and_sparse_filters_are_in_order() {
    use caja::store::catalog_page::CatalogSort;
    let sb = crate::support::Sandbox::new();
    let mut store = sb.open_store();
    let clock = caja::app::ManualClock::new(crate::support::start_time());
    let settings = caja::config::TillSettings::default();
    caja::app::demo::seed(&mut store, &settings, &clock, 45_000, 0, 0).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let all = store
        .catalog_page("", CatalogSort::Added, 0, 1_000_000, day)
        .unwrap();
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let matches = |filter: &str, p: &caja::store::catalog::Product| {
        let mine: Vec<String> = words(&p.name)
            .into_iter()
            .chain(words(&p.category))
            .collect();
        words(filter)
            .iter()
            .all(|f| mine.iter().any(|w| w.starts_with(f.as_str())))
    };
    // The densest letter, and a word of a few hundred products.
    let dense = ('a'..='z')
        .map(|c| c.to_string())
        .max_by_key(|l| all.iter().filter(|p| matches(l, p)).count())
        .unwrap();
    let sparse = all
        .iter()
        .flat_map(|p| words(&p.name))
        .filter(|w| w.len() > 4 && w.chars().all(|c| c.is_ascii_lowercase()))
        .find(|w| {
            let n = all.iter().filter(|p| matches(w, p)).count();
            (100..5_000).contains(&n)
        })
        .expect("a word of a few hundred products");
    let dense_matches = all.iter().filter(|p| matches(&dense, p)).count();
    assert!(
        dense_matches as i64 > caja::store::catalog_page::WALK_ABOVE,
        "{dense:?}: {dense_matches} matches, not enough to walk the index"
    );
    let nocase = |s: &str| {
        s.bytes()
            .map(|b| b.to_ascii_lowercase())
            .collect::<Vec<u8>>()
    };
    for filter in [dense.as_str(), sparse.as_str()] {
        let mut expected: Vec<&caja::store::catalog::Product> =
            all.iter().filter(|p| matches(filter, p)).collect();
        for sort in [
            CatalogSort::Name,
            CatalogSort::PriceUp,
            CatalogSort::PriceDown,
        ] {
            match sort {
                CatalogSort::Name => expected.sort_by_key(|p| (nocase(&p.name), p.id)),
                CatalogSort::PriceUp => expected.sort_by_key(|p| (p.price, p.id)),
                _ => expected.sort_by_key(|p| std::cmp::Reverse((p.price, p.id))),
            }
            // The first windows, as the table scrolls them.
            let mut seen = Vec::new();
            for w in 0..4 {
                let page = store.catalog_page(filter, sort, w * 240, 240, day).unwrap();
                seen.extend(page.into_iter().map(|p| p.id));
            }
            let want: Vec<i64> = expected.iter().take(960).map(|p| p.id).collect();
            assert_eq!(seen, want, "{filter:?} sorted {sort:?}");
        }
        eprintln!("{filter:?}: {} matches", expected.len());
    }
    // The back office reads the dense filter's sorted window beside the screen: the frame's
    // call answers at once (the earlier rows, marked as loading), the rows come after.
    drop(store);
    let mut till = sb.reopen_till(crate::support::start_time());
    till.login("9999").unwrap();
    let first = till
        .catalog_window("", CatalogSort::Added, 0, 240)
        .rows
        .clone();
    let t = std::time::Instant::now();
    let asked = till
        .catalog_window(&dense, CatalogSort::Name, 0, 240)
        .clone();
    let answered = t.elapsed();
    assert!(asked.loading && till.office_reading(), "{answered:?}");
    assert_eq!(
        asked.rows, first,
        "the rows shown meanwhile are the earlier ones"
    );
    let direct = till
        .store()
        .catalog_page(&dense, CatalogSort::Name, 0, 240, till.today())
        .unwrap();
    let started = std::time::Instant::now();
    let window = loop {
        let w = till
            .catalog_window(&dense, CatalogSort::Name, 0, 240)
            .clone();
        if !w.loading {
            break w;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "never came"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    assert_eq!(window.rows, direct);
    assert_eq!(
        (window.filter.as_str(), window.sort),
        (dense.as_str(), CatalogSort::Name)
    );
    assert!(!till.office_reading());
    eprintln!(
        "sorted window asked in {answered:?}, came in {:?}",
        started.elapsed()
    );
}
