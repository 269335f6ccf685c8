-- The tax book's totals per rate and recargo rate come from the rollup (dim 'tax_book', key
-- 'rate_bp|recargo_bp': its rows of sales and of returns, what they come to), so a year's book
-- is not summed from every document. The documents the rollup has already summed are summed
-- here for the new dim; the rest join it with the next report, as usual.
INSERT INTO sales_rollup(day, dim, key, label, tickets, returns, qty_milli, sales, refunds,
                         discount, base, quota, recargo, cost, costed, first_id, last_id)
SELECT d.business_day, 'tax_book', x.rate_bp || '|' || x.recargo_bp, '',
       sum(d.kind = 'sale'), sum(d.kind = 'return'), 0,
       sum(CASE WHEN d.kind = 'sale' THEN x.gross ELSE 0 END),
       sum(CASE WHEN d.kind = 'return' THEN x.gross ELSE 0 END),
       0, sum(x.base), sum(x.quota), sum(x.recargo), 0, 0, NULL, NULL
FROM documents d CROSS JOIN document_taxes x ON x.document_id = d.id
WHERE d.id <= (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'reports.rollup_seen')
  AND d.training = 0
GROUP BY d.business_day, x.rate_bp, x.recargo_bp;
