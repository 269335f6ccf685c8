-- Fiscal registration records (VERI*FACTU first): one per invoice or ticket, written in the
-- transaction that commits its document, chained per installation by hash. A record never
-- changes and is never deleted (the triggers refuse it); what happens to it at the tax agency
-- is kept apart (later: its submissions). `body` is the regime's own text for the record (for
-- VERI*FACTU, JSON: the record, the system that sealed it, the environment), from which its XML
-- as sent and the receipt's QR are made, the same bytes every time.
-- origin 'aeat': a record this store lacked and learnt from the tax agency after a restore.
CREATE TABLE fiscal_records (
    id            INTEGER PRIMARY KEY,
    installation  TEXT NOT NULL,
    regime        TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('alta', 'anulacion')),
    invoice_type  TEXT,
    document_id   INTEGER REFERENCES documents(id),
    issuer        TEXT NOT NULL,
    number        TEXT NOT NULL,
    issued        TEXT NOT NULL,
    generated_at  TEXT NOT NULL,
    hash          TEXT NOT NULL,
    previous_hash TEXT,
    total         INTEGER,
    body          TEXT NOT NULL,
    origin        TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'aeat')),
    uid           TEXT NOT NULL,
    store_id      TEXT
);
-- No index written by a sale: its commit writes the fewest pages. The chain head is the newest row (read
-- backwards by id); a document names its record (documents.fiscal_record_id, its primary key).
-- (No foreign key: one to a row inserted after the document would be checked by a scan of
-- documents at every commit; `caja check` checks the pair instead.)
ALTER TABLE documents ADD COLUMN fiscal_record_id INTEGER;
-- The anulaciones of an invoice, by its number (written only when one is issued).
CREATE INDEX fiscal_records_annulled ON fiscal_records(number) WHERE kind = 'anulacion';
CREATE TRIGGER fiscal_records_immutable BEFORE UPDATE ON fiscal_records
BEGIN
    SELECT RAISE(ABORT, 'fiscal records never change: correct with a new record');
END;
CREATE TRIGGER fiscal_records_kept BEFORE DELETE ON fiscal_records
BEGIN
    SELECT RAISE(ABORT, 'fiscal records are never deleted');
END;
