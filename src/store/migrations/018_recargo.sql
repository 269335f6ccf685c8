-- Recargo de equivalencia charged at the till: a full invoice to a customer in that regime pays,
-- on top of the lines (tax included), the recargo of each rate on its base. The document keeps
-- it apart from its total (so the lines and the tax rows still add up to the total), and each
-- tax row its rate and amount; what was paid is total + recargo + rounding.
ALTER TABLE documents ADD COLUMN recargo INTEGER NOT NULL DEFAULT 0;
ALTER TABLE document_taxes ADD COLUMN recargo_bp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE document_taxes ADD COLUMN recargo INTEGER NOT NULL DEFAULT 0;
