"""The province's store: communes' exchange workbooks loaded into one database (SQLite by default,
PostgreSQL for a shared server), and the merged workbook, status and history answered from it
(docs/province.md)."""
