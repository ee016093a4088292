-- Name and code search ("nguyen van" anywhere in the name) on PostgreSQL: trigram
-- indexes answer LIKE '%…%' without scanning every household. Where the pg_trgm
-- extension may not be created, search keeps working by scanning (a notice says so).
-- SQLite scans; at the size one SQLite file holds, that is fast enough (BENCHMARKS.md).
{{if .PG}}
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX households_search_trgm_idx ON households USING gin (search_name gin_trgm_ops);
    CREATE INDEX households_code_trgm_idx ON households USING gin (LOWER(code) gin_trgm_ops);
EXCEPTION WHEN insufficient_privilege OR undefined_file THEN
    RAISE NOTICE 'pg_trgm is not available (%): household search scans', SQLERRM;
END
$$;
{{else}}
SELECT 1;
{{end}}
