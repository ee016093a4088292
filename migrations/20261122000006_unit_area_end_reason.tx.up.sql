-- Why a unit's charge of an area ended (the reason given when it was put in charge stays in reason).
ALTER TABLE unit_areas ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';
