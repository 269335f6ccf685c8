-- The search index keeps, for each word, only which products have it (FTS5 detail=none): the
-- till and the back office search by word prefixes and never by phrase or position, and a
-- word that is in every name ("de", "1") made merges of its whole list of positions the
-- longest write of a big import. Same words, same prefixes, same results; a third the size.
-- The triggers of 001 keep writing to it by name: only the table is made again.
DROP TABLE products_fts;
CREATE VIRTUAL TABLE products_fts USING fts5(
    name, category,
    content = 'products', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3',
    detail = none
);
INSERT INTO products_fts(products_fts) VALUES ('rebuild');
