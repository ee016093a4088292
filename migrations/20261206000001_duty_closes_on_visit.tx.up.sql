-- A per-household duty whose task a visit completes (thăm hỏi): a visit to the
-- household closes its open task of the period the visit falls in, in the
-- visit's transaction. Duties already entered whose title speaks of visiting
-- ("Thăm hỏi…", "… thăm hộ …") are marked.
ALTER TABLE duties ADD COLUMN closes_on_visit {{.Bool}} NOT NULL DEFAULT FALSE;
UPDATE duties SET closes_on_visit = TRUE WHERE target = 'household' AND (title LIKE '%Thăm%' OR title LIKE '%thăm%');
