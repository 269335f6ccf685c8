-- A packaged product's net content ('500 g', '1500 ml': grams or millilitres), for the price
-- per kilogram or litre its shelf label must show. NULL: sold loose, by weight, or not said.
-- The overlay of a published import carries it like every other field.
ALTER TABLE products ADD COLUMN net_content TEXT
    CHECK (net_content IS NULL OR net_content GLOB '[1-9]*[0-9] g' OR net_content GLOB '[1-9] g'
        OR net_content GLOB '[1-9]*[0-9] ml' OR net_content GLOB '[1-9] ml');
ALTER TABLE catalog_overlay ADD COLUMN net_content TEXT;
