-- Why a unit was archived (dissolved, merged into another…), beside when.
ALTER TABLE units ADD COLUMN archive_reason TEXT NOT NULL DEFAULT '';
