-- The back office: tax classes with dated rates, categories with colours, the till's quick-key
-- layout, the product fields a shop keeps (SKU, receipt name, cost, stock-tracked), a price
-- history, and the store's own files (its logo). The store's identity (legal name, tax id,
-- address, currency, time zone…) lives in `settings` under `store.*`.

CREATE TABLE tax_classes (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('iva', 'igic', 'ipsi')),
    exemption TEXT CHECK (exemption IN ('E1', 'E2', 'E3', 'E4', 'E5', 'E6')),
    position  INTEGER NOT NULL DEFAULT 0
);

-- A class's rate from a day on; a change is a new row from its day, so a past ticket (which
-- keeps the rate it was sold at) and a past day's rate never change.
CREATE TABLE tax_rates (
    class_id   INTEGER NOT NULL REFERENCES tax_classes(id),
    valid_from TEXT NOT NULL,
    rate_bp    INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
    recargo_bp INTEGER NOT NULL DEFAULT 0 CHECK (recargo_bp BETWEEN 0 AND 10000),
    PRIMARY KEY (class_id, valid_from)
) WITHOUT ROWID;

-- Every store so far sold in Spain's IVA rates (or its currency's): the Peninsula's classes,
-- in force since long before any ticket, and one class for any other rate a product has.
INSERT INTO tax_classes(code, name, kind, exemption, position) VALUES
    ('general', 'IVA general', 'iva', NULL, 1),
    ('reducido', 'IVA reducido', 'iva', NULL, 2),
    ('superreducido', 'IVA superreducido', 'iva', NULL, 3),
    ('exento', 'IVA exento', 'iva', 'E1', 4);
INSERT INTO tax_rates(class_id, valid_from, rate_bp, recargo_bp)
    SELECT id, '2000-01-01', CASE code WHEN 'general' THEN 2100 WHEN 'reducido' THEN 1000
                                       WHEN 'superreducido' THEN 400 ELSE 0 END,
           CASE code WHEN 'general' THEN 520 WHEN 'reducido' THEN 140
                     WHEN 'superreducido' THEN 50 ELSE 0 END
    FROM tax_classes;
INSERT INTO tax_classes(code, name, kind, position)
    SELECT DISTINCT 'iva-' || tax_rate_bp, 'IVA ' || (tax_rate_bp / 100) ||
               CASE WHEN tax_rate_bp % 100 = 0 THEN '' ELSE ',' || printf('%02d', tax_rate_bp % 100) END || ' %',
           'iva', 10 + tax_rate_bp
    FROM products WHERE tax_rate_bp NOT IN (2100, 1000, 400, 0);
INSERT INTO tax_rates(class_id, valid_from, rate_bp)
    SELECT id, '2000-01-01', CAST(substr(code, 5) AS INTEGER) FROM tax_classes WHERE code LIKE 'iva-%';

CREATE TABLE categories (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
    colour   TEXT NOT NULL DEFAULT '#607d8b',
    position INTEGER NOT NULL DEFAULT 0
);
INSERT INTO categories(name, position)
    SELECT category, row_number() OVER (ORDER BY category)
    FROM (SELECT DISTINCT category FROM products WHERE category <> '');

-- A product belongs to a tax class, never to a raw rate: a rate change is one edit.
ALTER TABLE products ADD COLUMN tax_class_id INTEGER REFERENCES tax_classes(id);
UPDATE products SET tax_class_id = (
    SELECT id FROM tax_classes WHERE code = CASE products.tax_rate_bp
        WHEN 2100 THEN 'general' WHEN 1000 THEN 'reducido' WHEN 400 THEN 'superreducido'
        WHEN 0 THEN 'exento' ELSE 'iva-' || products.tax_rate_bp END);
ALTER TABLE products DROP COLUMN tax_rate_bp;
ALTER TABLE products ADD COLUMN sku TEXT;
ALTER TABLE products ADD COLUMN short_name TEXT;
ALTER TABLE products ADD COLUMN cost INTEGER CHECK (cost >= 0);
ALTER TABLE products ADD COLUMN stock_tracked INTEGER NOT NULL DEFAULT 0;
-- One product per SKU; products without one are many.
CREATE UNIQUE INDEX products_sku ON products(sku) WHERE sku IS NOT NULL;

-- The till's quick keys, in the order the manager laid them out (from the favourites, by
-- category and name, as the till showed them).
CREATE TABLE quick_keys (
    slot       INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL UNIQUE REFERENCES products(id)
);
INSERT INTO quick_keys(slot, product_id)
    SELECT row_number() OVER (ORDER BY category, name), id
    FROM products WHERE favourite = 1 AND active = 1;

-- Every price change: who, when, old → new, and why (a form, a bulk change, an import) with
-- the audit row of the command that made it. Append-only.
CREATE TABLE price_history (
    id        INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id),
    at        TEXT NOT NULL,
    user_id   INTEGER REFERENCES users(id),
    old_price INTEGER,
    new_price INTEGER NOT NULL,
    source    TEXT NOT NULL,
    audit_id  INTEGER REFERENCES audit_log(id)
);
CREATE INDEX price_history_product ON price_history(product_id, id);
CREATE TRIGGER price_history_append_only_u BEFORE UPDATE ON price_history
    BEGIN SELECT RAISE(ABORT, 'the price history is append-only'); END;
CREATE TRIGGER price_history_append_only_d BEFORE DELETE ON price_history
    BEGIN SELECT RAISE(ABORT, 'the price history is append-only'); END;

-- A line keeps why its rate is 0 when its class is exempt (the receipt cites it).
ALTER TABLE document_lines ADD COLUMN exemption TEXT;

-- The store's own files (its logo), backed up and synced with it.
CREATE TABLE store_files (
    name  TEXT PRIMARY KEY,
    bytes BLOB NOT NULL
) WITHOUT ROWID;

INSERT OR IGNORE INTO settings(key, value) VALUES ('store.territory', 'peninsula');

-- A user whose PIN was set by someone else changes it at its first use.
ALTER TABLE users ADD COLUMN must_change_pin INTEGER NOT NULL DEFAULT 0;

-- Catalog imports, all or nothing while the till sells: an import's rows are written in short
-- steps, invisible (their `import_id` is above `catalog_state.visible_import`, and changes to
-- existing products wait in `catalog_overlay`); one small commit raises `visible_import` and
-- the till sees the whole new catalog at once (reads take an overlay row over its product);
-- the overlay is then folded into `products` in steps. A kill before the switch leaves the
-- old catalog (the staged rows are removed at the next start), after it the new one.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    file        TEXT NOT NULL,
    layout      TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('staging', 'visible', 'merged', 'abandoned')),
    new_count   INTEGER NOT NULL DEFAULT 0,
    changed     INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    user_id     INTEGER REFERENCES users(id),
    finished_at TEXT,
    -- Its new products have ids from here on (what a cleanup of an abandoned import removes).
    first_product_id INTEGER
);
CREATE TABLE catalog_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    visible_import INTEGER NOT NULL
);
INSERT INTO catalog_state(id, visible_import) VALUES (1, 0);
ALTER TABLE products ADD COLUMN import_id INTEGER;
ALTER TABLE product_codes ADD COLUMN import_id INTEGER;
CREATE TABLE catalog_overlay (
    product_id    INTEGER PRIMARY KEY REFERENCES products(id),
    import_id     INTEGER NOT NULL,
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,
    price         INTEGER NOT NULL,
    tax_class_id  INTEGER NOT NULL,
    measure       TEXT NOT NULL,
    active        INTEGER NOT NULL,
    sku           TEXT,
    short_name    TEXT,
    cost          INTEGER,
    stock_tracked INTEGER NOT NULL
);
