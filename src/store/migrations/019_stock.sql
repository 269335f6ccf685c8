-- Stock: a ledger per stock-tracked product, goods receipts from suppliers, adjustments, counts,
-- reorder points. Every change of a product's stock is a movement (who, when, why, and the
-- balance after it); products.stock_milli is the last movement's balance and nothing else
-- writes it. A sale's or return's line of a tracked product is itself the movement (its
-- balance_milli and stock_prev); receipts, adjustments, counts and openings are rows of
-- stock_movements. A product's movements are linked newest to oldest — products.last_movement_id,
-- then each one's prev_id / stock_prev — as a node: > 0 a stock_movements id, < 0 a document line
-- (-(document_id × 65536 + line_no)). The ledger is read by primary key, and a sale writes no
-- index and no row for it beyond its lines.
ALTER TABLE document_lines ADD COLUMN balance_milli INTEGER;
ALTER TABLE document_lines ADD COLUMN stock_prev INTEGER;
ALTER TABLE stock_movements ADD COLUMN user_id INTEGER;
ALTER TABLE stock_movements ADD COLUMN balance_milli INTEGER;
ALTER TABLE stock_movements ADD COLUMN prev_id INTEGER;
-- A goods receipt's unit cost (minor units per unit or kg); the receipt or count it belongs to.
ALTER TABLE stock_movements ADD COLUMN unit_cost INTEGER;
ALTER TABLE stock_movements ADD COLUMN ref_id INTEGER;
ALTER TABLE stock_movements ADD COLUMN note TEXT;

ALTER TABLE products ADD COLUMN last_movement_id INTEGER;
-- Below this the product is low; the order suggested brings it up to reorder_qty_milli more
-- (or to twice the point when none is set).
ALTER TABLE products ADD COLUMN reorder_point_milli INTEGER CHECK (reorder_point_milli >= 0);
ALTER TABLE products ADD COLUMN reorder_qty_milli INTEGER CHECK (reorder_qty_milli > 0);

-- What stock held before movements carried their balance: the difference between a product's
-- stock and its movements becomes an opening movement linked before them.
INSERT INTO stock_movements(product_id, qty_milli, reason, created_at, note, uid, store_id,
        terminal)
    SELECT p.id, p.stock_milli - coalesce(m.total, 0), 'opening',
           coalesce(m.first_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), 'migration 019',
           lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
                 substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) ||
                 substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
           (SELECT value FROM settings WHERE key = 'store.uid'), ''
    FROM products p
    LEFT JOIN (SELECT product_id, sum(qty_milli) AS total, min(created_at) AS first_at
               FROM stock_movements GROUP BY product_id) m ON m.product_id = p.id
    WHERE p.stock_milli != coalesce(m.total, 0);
UPDATE stock_movements SET balance_milli = w.balance, prev_id = w.prev
    FROM (SELECT id,
                 sum(qty_milli) OVER per_product AS balance, lag(id) OVER per_product AS prev
          FROM stock_movements
          WINDOW per_product AS (PARTITION BY product_id ORDER BY reason != 'opening', id)) w
    WHERE w.id = stock_movements.id;
UPDATE products SET last_movement_id =
    (SELECT id FROM stock_movements m WHERE m.product_id = products.id
     ORDER BY reason != 'opening' DESC, id DESC LIMIT 1);

CREATE TRIGGER stock_movements_immutable BEFORE UPDATE ON stock_movements
BEGIN
    SELECT RAISE(ABORT, 'stock movements never change: correct with another movement');
END;
CREATE TRIGGER stock_movements_kept BEFORE DELETE ON stock_movements
BEGIN
    SELECT RAISE(ABORT, 'stock movements are never deleted');
END;

CREATE TABLE suppliers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    tax_id     TEXT,
    contact    TEXT,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    uid        TEXT NOT NULL
);
CREATE UNIQUE INDEX suppliers_name ON suppliers(name COLLATE NOCASE);
-- The supplier a product is ordered from (the last one it was received from, or set).
ALTER TABLE products ADD COLUMN supplier_id INTEGER REFERENCES suppliers(id);

-- A supplier's delivery: a draft while it is being entered, posted once (its movements and the
-- products' average cost in one transaction); a posted receipt never changes.
CREATE TABLE goods_receipts (
    id            INTEGER PRIMARY KEY,
    supplier_id   INTEGER NOT NULL REFERENCES suppliers(id),
    delivery_note TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'posted', 'discarded')),
    created_at    TEXT NOT NULL,
    created_by    INTEGER,
    posted_at     TEXT,
    posted_by     INTEGER,
    uid           TEXT NOT NULL,
    store_id      TEXT
);
-- A delivery note is posted once per supplier.
CREATE UNIQUE INDEX goods_receipts_posted ON goods_receipts(supplier_id, delivery_note)
    WHERE state = 'posted';
CREATE TABLE goods_receipt_lines (
    receipt_id INTEGER NOT NULL REFERENCES goods_receipts(id),
    line_no    INTEGER NOT NULL,
    product_id INTEGER NOT NULL REFERENCES products(id),
    qty_milli  INTEGER NOT NULL CHECK (qty_milli > 0),
    unit_cost  INTEGER NOT NULL CHECK (unit_cost >= 0),
    PRIMARY KEY (receipt_id, line_no)
) WITHOUT ROWID;
CREATE TRIGGER goods_receipts_posted_kept BEFORE UPDATE ON goods_receipts
    WHEN OLD.state != 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a posted goods receipt never changes: correct it with another movement');
END;
CREATE TRIGGER goods_receipt_lines_posted_kept BEFORE UPDATE ON goods_receipt_lines
    WHEN (SELECT state FROM goods_receipts WHERE id = OLD.receipt_id) != 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a posted goods receipt never changes: correct it with another movement');
END;
CREATE TRIGGER goods_receipt_lines_posted_delete BEFORE DELETE ON goods_receipt_lines
    WHEN (SELECT state FROM goods_receipts WHERE id = OLD.receipt_id) != 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a posted goods receipt never changes: correct it with another movement');
END;

-- A stock count: the whole shop or a category, counted blind by scanning; each product's
-- expected quantity is taken when it is first counted (so sales before and after are
-- accounted for), its variance applied as one audited adjustment.
CREATE TABLE stock_counts (
    id          INTEGER PRIMARY KEY,
    category    TEXT,
    state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'applied', 'cancelled')),
    started_at  TEXT NOT NULL,
    started_by  INTEGER,
    closed_at   TEXT,
    closed_by   INTEGER,
    uid         TEXT NOT NULL
);
CREATE TABLE stock_count_lines (
    count_id       INTEGER NOT NULL REFERENCES stock_counts(id),
    product_id     INTEGER NOT NULL REFERENCES products(id),
    counted_milli  INTEGER NOT NULL,
    expected_milli INTEGER NOT NULL,
    first_at       TEXT NOT NULL,
    last_at        TEXT NOT NULL,
    PRIMARY KEY (count_id, product_id)
) WITHOUT ROWID;
