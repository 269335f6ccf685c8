-- Full invoices that replace a ticket (F3, "factura en sustitución de facturas simplificadas"):
-- a customer comes back with a ticket and asks for a full invoice. The invoice restates the
-- ticket (its lines and taxes are the ticket's, read from it), names its customer and is
-- numbered in its own gapless series; it is no second sale — no payment, no stock, no totals.
-- A ticket is replaced once. Its fiscal record is written in the same transaction.
CREATE TABLE replacement_invoices (
    id               INTEGER PRIMARY KEY,
    series           TEXT NOT NULL,
    number           INTEGER NOT NULL,
    document_id      INTEGER NOT NULL UNIQUE REFERENCES documents(id),
    customer_id      INTEGER NOT NULL REFERENCES customers(id),
    created_at       TEXT NOT NULL,
    user_id          INTEGER REFERENCES users(id),
    fiscal_record_id INTEGER,
    uid              TEXT NOT NULL,
    UNIQUE (series, number)
);
