//! The importer and exporter against files written by the tests.
