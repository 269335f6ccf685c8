-- What each backup did: the status bar and the manager's screen show the age of the last good
-- one and the last error; `caja backup list` shows the history.
CREATE TABLE backups (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,     -- RFC 3339, UTC
    reason    TEXT NOT NULL,     -- manual, interval, z_report, exit
    file      TEXT,
    bytes     INTEGER,
    documents INTEGER,
    seconds   REAL,
    error     TEXT               -- NULL when it worked
);
