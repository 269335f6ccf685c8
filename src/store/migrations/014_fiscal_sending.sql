-- What was sent to the tax agency and what it answered. A request is written, with its SOAP
-- envelope as sent, before it leaves (its records marked 'sent'); its answer is written in one
-- transaction with every record's state. A request without an answer was cut short (a crash,
-- kill -9): its records are sent again, and the agency answers those it already holds as
-- duplicates — reconciled as accepted, never counted twice. A record accepted once is never
-- sent again.
CREATE TABLE fiscal_requests (
    id            INTEGER PRIMARY KEY,
    installation  TEXT NOT NULL,
    sent_at       TEXT NOT NULL,
    records       INTEGER NOT NULL,
    envelope      TEXT NOT NULL,
    answered_at   TEXT,
    outcome       TEXT CHECK (outcome IN ('answered', 'fault', 'failed')),
    csv           TEXT,
    wait_secs     INTEGER,
    error         TEXT
);
CREATE TABLE fiscal_states (
    record_id     INTEGER PRIMARY KEY REFERENCES fiscal_records(id),
    request_id    INTEGER NOT NULL REFERENCES fiscal_requests(id),
    state         TEXT NOT NULL
                  CHECK (state IN ('sent', 'accepted', 'accepted_with_errors', 'rejected')),
    code          INTEGER,
    description   TEXT,
    at            TEXT NOT NULL
);
CREATE INDEX fiscal_states_request ON fiscal_states(request_id);
