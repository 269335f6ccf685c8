-- The back office's product table reads its window from an index in the order shown (as
-- added, by name, by price) instead of sorting the whole catalog for every scroll. Each index
-- covers what the window's skip reads (the order and whether an import still hides the row),
-- so skipping rows walks a narrow index alone.
CREATE INDEX products_added_order ON products(id, import_id);
CREATE INDEX products_name_order ON products(name COLLATE NOCASE, id, import_id);
CREATE INDEX products_price_order ON products(price, id, import_id);
