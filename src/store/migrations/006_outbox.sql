-- One outbox for everything that leaves the till: print jobs now; fiscal records, kitchen tickets
-- and HQ messages next. A message is written in the same transaction as its cause and delivered
-- by the app's outbox worker, at least once, with `uid` as the idempotency key the receiver
-- sees. A message that keeps failing is parked with its reason, never dropped.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,     -- global id (UUID), the idempotency key
    topic        TEXT NOT NULL,            -- print, fiscal, kitchen, hq, …
    lane         TEXT NOT NULL DEFAULT '', -- ordered topics keep order within a lane
    kind         TEXT NOT NULL,            -- what the topic makes of the payload (receipt, report, …)
    terminal     TEXT NOT NULL,
    document_id  INTEGER REFERENCES documents(id),
    created_at   TEXT NOT NULL,
    payload      BLOB NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'parked')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      TEXT,                     -- not before (RFC 3339 UTC); NULL = at once
    last_error   TEXT,
    delivered_at TEXT
);
CREATE INDEX outbox_waiting ON outbox(topic, id) WHERE state <> 'delivered';
-- Acknowledged once: a delivered message never changes again, and nothing is ever deleted.
CREATE TRIGGER outbox_acknowledged_once BEFORE UPDATE ON outbox WHEN old.state = 'delivered'
    BEGIN SELECT RAISE(ABORT, 'an acknowledged outbox message never changes'); END;
CREATE TRIGGER outbox_never_dropped BEFORE DELETE ON outbox
    BEGIN SELECT RAISE(ABORT, 'outbox messages are never dropped'); END;

-- The print queue moves onto it: waiting jobs keep waiting (with their last error), printed ones
-- are kept as delivered. Rows from before have no global id yet: they get a random (v4) UUID.
INSERT INTO outbox(uid, topic, lane, kind, terminal, document_id, created_at, payload, state,
                   attempts, last_error, delivered_at)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
             substr(hex(randomblob(2)), 2) || '-' ||
             substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' ||
             hex(randomblob(6))),
       'print', terminal, 'raw', terminal, document_id, created_at, bytes,
       CASE state WHEN 'printed' THEN 'delivered' ELSE 'pending' END,
       attempts, last_error, printed_at
FROM print_jobs ORDER BY id;
DROP TABLE print_jobs;
