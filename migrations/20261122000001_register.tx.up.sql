-- The register: areas (địa bàn), responsible units (đơn vị phụ trách) and
-- households (hộ) with their yearly classification and its events.

CREATE TABLE areas (
    id {{.ID}},
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id BIGINT REFERENCES areas (id),
    -- "/1/5/23/": the ids from the root down to this area in the current tree.
    path TEXT NOT NULL,
    depth INTEGER NOT NULL,
    urban {{.Bool}} NOT NULL DEFAULT TRUE,
    dissolved_on DATE,
    merged_into_id BIGINT REFERENCES areas (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX areas_code_key ON areas (code);
--bun:split
CREATE INDEX areas_parent_idx ON areas (parent_id);
--bun:split
CREATE INDEX areas_path_idx ON areas (path{{.TextPath}});
--bun:split

-- Dated parent history: re-parenting and merges close one row and open another.
CREATE TABLE area_parents (
    id {{.ID}},
    area_id BIGINT NOT NULL REFERENCES areas (id),
    parent_id BIGINT REFERENCES areas (id),
    valid_from DATE NOT NULL,
    valid_to DATE,
    reason TEXT NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX area_parents_area_idx ON area_parents (area_id, valid_from);
--bun:split

-- Total number of households of an area in a year: the denominator of every rate.
CREATE TABLE area_household_totals (
    area_id BIGINT NOT NULL REFERENCES areas (id),
    year INTEGER NOT NULL,
    total INTEGER NOT NULL CHECK (total >= 0),
    PRIMARY KEY (area_id, year)
);
--bun:split

CREATE TABLE units (
    id {{.ID}},
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    post TEXT NOT NULL DEFAULT '',
    area_id BIGINT NOT NULL REFERENCES areas (id),
    parent_id BIGINT REFERENCES units (id),
    archived_at {{.Time}},
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX units_code_key ON units (code);
--bun:split
CREATE INDEX units_area_idx ON units (area_id);
--bun:split

CREATE TABLE households (
    id {{.ID}},
    code TEXT NOT NULL,
    head_name TEXT NOT NULL,
    -- head_name folded to lower case without diacritics, for search.
    search_name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    area_id BIGINT NOT NULL REFERENCES areas (id),
    members INTEGER NOT NULL CHECK (members > 0),
    urban {{.Bool}} NOT NULL,
    income_monthly BIGINT NOT NULL DEFAULT 0,
    deprivations INTEGER NOT NULL DEFAULT 0,
    causes INTEGER NOT NULL DEFAULT 0,
    flags INTEGER NOT NULL DEFAULT 0,
    standard TEXT NOT NULL,
    classification TEXT NOT NULL,
    classification_year INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    archived_at {{.Time}},
    archive_reason TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX households_code_key ON households (code);
--bun:split
CREATE INDEX households_area_idx ON households (area_id);
--bun:split
CREATE INDEX households_class_idx ON households (classification, area_id);
--bun:split
CREATE INDEX households_search_idx ON households (search_name{{.TextPath}});
--bun:split

-- The classification in force at the start of a year (the list for that year,
-- from the review at the end of the year before).
CREATE TABLE household_classifications (
    household_id BIGINT NOT NULL REFERENCES households (id),
    year INTEGER NOT NULL,
    classification TEXT NOT NULL,
    standard TEXT NOT NULL,
    income_monthly BIGINT NOT NULL DEFAULT 0,
    deprivations INTEGER NOT NULL DEFAULT 0,
    decision_no TEXT NOT NULL DEFAULT '',
    created_at {{.Time}} NOT NULL,
    PRIMARY KEY (household_id, year)
);
--bun:split
CREATE INDEX household_classifications_year_idx ON household_classifications (year, classification);
--bun:split

-- Every change of classification during a year (di biến động).
CREATE TABLE classification_events (
    id {{.ID}},
    household_id BIGINT NOT NULL REFERENCES households (id),
    event_date DATE NOT NULL,
    year INTEGER NOT NULL,
    from_class TEXT NOT NULL,
    to_class TEXT NOT NULL,
    decision_no TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    created_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX classification_events_household_idx ON classification_events (household_id, event_date);
--bun:split
CREATE INDEX classification_events_year_idx ON classification_events (year);
