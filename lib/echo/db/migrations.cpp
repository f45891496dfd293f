// Append-only schema history. Never edit a migration that has shipped: add a new one.
// Enumerations are checked with OR chains, not IN lists: SQLite builds an ephemeral table for
// an IN list each time a prepared INSERT runs, which made bulk imports several times slower.
#include "echo/db/database.hpp"

namespace echo::db {

namespace {

// 1: series and their recurrence, sessions, people on sessions, case presentations,
// participants and aliases, attendance with raw intervals, unmatched import rows, import ledger.
const char* const k_core = R"sql(
CREATE TABLE series (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE CHECK (code <> '' AND code NOT GLOB '*[^a-z0-9-]*' AND code NOT GLOB '-*'),
  title         TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  timezone      TEXT NOT NULL,
  credit_hours  REAL NOT NULL DEFAULT 1.0 CHECK (credit_hours >= 0),
  -- recurrence rule; all local to `timezone`
  start_date    TEXT,                 -- YYYY-MM-DD of the first session
  start_time    TEXT,                 -- HH:MM wall-clock
  duration      INTEGER NOT NULL DEFAULT 60 CHECK (duration > 0),
  repeat        TEXT CHECK (repeat = 'weekly' OR repeat = 'biweekly' OR repeat = 'monthly'),
  weekday       INTEGER CHECK (weekday BETWEEN 0 AND 6),          -- 0 = Sunday
  week_of_month INTEGER CHECK (week_of_month = -1 OR week_of_month BETWEEN 1 AND 5), -- -1 = last
  count         INTEGER CHECK (count > 0),
  until_date    TEXT,
  archived_at   TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE TABLE series_skip (
  series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  date      TEXT NOT NULL,
  PRIMARY KEY (series_id, date)
) WITHOUT ROWID;

CREATE TABLE participant (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL DEFAULT '',
  name_key     TEXT NOT NULL DEFAULT '',   -- util::name_key(name): folded for matching
  email        TEXT UNIQUE,                -- trimmed, lowercased; NULL when unknown
  profession   TEXT,
  organization TEXT,
  region       TEXT,
  rural        INTEGER NOT NULL DEFAULT 0 CHECK (rural = 0 OR rural = 1),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX participant_by_name_key ON participant(name_key);

CREATE TABLE participant_alias (
  id             INTEGER PRIMARY KEY,
  participant_id INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
  kind           TEXT NOT NULL CHECK (kind = 'email' OR kind = 'name'),
  value          TEXT NOT NULL,            -- as given
  key            TEXT NOT NULL,            -- lowercased email or name_key
  created_at     TEXT NOT NULL,
  UNIQUE (kind, key, participant_id)
);
CREATE UNIQUE INDEX participant_alias_email ON participant_alias(key) WHERE kind = 'email';
CREATE INDEX participant_alias_by_participant ON participant_alias(participant_id);

CREATE TABLE session (
  id            INTEGER PRIMARY KEY,
  series_id     INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  key           TEXT NOT NULL,             -- natural key for imports; default the local date
  origin        TEXT NOT NULL DEFAULT 'manual'
                CHECK (origin = 'manual' OR origin = 'schedule' OR origin = 'toml' OR origin = 'csv' OR origin = 'ics' OR origin = 'json'),
  local_date    TEXT NOT NULL,             -- YYYY-MM-DD in the series' zone
  local_time    TEXT NOT NULL,             -- HH:MM in the series' zone
  start_utc     TEXT NOT NULL,             -- YYYY-MM-DDTHH:MM:SSZ
  duration      INTEGER NOT NULL CHECK (duration > 0),
  topic         TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL DEFAULT 'scheduled' CHECK (status = 'scheduled' OR status = 'cancelled'),
  cancel_reason TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (series_id, key)
);
CREATE INDEX session_by_series_start ON session(series_id, start_utc, id);
CREATE INDEX session_by_start ON session(start_utc);

-- Presenters and the facilitator named on a session.
CREATE TABLE session_person (
  session_id     INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  participant_id INTEGER NOT NULL REFERENCES participant(id),
  role           TEXT NOT NULL CHECK (role = 'presenter' OR role = 'facilitator'),
  position       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, role, participant_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX session_one_facilitator ON session_person(session_id) WHERE role = 'facilitator';
CREATE INDEX session_person_by_participant ON session_person(participant_id);

-- De-identified case presentations: a title and the presenter, never patient identifiers.
CREATE TABLE case_presentation (
  id           INTEGER PRIMARY KEY,
  session_id   INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  presenter_id INTEGER NOT NULL REFERENCES participant(id),
  title        TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX case_presentation_by_session ON case_presentation(session_id);

-- One row per imported file (schedules and attendance): idempotency and provenance.
CREATE TABLE import_file (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL,             -- 'schedule:toml', 'attendance:zoom', ...
  content_hash TEXT NOT NULL,
  file_name    TEXT NOT NULL,
  series_id    INTEGER REFERENCES series(id) ON DELETE CASCADE,
  session_id   INTEGER REFERENCES session(id) ON DELETE CASCADE,
  rows         INTEGER NOT NULL DEFAULT 0,
  actor        TEXT,
  imported_at  TEXT NOT NULL
);
CREATE INDEX import_file_by_hash ON import_file(content_hash, kind);
CREATE INDEX import_file_by_session ON import_file(session_id);

CREATE TABLE attendance (
  id             INTEGER PRIMARY KEY,
  session_id     INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  participant_id INTEGER NOT NULL REFERENCES participant(id),
  role           TEXT NOT NULL DEFAULT 'participant'
                 CHECK (role = 'participant' OR role = 'presenter' OR role = 'facilitator' OR role = 'hub'),
  minutes        INTEGER NOT NULL CHECK (minutes >= 0),
  source         TEXT NOT NULL DEFAULT 'manual' CHECK (source = 'manual' OR source = 'zoom' OR source = 'csv'),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  UNIQUE (session_id, participant_id)
);
CREATE INDEX attendance_by_participant ON attendance(participant_id, session_id);

-- Raw join/leave intervals behind imported attendance; minutes are their union.
CREATE TABLE attendance_interval (
  id            INTEGER PRIMARY KEY,
  attendance_id INTEGER NOT NULL REFERENCES attendance(id) ON DELETE CASCADE,
  import_id     INTEGER REFERENCES import_file(id) ON DELETE CASCADE,
  join_utc      TEXT NOT NULL,
  leave_utc     TEXT NOT NULL,
  CHECK (leave_utc >= join_utc)
);
CREATE INDEX attendance_interval_by_attendance ON attendance_interval(attendance_id);
CREATE INDEX attendance_interval_by_import ON attendance_interval(import_id);

-- Import rows whose person could not be matched (a name without email).
CREATE TABLE unmatched_row (
  id          INTEGER PRIMARY KEY,
  session_id  INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  import_id   INTEGER REFERENCES import_file(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  name_key    TEXT NOT NULL,
  role        TEXT NOT NULL DEFAULT 'participant',
  minutes     INTEGER NOT NULL CHECK (minutes >= 0),
  intervals   TEXT NOT NULL DEFAULT '[]', -- JSON [[join_utc, leave_utc], ...]
  file        TEXT NOT NULL,
  line        INTEGER,
  resolved_participant_id INTEGER REFERENCES participant(id),
  resolved_at TEXT
);
CREATE INDEX unmatched_row_by_session ON unmatched_row(session_id);
)sql";

// 2: proposals with team, history and review scores; series linked to their proposal; the
// audit log of manual changes.
const char* const k_proposals_audit = R"sql(
CREATE TABLE proposal (
  id                INTEGER PRIMARY KEY,
  title             TEXT NOT NULL,
  summary           TEXT NOT NULL DEFAULT '',
  audience          TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  objectives        TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  sessions          INTEGER CHECK (sessions > 0),
  cadence           TEXT CHECK (cadence = 'weekly' OR cadence = 'biweekly' OR cadence = 'monthly'),
  start_date        TEXT,
  credit_hours      REAL CHECK (credit_hours >= 0),
  lead_name         TEXT NOT NULL,
  lead_email        TEXT NOT NULL,
  lead_organization TEXT,
  status            TEXT NOT NULL DEFAULT 'submitted'
                    CHECK (status = 'submitted' OR status = 'in_review' OR status = 'approved' OR status = 'declined' OR status = 'withdrawn' OR status = 'converted'),
  series_id         INTEGER REFERENCES series(id),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX proposal_by_status ON proposal(status);

CREATE TABLE proposal_team (
  proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  name        TEXT NOT NULL,
  email       TEXT,
  role        TEXT,
  PRIMARY KEY (proposal_id, position)
) WITHOUT ROWID;

CREATE TABLE proposal_event (
  id          INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
  at          TEXT NOT NULL,
  from_status TEXT,               -- NULL for the submission
  to_status   TEXT NOT NULL,
  actor       TEXT NOT NULL,
  note        TEXT
);
CREATE INDEX proposal_event_by_proposal ON proposal_event(proposal_id, id);

CREATE TABLE proposal_score (
  id          INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
  reviewer    TEXT NOT NULL,
  criterion   TEXT NOT NULL,
  score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  at          TEXT NOT NULL,
  UNIQUE (proposal_id, reviewer, criterion)
);

ALTER TABLE series ADD COLUMN proposal_id INTEGER REFERENCES proposal(id);

-- Who changed what by hand, when and why (attendance record/remove/resolve, merges, ...).
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,          -- 'attendance.record', 'participant.merge', ...
  entity    TEXT NOT NULL,          -- 'attendance', 'participant', 'session', ...
  entity_id INTEGER,
  reason    TEXT,
  details   TEXT NOT NULL DEFAULT '{}'  -- JSON
);
CREATE INDEX audit_log_by_entity ON audit_log(entity, entity_id);
)sql";

// 3: attendance loses its by-participant index. Imports add rows session by session, so that index
// was written at random places and cost as much as the table and its unique index together;
// per-participant reads scan attendance instead (milliseconds even at a big hub's size), and the
// summary report finds returning participants in one pass over the earlier sessions.
const char* const k_drop_attendance_by_participant = R"sql(
DROP INDEX attendance_by_participant;
)sql";

// 4: stable session references. CODE/N used to be the session's position by start time, so removing
// a session renumbered every later one and a reference kept in a cron line or a report pointed at
// another session. N is now stored: given once when the session is created (the series' last
// number + 1, kept on the series so that a removed number is never given again), never changed.
// Existing sessions keep the numbers their positions gave them today. This trigger is the one
// place numbers are given: every insert, whatever writes it, goes through it.
const char* const k_session_number = R"sql(
ALTER TABLE session ADD COLUMN number INTEGER CHECK (number > 0);
ALTER TABLE series ADD COLUMN last_session_number INTEGER NOT NULL DEFAULT 0;
UPDATE session SET number = k.n
  FROM (SELECT id, row_number() OVER (PARTITION BY series_id ORDER BY start_utc, id) AS n FROM session) AS k
 WHERE k.id = session.id;
UPDATE series SET last_session_number = coalesce((SELECT max(number) FROM session WHERE series_id = series.id), 0);
CREATE UNIQUE INDEX session_by_number ON session(series_id, number);
CREATE TRIGGER session_number_given AFTER INSERT ON session WHEN NEW.number IS NULL
BEGIN
  UPDATE series SET last_session_number = last_session_number + 1 WHERE id = NEW.series_id;
  UPDATE session SET number = (SELECT last_session_number FROM series WHERE id = NEW.series_id) WHERE id = NEW.id;
END;
CREATE TRIGGER session_number_kept AFTER INSERT ON session WHEN NEW.number IS NOT NULL
BEGIN
  UPDATE series SET last_session_number = max(last_session_number, NEW.number) WHERE id = NEW.series_id;
END;
)sql";

// 5: a session that took place without attendees. A past, not cancelled session with no attendance
// recorded is "unrecorded" (the attendance was never imported), not held with 0 participants;
// `session update REF --held` says it was held and nobody came (marked_held = 1).
const char* const k_session_marked_held = R"sql(
ALTER TABLE session ADD COLUMN marked_held INTEGER NOT NULL DEFAULT 0 CHECK (marked_held = 0 OR marked_held = 1);
)sql";

// 6: a Zoom import remembers its meeting's ID and start (UTC as read), so that the same meeting
// exported again from a profile in another time zone is recognised instead of doubling minutes.
const char* const k_import_meeting = R"sql(
ALTER TABLE import_file ADD COLUMN meeting_id TEXT;
ALTER TABLE import_file ADD COLUMN meeting_start_utc TEXT;
CREATE INDEX import_file_by_meeting ON import_file(meeting_id) WHERE meeting_id IS NOT NULL;
)sql";

// 7: attendance.source also takes 'teams' and 'meet' (Microsoft Teams and Google Meet reports).
// SQLite cannot change a CHECK in place: attendance and its intervals are rebuilt (the intervals
// first copied, so that dropping attendance cascades into nothing), then renamed back, which
// also points the intervals' reference at the new attendance.
const char* const k_attendance_sources = R"sql(
CREATE TABLE attendance_new (
  id             INTEGER PRIMARY KEY,
  session_id     INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  participant_id INTEGER NOT NULL REFERENCES participant(id),
  role           TEXT NOT NULL DEFAULT 'participant'
                 CHECK (role = 'participant' OR role = 'presenter' OR role = 'facilitator' OR role = 'hub'),
  minutes        INTEGER NOT NULL CHECK (minutes >= 0),
  source         TEXT NOT NULL DEFAULT 'manual'
                 CHECK (source = 'manual' OR source = 'zoom' OR source = 'csv' OR source = 'teams' OR source = 'meet'),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  UNIQUE (session_id, participant_id)
);
INSERT INTO attendance_new (id, session_id, participant_id, role, minutes, source, created_at, updated_at)
  SELECT id, session_id, participant_id, role, minutes, source, created_at, updated_at FROM attendance;
CREATE TABLE attendance_interval_new (
  id            INTEGER PRIMARY KEY,
  attendance_id INTEGER NOT NULL REFERENCES attendance_new(id) ON DELETE CASCADE,
  import_id     INTEGER REFERENCES import_file(id) ON DELETE CASCADE,
  join_utc      TEXT NOT NULL,
  leave_utc     TEXT NOT NULL,
  CHECK (leave_utc >= join_utc)
);
INSERT INTO attendance_interval_new (id, attendance_id, import_id, join_utc, leave_utc)
  SELECT id, attendance_id, import_id, join_utc, leave_utc FROM attendance_interval;
DROP TABLE attendance_interval;
DROP TABLE attendance;
ALTER TABLE attendance_new RENAME TO attendance;
ALTER TABLE attendance_interval_new RENAME TO attendance_interval;
CREATE INDEX attendance_interval_by_attendance ON attendance_interval(attendance_id);
CREATE INDEX attendance_interval_by_import ON attendance_interval(import_id);
)sql";

// 8: the history behind `echo log` and `echo undo`. Triggers (made from the schema by
// install_history_triggers) copy each row a command updates or deletes, before and after, and
// the key of each row it inserts, under the entry the command will be logged as: the one-row
// history_state holds that entry's id while a write runs. An entry knows the entry that undid
// it, and the reverse.
const char* const k_history = R"sql(
CREATE TABLE change_row (
  id       INTEGER PRIMARY KEY,
  audit_id INTEGER NOT NULL, -- the audit_log entry (written by the command's end; no foreign key)
  tbl      TEXT NOT NULL,
  row_key  TEXT NOT NULL,    -- the row's id, or a JSON array of its primary key; 'inserts': the first id
  old_key  TEXT,             -- an update: the key before; 'inserts': the last id
  op       TEXT NOT NULL CHECK (op = 'insert' OR op = 'inserts' OR op = 'update' OR op = 'delete'),
  old      TEXT,             -- JSON object of the row before (update, delete)
  new      TEXT              -- JSON object of the row after (update); 'inserts': how many rows
);
-- One index serves the log (by entry), undo's look-up of an entry's rows (entry, table, key) and
-- its scan of later entries; a second one by row cost a bulk import a fifth of its time.
CREATE INDEX change_row_by_audit ON change_row(audit_id, tbl, row_key);
CREATE TABLE history_state (entry INTEGER NOT NULL);
INSERT INTO history_state (entry) VALUES (0);
ALTER TABLE audit_log ADD COLUMN undone_by INTEGER REFERENCES audit_log(id);
ALTER TABLE audit_log ADD COLUMN undoes INTEGER REFERENCES audit_log(id);
CREATE INDEX audit_log_by_at ON audit_log(at);
)sql";

// 9: the certificate register. A row per certificate ever issued, never deleted: the number and
// verification code stay with the participant and series (re-issuing prints the same), the
// name, email, series code and title are kept as printed (a later merge or rename does not
// change what the certificate said), and a revocation is recorded on the row (and audited).
const char* const k_certificates = R"sql(
CREATE TABLE certificate (
  number         INTEGER PRIMARY KEY,          -- 1, 2, 3, ... in issue order
  code           TEXT NOT NULL UNIQUE,         -- verification code, XXXX-XXXX-XXXX
  participant_id INTEGER REFERENCES participant(id) ON DELETE SET NULL,
  series_id      INTEGER REFERENCES series(id) ON DELETE SET NULL,
  name           TEXT NOT NULL,
  email          TEXT,
  series_code    TEXT NOT NULL,
  series_title   TEXT NOT NULL,
  hours          REAL NOT NULL CHECK (hours >= 0),
  first_date     TEXT NOT NULL,                -- local dates of the first and last session attended
  last_date      TEXT NOT NULL,
  issued_at      TEXT NOT NULL,
  issued_by      TEXT NOT NULL,
  revoked_at     TEXT,
  revoked_by     TEXT,
  revoke_reason  TEXT,
  UNIQUE (participant_id, series_id)
);
CREATE INDEX certificate_by_issued_at ON certificate(issued_at);
CREATE TRIGGER certificate_kept BEFORE DELETE ON certificate
BEGIN SELECT RAISE(ABORT, 'certificates are kept: revoke instead'); END;
)sql";

// 10: competency domains ([[competencies]] codes of the config) tagged on series and sessions.
// A session's own domains, when it has any, stand for it; else its series' (report competency).
// The codes are checked against the config when written, not here: a code later removed from
// the config stays on the rows and is reported as written.
const char* const k_domains = R"sql(
CREATE TABLE series_domain (
  series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  code      TEXT NOT NULL CHECK (code <> ''),
  PRIMARY KEY (series_id, code)
) WITHOUT ROWID;
CREATE TABLE session_domain (
  session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  code       TEXT NOT NULL CHECK (code <> ''),
  PRIMARY KEY (session_id, code)
) WITHOUT ROWID;
)sql";

// 11: registrations. A participant registered for one session, or for a whole series (cohort
// enrolment: registered for every session of it). Imported from Zoom registration reports,
// webinar attendee reports (their Attended = No rows) and the generic CSV; one row per person and
// session or series, so that importing a file again adds nothing.
const char* const k_registrations = R"sql(
CREATE TABLE registration (
  id             INTEGER PRIMARY KEY,
  participant_id INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
  session_id     INTEGER REFERENCES session(id) ON DELETE CASCADE,
  series_id      INTEGER REFERENCES series(id) ON DELETE CASCADE,
  registered_at  TEXT,          -- UTC, when the export says; NULL when it does not
  approval       TEXT,          -- approved, pending, ... as the export says (lowercased)
  source         TEXT NOT NULL, -- zoom, webinar or csv
  file_name      TEXT,          -- the file it was imported from
  created_at     TEXT NOT NULL,
  CHECK ((session_id IS NULL) <> (series_id IS NULL))
);
CREATE UNIQUE INDEX registration_per_session ON registration(session_id, participant_id) WHERE session_id IS NOT NULL;
CREATE UNIQUE INDEX registration_per_series ON registration(series_id, participant_id) WHERE series_id IS NOT NULL;
CREATE INDEX registration_by_participant ON registration(participant_id);
)sql";

// 12: survey evaluations. An import is one survey export for one session or one series, with
// the items its mapping file declared; a response is one row of the export, linked to a
// participant only when its email matched one (never for anonymous surveys, and the link and
// email are dropped when imported with --anonymise: only the profession stays); an answer is
// the text as written and its score on the item's scale (NULL for free text).
const char* const k_evaluations = R"sql(
CREATE TABLE evaluation_import (
  id          INTEGER PRIMARY KEY,
  file        TEXT NOT NULL,             -- the file's name as given
  sha256      TEXT NOT NULL,
  layout      TEXT NOT NULL,             -- redcap, qualtrics, msforms, googleforms, csv
  session_id  INTEGER REFERENCES session(id) ON DELETE CASCADE,
  series_id   INTEGER REFERENCES series(id) ON DELETE CASCADE,
  anonymised  INTEGER NOT NULL DEFAULT 0 CHECK (anonymised IN (0, 1)),
  responses   INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  CHECK ((session_id IS NULL) <> (series_id IS NULL))
);
CREATE INDEX evaluation_import_by_session ON evaluation_import(session_id);
CREATE INDEX evaluation_import_by_series ON evaluation_import(series_id);
CREATE TABLE evaluation_item (
  id          INTEGER PRIMARY KEY,
  import_id   INTEGER NOT NULL REFERENCES evaluation_import(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,          -- order in the mapping file
  item        TEXT NOT NULL,             -- the map's id
  column_name TEXT NOT NULL,
  level       TEXT,                      -- NULL for free text without a level
  scale       TEXT NOT NULL CHECK (scale IN ('likert5', 'yesno', '0-10', 'text')),
  phase       TEXT NOT NULL CHECK (phase IN ('pre', 'post')),
  labels      TEXT NOT NULL DEFAULT '[]', -- JSON array, in scale order
  UNIQUE (import_id, item, phase)
);
CREATE TABLE evaluation_response (
  id             INTEGER PRIMARY KEY,
  import_id      INTEGER NOT NULL REFERENCES evaluation_import(id) ON DELETE CASCADE,
  line           INTEGER NOT NULL,       -- where the response starts in the file
  participant_id INTEGER REFERENCES participant(id) ON DELETE SET NULL,
  email          TEXT,                   -- as answered; NULL when anonymous or anonymised
  profession     TEXT
);
CREATE INDEX evaluation_response_by_import ON evaluation_response(import_id);
CREATE TABLE evaluation_answer (
  response_id INTEGER NOT NULL REFERENCES evaluation_response(id) ON DELETE CASCADE,
  item_id     INTEGER NOT NULL REFERENCES evaluation_item(id) ON DELETE CASCADE,
  answer      TEXT NOT NULL,
  score       REAL,                      -- NULL for free text
  UNIQUE (response_id, item_id)
); -- a rowid table: the history files a bulk import's answers as one range, not a row each
)sql";

// 13: each participant's first participation (role participant, session not cancelled): the first
// by local date, then start, then id. `report summary` and `report series` count a participant
// as new from it instead of scanning every earlier attendance record. Triggers keep it as
// attendance and sessions change, whichever path writes them (imports, manual entries, merges,
// prunes, undo); the history leaves it out (it is derived, and undo's own writes keep it).
const char* const k_first_participation = R"sql(
CREATE TABLE first_participation (
  participant_id INTEGER PRIMARY KEY,
  session_id     INTEGER NOT NULL,
  local_date     TEXT NOT NULL,
  start_utc      TEXT NOT NULL
);
CREATE INDEX first_participation_by_session ON first_participation(session_id);
-- Sessions in date order: a participant's first is found by walking them, probing attendance's
-- (session_id, participant_id) key, and stopping at the first hit.
CREATE INDEX session_by_local_date ON session(local_date, start_utc, id);

INSERT INTO first_participation (participant_id, session_id, local_date, start_utc)
SELECT participant_id, session_id, local_date, start_utc FROM (
  SELECT a.participant_id, s.id AS session_id, s.local_date, s.start_utc,
         row_number() OVER (PARTITION BY a.participant_id ORDER BY s.local_date, s.start_utc, s.id) AS k
    FROM attendance a JOIN session s ON s.id = a.session_id
   WHERE a.role = 'participant' AND s.status <> 'cancelled')
 WHERE k = 1;

-- A new participation is the first when it comes before the one recorded.
CREATE TRIGGER first_participation_insert AFTER INSERT ON attendance WHEN NEW.role = 'participant'
BEGIN
  INSERT INTO first_participation (participant_id, session_id, local_date, start_utc)
  SELECT NEW.participant_id, s.id, s.local_date, s.start_utc FROM session s
   WHERE s.id = NEW.session_id AND s.status <> 'cancelled'
  ON CONFLICT (participant_id) DO UPDATE SET session_id = excluded.session_id, local_date = excluded.local_date,
     start_utc = excluded.start_utc
   WHERE (excluded.local_date, excluded.start_utc, excluded.session_id) < (local_date, start_utc, session_id);
END;

-- Removing the first participation: the next one becomes the first (if any).
CREATE TRIGGER first_participation_delete AFTER DELETE ON attendance
WHEN OLD.role = 'participant' AND EXISTS (SELECT 1 FROM first_participation f
                                           WHERE f.participant_id = OLD.participant_id AND f.session_id = OLD.session_id)
BEGIN
  DELETE FROM first_participation WHERE participant_id = OLD.participant_id;
  INSERT INTO first_participation (participant_id, session_id, local_date, start_utc)
  SELECT OLD.participant_id, s.id, s.local_date, s.start_utc FROM session s INDEXED BY session_by_local_date
   WHERE s.status <> 'cancelled' AND EXISTS (SELECT 1 FROM attendance b WHERE b.session_id = s.id
                                                AND b.participant_id = OLD.participant_id AND b.role = 'participant')
   ORDER BY s.local_date, s.start_utc, s.id LIMIT 1;
END;

-- A record moved to another session or participant, or given another role (merges): the old
-- side as a removal, the new side as an insertion.
CREATE TRIGGER first_participation_update AFTER UPDATE OF session_id, participant_id, role ON attendance
WHEN OLD.session_id IS NOT NEW.session_id OR OLD.participant_id IS NOT NEW.participant_id OR OLD.role IS NOT NEW.role
BEGIN
  DELETE FROM first_participation WHERE participant_id = OLD.participant_id AND session_id = OLD.session_id;
  INSERT INTO first_participation (participant_id, session_id, local_date, start_utc)
  SELECT OLD.participant_id, s.id, s.local_date, s.start_utc FROM session s INDEXED BY session_by_local_date
   WHERE NOT EXISTS (SELECT 1 FROM first_participation x WHERE x.participant_id = OLD.participant_id)
     AND s.status <> 'cancelled' AND EXISTS (SELECT 1 FROM attendance b WHERE b.session_id = s.id
                                                AND b.participant_id = OLD.participant_id AND b.role = 'participant')
   ORDER BY s.local_date, s.start_utc, s.id LIMIT 1;
  INSERT INTO first_participation (participant_id, session_id, local_date, start_utc)
  SELECT NEW.participant_id, s.id, s.local_date, s.start_utc FROM session s
   WHERE NEW.role = 'participant' AND s.id = NEW.session_id AND s.status <> 'cancelled'
  ON CONFLICT (participant_id) DO UPDATE SET session_id = excluded.session_id, local_date = excluded.local_date,
     start_utc = excluded.start_utc
   WHERE (excluded.local_date, excluded.start_utc, excluded.session_id) < (local_date, start_utc, session_id);
END;

-- A session cancelled, restored or moved: its participants whose first it was get their first
-- again; every participant of it, when it is not cancelled, may now have it as the first.
CREATE TRIGGER first_participation_session AFTER UPDATE OF status, local_date, start_utc ON session
WHEN OLD.status IS NOT NEW.status OR OLD.local_date IS NOT NEW.local_date OR OLD.start_utc IS NOT NEW.start_utc
BEGIN
  DELETE FROM first_participation WHERE session_id = NEW.id;
  INSERT INTO first_participation (participant_id, session_id, local_date, start_utc)
  SELECT a.participant_id, f.id, f.local_date, f.start_utc
    FROM attendance a JOIN session f ON f.id = (
         SELECT s.id FROM session s INDEXED BY session_by_local_date
          WHERE s.status <> 'cancelled' AND EXISTS (SELECT 1 FROM attendance b WHERE b.session_id = s.id
                                                       AND b.participant_id = a.participant_id AND b.role = 'participant')
          ORDER BY s.local_date, s.start_utc, s.id LIMIT 1)
   WHERE a.session_id = NEW.id AND a.role = 'participant'
     AND NOT EXISTS (SELECT 1 FROM first_participation x WHERE x.participant_id = a.participant_id);
  INSERT INTO first_participation (participant_id, session_id, local_date, start_utc)
  SELECT a.participant_id, NEW.id, NEW.local_date, NEW.start_utc FROM attendance a
   WHERE a.session_id = NEW.id AND a.role = 'participant' AND NEW.status <> 'cancelled'
  ON CONFLICT (participant_id) DO UPDATE SET session_id = excluded.session_id, local_date = excluded.local_date,
     start_utc = excluded.start_utc
   WHERE (excluded.local_date, excluded.start_utc, excluded.session_id) < (local_date, start_utc, session_id);
END;
)sql";

// 14: first_participation kept by the writers of attendance instead of per-row triggers. The
// triggers on attendance ran a program (and a session lookup) for every imported row: 0.42 s ->
// 0.64 s for 100k rows. Every writer now calls db::refresh_first_participation once per write
// batch (an import, a manual record or removal, a merge) and undo rebuilds the table. What
// is not a write to attendance keeps its trigger: a session changed (migration 13) or deleted
// (its attendance goes with it by cascade; those whose first it was get their next one), a
// participant deleted.
const char* const k_first_participation_batched = R"sql(
DROP TRIGGER first_participation_insert;
DROP TRIGGER first_participation_delete;
DROP TRIGGER first_participation_update;

CREATE TRIGGER first_participation_session_delete AFTER DELETE ON session
WHEN EXISTS (SELECT 1 FROM first_participation f WHERE f.session_id = OLD.id)
BEGIN
  INSERT INTO first_participation (participant_id, session_id, local_date, start_utc)
  SELECT f.participant_id, n.id, n.local_date, n.start_utc
    FROM first_participation f JOIN session n ON n.id = (
         SELECT s.id FROM session s INDEXED BY session_by_local_date
          WHERE s.id <> OLD.id AND s.status <> 'cancelled'
            AND EXISTS (SELECT 1 FROM attendance b WHERE b.session_id = s.id
                           AND b.participant_id = f.participant_id AND b.role = 'participant')
          ORDER BY s.local_date, s.start_utc, s.id LIMIT 1)
   WHERE f.session_id = OLD.id
  ON CONFLICT (participant_id) DO UPDATE SET session_id = excluded.session_id, local_date = excluded.local_date,
     start_utc = excluded.start_utc;
  DELETE FROM first_participation WHERE session_id = OLD.id;
END;

CREATE TRIGGER first_participation_participant_delete AFTER DELETE ON participant
BEGIN
  DELETE FROM first_participation WHERE participant_id = OLD.id;
END;
)sql";

// 15: the history triggers (migration 8) become TEMP triggers of the connections that write.
// SQLite parses the whole schema when a connection prepares its first statement, and the
// generated history triggers were most of it (51 of 123 objects, 9.3M of a listing's 20M
// instructions): every read-only command parsed them for nothing. Their text is kept here,
// written by install_history_triggers (which runs after every migration and drops the
// persistent ones), and a connection loads them before its first write
// (load_history_triggers).
const char* const k_history_temp_triggers = R"sql(
CREATE TABLE history_trigger (
  name TEXT PRIMARY KEY, -- history_TABLE_insert|update|delete
  tbl  TEXT NOT NULL,    -- the table it watches
  sql  TEXT NOT NULL     -- CREATE TEMP TRIGGER ...
) WITHOUT ROWID;
)sql";

} // namespace

// 16: session numbers given by the schedule import's writer. Migration 4's triggers numbered
// every inserted session with two UPDATEs (the series' counter, then the new row), each one a
// history change: 44% of a 5,000-session schedule import. db::ScheduleWriter now reserves a range
// of numbers with one update of the series' counter and inserts each session with its number;
// session_number_kept then has nothing to do (the number is within the counter), so it only
// runs when an inserted number is above it. The rule is unchanged: an insert without a number
// still takes last_session_number + 1, the counter never goes back (history.cpp: is_counter),
// so a number once given is never given again.
const char* const k_session_number_reserved = R"sql(
DROP TRIGGER session_number_kept;
CREATE TRIGGER session_number_kept AFTER INSERT ON session
  WHEN NEW.number IS NOT NULL AND NEW.number > (SELECT last_session_number FROM series WHERE id = NEW.series_id)
BEGIN
  UPDATE series SET last_session_number = NEW.number WHERE id = NEW.series_id;
END;
)sql";

// 17: session_person becomes a rowid table. WITHOUT ROWID, each presenter and facilitator a
// schedule import wrote went through a per-row history trigger (a change_row row each: 10,000
// for a 5,000-session file, ~335M of its 1.3G instructions); with a rowid the history finds the
// new rows by rowid at the end of the write (log_inserts), one change_row row per table. The
// primary key (session_id, role, participant_id) stays as a unique constraint, with its
// indexes. The history kept of the table before keys its rows by a JSON array of that key:
// the rows that still exist are keyed by their new rowid (what undo now looks them up by); an
// update that moved a row to another participant keeps its old key, which earlier entries name.
const char* const k_session_person_rowid = R"sql(
CREATE TABLE session_person_new (
  session_id     INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  participant_id INTEGER NOT NULL REFERENCES participant(id),
  role           TEXT NOT NULL CHECK (role = 'presenter' OR role = 'facilitator'),
  position       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, role, participant_id)
);
INSERT INTO session_person_new (session_id, participant_id, role, position)
  SELECT session_id, participant_id, role, position FROM session_person ORDER BY session_id, role, participant_id;
DROP TABLE session_person;
ALTER TABLE session_person_new RENAME TO session_person;
CREATE UNIQUE INDEX session_one_facilitator ON session_person(session_id) WHERE role = 'facilitator';
CREATE INDEX session_person_by_participant ON session_person(participant_id);

UPDATE change_row
   SET old_key = CASE WHEN op = 'update' AND old_key IS row_key THEN (
                   SELECT CAST(p.rowid AS TEXT) FROM session_person p
                    WHERE p.session_id = json_extract(change_row.row_key, '$[0]')
                      AND p.role = json_extract(change_row.row_key, '$[1]')
                      AND p.participant_id = json_extract(change_row.row_key, '$[2]'))
                 ELSE old_key END,
       row_key = (SELECT CAST(p.rowid AS TEXT) FROM session_person p
                   WHERE p.session_id = json_extract(change_row.row_key, '$[0]')
                     AND p.role = json_extract(change_row.row_key, '$[1]')
                     AND p.participant_id = json_extract(change_row.row_key, '$[2]'))
 WHERE tbl = 'session_person' AND op IN ('insert', 'update') AND json_valid(row_key)
   AND json_type(row_key) = 'array'
   AND EXISTS (SELECT 1 FROM session_person p
                WHERE p.session_id = json_extract(change_row.row_key, '$[0]')
                  AND p.role = json_extract(change_row.row_key, '$[1]')
                  AND p.participant_id = json_extract(change_row.row_key, '$[2]'));
)sql";

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all{
      {1, "core", k_core},
      {2, "proposals and audit log", k_proposals_audit},
      {3, "attendance without the by-participant index", k_drop_attendance_by_participant},
      {4, "stable session numbers (CODE/N)", k_session_number},
      {5, "sessions marked held without attendance", k_session_marked_held},
      {6, "import ledger remembers the Zoom meeting", k_import_meeting},
      {7, "attendance from Teams and Meet", k_attendance_sources},
      {8, "history of changes for log and undo", k_history},
      {9, "certificate register", k_certificates},
      {10, "competency domains of series and sessions", k_domains},
      {11, "registrations for sessions and series", k_registrations},
      {12, "survey evaluations", k_evaluations},
      {13, "first participation of each participant, kept by triggers", k_first_participation},
      {14, "first participation refreshed once per write batch", k_first_participation_batched},
      {15, "history triggers loaded by writing connections only", k_history_temp_triggers},
      {16, "session numbers reserved by the schedule import", k_session_number_reserved},
      {17, "session_person with a rowid: its new rows logged by rowid", k_session_person_rowid},
  };
  return all;
}

int latest_schema_version() { return migrations().back().version; }

} // namespace echo::db
