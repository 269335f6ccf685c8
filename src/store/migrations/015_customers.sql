-- The customer book: businesses (or people) who ask for full invoices, kept so a returning
-- customer is never retyped; never deleted (an invoice names them), deactivated instead. A
-- document issued as a full invoice names its customer; the invoice keeps what it was issued
-- with in its fiscal record.
CREATE TABLE customers (
    id        INTEGER PRIMARY KEY,
    tax_id    TEXT NOT NULL,
    name      TEXT NOT NULL,
    address   TEXT NOT NULL,
    city      TEXT NOT NULL,
    country   TEXT NOT NULL DEFAULT 'ES',
    recargo   INTEGER NOT NULL DEFAULT 0,
    active    INTEGER NOT NULL DEFAULT 1,
    uid       TEXT NOT NULL,
    UNIQUE (country, tax_id)
);
ALTER TABLE documents ADD COLUMN customer_id INTEGER REFERENCES customers(id);
