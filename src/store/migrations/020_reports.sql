-- Reports over any period without reading every line: every document is added once into
-- sales_rollup — its business day's sums per hour, category, product, cashier, terminal, tender,
-- tax rate, the day's total, and the loss-prevention events of the audit trail — outside any
-- sale's transaction, when a report is asked for: the documents (and audit rows) after the last
-- ones added, read by primary key. Documents are never changed, only added, so sums only grow.
-- A line keeps the unit cost its product had when it was sold (its margin), read in the line's
-- own statement.
ALTER TABLE document_lines ADD COLUMN unit_cost INTEGER;

CREATE TABLE sales_rollup (
    day       TEXT NOT NULL,
    -- 'total', 'hour', 'category', 'product', 'cashier', 'terminal', 'tender', 'tax', 'loss'
    dim       TEXT NOT NULL,
    key       TEXT NOT NULL,
    label     TEXT NOT NULL,
    -- Sale documents and return documents (a loss event: how many).
    tickets   INTEGER NOT NULL,
    returns   INTEGER NOT NULL,
    -- Net quantity (sold − returned), thousandths.
    qty_milli INTEGER NOT NULL,
    -- Tax included: what sales came to, what returns gave back (≤ 0), the discounts given.
    sales     INTEGER NOT NULL,
    refunds   INTEGER NOT NULL,
    discount  INTEGER NOT NULL,
    -- Net of tax (sales + refunds), the cost of what was sold at its unit cost, and the net of
    -- tax of the lines whose cost was known (a margin is only over those).
    base      INTEGER NOT NULL,
    quota     INTEGER NOT NULL,
    recargo   INTEGER NOT NULL,
    cost      INTEGER NOT NULL,
    costed    INTEGER NOT NULL,
    -- A day's total: the first and last document of the day (the tax book reads that range).
    first_id  INTEGER,
    last_id   INTEGER,
    -- A dimension's days side by side: a report over a year reads one range.
    PRIMARY KEY (dim, day, key)
) WITHOUT ROWID;

-- Products are also summed by month ('product_month', day = the month's first): a year's
-- products read twelve months, not 365 days.
-- The newest document and audit row added to the rollup.
INSERT INTO settings(key, value) VALUES ('reports.rollup_seen', '0'), ('reports.rollup_audit_seen', '0');
