-- Reports over any period without reading every line: each closed business day is summed once
-- into sales_rollup — per hour, category, product, cashier, terminal, tender, tax rate, the
-- day's total and the loss-prevention events — outside any sale's transaction, when a report
-- first needs the day (today is always read live). A day is summed again when a document of it
-- comes after it was summed (documents are never changed: only added). A line keeps the unit
-- cost its product had when it was sold (its margin), read in the line's own statement.
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
    PRIMARY KEY (day, dim, key)
) WITHOUT ROWID;

-- The days summed, and up to which document.
CREATE TABLE sales_rollup_days (
    day     TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
) WITHOUT ROWID;
-- The newest document the rollup has looked at (documents after it may touch summed days).
INSERT INTO settings(key, value) VALUES ('reports.rollup_seen', '0');
