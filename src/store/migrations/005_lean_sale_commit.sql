-- Two fewer index pages written by every sale commit: `documents_day` and `documents_shift` served
-- only `caja check`, which now recomputes every day and shift in one pass over the documents.
DROP INDEX documents_day;
DROP INDEX documents_shift;
