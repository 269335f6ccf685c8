-- A restored store and the tax agency: a restore rolls the store back behind records the
-- agency may already hold, so it may not sell until it is reconciled. Online, the agency's
-- query service tells which of this installation's records the store lacks: they are kept as
-- records known only from the agency (fiscal_records.origin 'aeat'), the series advanced past
-- their numbers, and the chain goes on after the last of them. Offline, a manager may decide
-- (audited, with a reason) to sell in a new series whose first record chains to the last record
-- the store holds (the agency flags that record, codes 2002/2003); the records the store lacks
-- are fetched when the network returns and kept as a branch off that record
-- (branch_first_id..branch_last_id), beside the chain the till goes on with.
CREATE TABLE fiscal_reconciliations (
    id              INTEGER PRIMARY KEY,
    installation    TEXT NOT NULL,
    -- Why: 'restore' (a backup was restored) or 'behind' (the agency holds a record this
    -- store does not have under one of its numbers).
    cause           TEXT NOT NULL CHECK (cause IN ('restore', 'behind')),
    detail          TEXT NOT NULL,
    opened_at       TEXT NOT NULL,
    -- The store's last record when it was opened (none: the store held none).
    head_record_id  INTEGER,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'reconciled', 'new_series')),
    resolved_at     TEXT,
    -- A new series' mark (added to the terminal in its numbers), its reason and who decided.
    series_mark     TEXT,
    reason          TEXT,
    decided_by      INTEGER REFERENCES users(id),
    -- Records learnt from the agency, and when (for a new series: once the network returned).
    fetched         INTEGER NOT NULL DEFAULT 0,
    fetched_at      TEXT,
    branch_first_id INTEGER,
    branch_last_id  INTEGER
);
-- A query to the agency is kept beside the requests that send records (its records found held
-- are marked accepted by it), apart in the sending's flow control.
ALTER TABLE fiscal_requests ADD COLUMN kind TEXT NOT NULL DEFAULT 'send'
    CHECK (kind IN ('send', 'query'));
