-- Caja schema 1: settings, catalog with FTS5, users, shifts, documents, stock, audit trail.
-- Money is integer minor units; quantities are thousandths; times are RFC 3339 UTC text.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    category    TEXT NOT NULL DEFAULT '',
    price       INTEGER NOT NULL CHECK (price >= 0),
    tax_rate_bp INTEGER NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
    measure     TEXT NOT NULL CHECK (measure IN ('unit', 'kg')),
    stock_milli INTEGER NOT NULL DEFAULT 0,
    favourite   INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1
);

-- Every code that finds a product: normalised GTIN, PLU, or GS1 variable-measure item key.
CREATE TABLE product_codes (
    code       TEXT PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id)
) WITHOUT ROWID;
CREATE INDEX product_codes_product ON product_codes(product_id);

CREATE VIRTUAL TABLE products_fts USING fts5(
    name, category,
    content = 'products', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_fts(rowid, name, category) VALUES (new.id, new.name, new.category);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
    INSERT INTO products_fts(products_fts, rowid, name, category)
        VALUES ('delete', old.id, old.name, old.category);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE OF name, category ON products BEGIN
    INSERT INTO products_fts(products_fts, rowid, name, category)
        VALUES ('delete', old.id, old.name, old.category);
    INSERT INTO products_fts(rowid, name, category) VALUES (new.id, new.name, new.category);
END;

CREATE TABLE users (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('cashier', 'manager', 'technician')),
    pin_hash TEXT NOT NULL,
    -- keyed hash of the PIN: finds the user a PIN belongs to, and keeps PINs unique
    pin_tag  TEXT NOT NULL UNIQUE,
    active   INTEGER NOT NULL DEFAULT 1
);

-- Failed-PIN counting and lockout, per terminal (a PIN pad identifies no user until it matches).
CREATE TABLE login_guard (
    terminal     TEXT PRIMARY KEY,
    failed       INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
) WITHOUT ROWID;

CREATE TABLE shifts (
    id         INTEGER PRIMARY KEY,
    terminal   TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('open', 'closing', 'closed')),
    opened_at  TEXT NOT NULL,
    opened_by  INTEGER NOT NULL REFERENCES users(id),
    float      INTEGER NOT NULL,
    closed_at  TEXT,
    closed_by  INTEGER REFERENCES users(id),
    counted    INTEGER,
    expected   INTEGER
);
CREATE UNIQUE INDEX shifts_one_live ON shifts(terminal) WHERE state <> 'closed';

CREATE TABLE cash_movements (
    id         INTEGER PRIMARY KEY,
    shift_id   INTEGER NOT NULL REFERENCES shifts(id),
    kind       TEXT NOT NULL CHECK (kind IN ('in', 'out', 'no-sale')),
    amount     INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX cash_movements_shift ON cash_movements(shift_id);

-- Gapless numbering: one counter per series, advanced inside the document's transaction.
CREATE TABLE series (
    code        TEXT PRIMARY KEY,
    next_number INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    series          TEXT NOT NULL,
    number          INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('sale', 'return')),
    terminal        TEXT NOT NULL,
    shift_id        INTEGER NOT NULL REFERENCES shifts(id),
    user_id         INTEGER NOT NULL REFERENCES users(id),
    approved_by     INTEGER REFERENCES users(id),
    created_at      TEXT NOT NULL,
    business_day    TEXT NOT NULL,
    currency        TEXT NOT NULL,
    total           INTEGER NOT NULL,
    discount_total  INTEGER NOT NULL,
    rounding        INTEGER NOT NULL,
    change_given    INTEGER NOT NULL,
    line_count      INTEGER NOT NULL,
    ref_document_id INTEGER REFERENCES documents(id),
    reason          TEXT,
    UNIQUE (series, number)
);
CREATE INDEX documents_day ON documents(business_day, kind);
CREATE INDEX documents_shift ON documents(shift_id);
CREATE INDEX documents_ref ON documents(ref_document_id) WHERE ref_document_id IS NOT NULL;

CREATE TABLE document_lines (
    document_id      INTEGER NOT NULL REFERENCES documents(id),
    line_no          INTEGER NOT NULL,
    product_id       INTEGER NOT NULL REFERENCES products(id),
    code             TEXT NOT NULL,
    name             TEXT NOT NULL,
    tax_rate_bp      INTEGER NOT NULL,
    measure          TEXT NOT NULL,
    unit_price       INTEGER NOT NULL,
    qty_milli        INTEGER NOT NULL,
    price_overridden INTEGER NOT NULL,
    line_discount    INTEGER NOT NULL,
    ticket_discount  INTEGER NOT NULL,
    total            INTEGER NOT NULL,
    ref_line_no      INTEGER,
    PRIMARY KEY (document_id, line_no)
) WITHOUT ROWID;

CREATE TABLE document_tenders (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('cash', 'card', 'other')),
    amount      INTEGER NOT NULL,
    reference   TEXT,
    PRIMARY KEY (document_id, seq)
) WITHOUT ROWID;

CREATE TABLE document_taxes (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    rate_bp     INTEGER NOT NULL,
    base        INTEGER NOT NULL,
    quota       INTEGER NOT NULL,
    gross       INTEGER NOT NULL,
    PRIMARY KEY (document_id, rate_bp)
) WITHOUT ROWID;

-- Running totals per business day (scope 'D2026-11-28') and per shift (scope 'S42'), updated in
-- each document's transaction so reports read a handful of rows; `caja check` recomputes them.
-- metric 'doc:sale' / 'doc:return': n documents, a total, b discounts, c rounding, d change
-- metric 'tender:cash' …: n tenders, a amount;  metric 'tax:2100' …: a base, b quota, c gross
CREATE TABLE totals (
    scope  TEXT NOT NULL,
    metric TEXT NOT NULL,
    n      INTEGER NOT NULL DEFAULT 0,
    a      INTEGER NOT NULL DEFAULT 0,
    b      INTEGER NOT NULL DEFAULT 0,
    c      INTEGER NOT NULL DEFAULT 0,
    d      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, metric)
) WITHOUT ROWID;

CREATE TABLE stock_movements (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products(id),
    document_id INTEGER REFERENCES documents(id),
    qty_milli   INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
-- No index on product_id: current stock lives on products.stock_milli; movements are an
-- append-only journal, and an index here would add a random page write to every sale commit.

CREATE TABLE parked_sales (
    id        INTEGER PRIMARY KEY,
    terminal  TEXT NOT NULL,
    user_id   INTEGER NOT NULL REFERENCES users(id),
    parked_at TEXT NOT NULL,
    label     TEXT NOT NULL,
    cart_json TEXT NOT NULL
);

CREATE TABLE z_reports (
    terminal    TEXT NOT NULL,
    z_number    INTEGER NOT NULL,
    shift_id    INTEGER NOT NULL UNIQUE REFERENCES shifts(id),
    created_at  TEXT NOT NULL,
    report_json TEXT NOT NULL,
    PRIMARY KEY (terminal, z_number)
);

-- Append-only audit trail; each row carries the SHA-256 of the row before it.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    terminal  TEXT NOT NULL,
    user_id   INTEGER,
    event     TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

-- Finished documents, Z reports and the audit trail never change.
CREATE TRIGGER documents_immutable_u BEFORE UPDATE ON documents
    BEGIN SELECT RAISE(ABORT, 'paid documents are immutable'); END;
CREATE TRIGGER documents_immutable_d BEFORE DELETE ON documents
    BEGIN SELECT RAISE(ABORT, 'paid documents are immutable'); END;
CREATE TRIGGER document_lines_immutable_u BEFORE UPDATE ON document_lines
    BEGIN SELECT RAISE(ABORT, 'paid documents are immutable'); END;
CREATE TRIGGER document_lines_immutable_d BEFORE DELETE ON document_lines
    BEGIN SELECT RAISE(ABORT, 'paid documents are immutable'); END;
CREATE TRIGGER document_tenders_immutable_u BEFORE UPDATE ON document_tenders
    BEGIN SELECT RAISE(ABORT, 'paid documents are immutable'); END;
CREATE TRIGGER document_tenders_immutable_d BEFORE DELETE ON document_tenders
    BEGIN SELECT RAISE(ABORT, 'paid documents are immutable'); END;
CREATE TRIGGER document_taxes_immutable_u BEFORE UPDATE ON document_taxes
    BEGIN SELECT RAISE(ABORT, 'paid documents are immutable'); END;
CREATE TRIGGER document_taxes_immutable_d BEFORE DELETE ON document_taxes
    BEGIN SELECT RAISE(ABORT, 'paid documents are immutable'); END;
CREATE TRIGGER z_reports_immutable_u BEFORE UPDATE ON z_reports
    BEGIN SELECT RAISE(ABORT, 'Z reports are immutable'); END;
CREATE TRIGGER z_reports_immutable_d BEFORE DELETE ON z_reports
    BEGIN SELECT RAISE(ABORT, 'Z reports are immutable'); END;
CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
