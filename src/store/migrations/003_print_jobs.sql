-- The print queue: a sale commits first, its receipt waits here until the printer takes it.
-- A failed job stays with its reason and is retried; jobs survive a restart.
CREATE TABLE print_jobs (
    id          INTEGER PRIMARY KEY,
    terminal    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'report', 'test', 'drawer')),
    document_id INTEGER REFERENCES documents(id),
    created_at  TEXT NOT NULL,
    bytes       BLOB NOT NULL,
    state       TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'printed', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    printed_at  TEXT
);
CREATE INDEX print_jobs_pending ON print_jobs(terminal, id) WHERE state != 'printed';
