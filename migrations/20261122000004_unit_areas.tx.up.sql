-- A unit in charge of an area (phụ trách địa bàn): a board member's neighbourhood,
-- a city department monitoring a district. Dated, so the past is kept.
CREATE TABLE unit_areas (
    id {{.ID}},
    unit_id BIGINT NOT NULL REFERENCES units (id),
    area_id BIGINT NOT NULL REFERENCES areas (id),
    valid_from DATE NOT NULL,
    valid_to DATE,
    reason TEXT NOT NULL DEFAULT '',
    created_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX unit_areas_unit_idx ON unit_areas (unit_id, valid_to);
--bun:split
CREATE INDEX unit_areas_area_idx ON unit_areas (area_id, valid_to);
