-- Training mode: a manager switches it on per cashier (audited). Their sales and returns are
-- marked, numbered in a series of their own (the legal series stay gapless), print
-- "FORMACIÓN — SIN VALIDEZ", create no fiscal record (they are not invoices), move no stock and
-- stay out of the running totals behind every report.
ALTER TABLE users ADD COLUMN training INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN training INTEGER NOT NULL DEFAULT 0;
