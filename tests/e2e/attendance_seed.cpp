#include "attendance_seed.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace echo::test {

void seed_sql(const Hub& hub, const std::string& sql) {
  SQLite::Database db(hub.database().string(), SQLite::OPEN_READWRITE);
  db.exec("PRAGMA foreign_keys = ON");
  db.exec(sql);
  // Attendance written with SQL: first_participation as echo's own writers leave it (the
  // migration 13 query).
  db.exec(R"sql(
    DELETE FROM first_participation;
    INSERT INTO first_participation (participant_id, session_id, local_date, start_utc)
    SELECT participant_id, session_id, local_date, start_utc FROM (
      SELECT a.participant_id, s.id AS session_id, s.local_date, s.start_utc,
             row_number() OVER (PARTITION BY a.participant_id ORDER BY s.local_date, s.start_utc, s.id) AS k
        FROM attendance a JOIN session s ON s.id = a.session_id
       WHERE a.role = 'participant' AND s.status <> 'cancelled')
     WHERE k = 1;)sql");
}

void seed_pc2026(const Hub& hub) {
  const auto add = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"participant", "add"});
    const auto r = hub.run(args);
    REQUIRE_MESSAGE(r.code == 0, r);
  };
  add({"--name", "Alice Lee", "--email", "a.lee@example.org", "--profession", "Physician", "--organization",
       "BC Centre for Palliative Care", "--region", "Vancouver Coastal Health"});
  add({"--name", "Maria Chen", "--email", "m.chen@example.org", "--profession", "Nurse", "--region", "Fraser Health"});
  add({"--name", "Émile Dubé", "--email", "emile.dube@northernhealth.example.ca", "--profession", "Nurse Practitioner",
       "--region", "Northern Health", "--rural"});
  add({"--name", "Priya Sharma", "--email", "priya.sharma@fraserhealth.example.ca", "--profession", "Pharmacist",
       "--region", "Fraser Health"});
  add({"--name", "Thomas Nguyen", "--profession", "Social Worker", "--region", "Interior Health", "--rural"});
  seed_sql(hub, R"sql(
    INSERT INTO series (id, code, title, timezone, start_date, start_time, duration, repeat, weekday, count,
                        created_at, updated_at)
    VALUES (1, 'pc-2026', 'Palliative Care ECHO 2026', 'America/Vancouver', '2026-01-13', '12:00', 60,
            'biweekly', 2, 10, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
    INSERT INTO session (id, series_id, key, origin, local_date, local_time, start_utc, duration, topic, status,
                         created_at, updated_at) VALUES
      (1, 1, '2026-01-13', 'schedule', '2026-01-13', '12:00', '2026-01-13T20:00:00Z', 60, 'Goals of care', 'scheduled', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
      (2, 1, '2026-01-27', 'schedule', '2026-01-27', '12:00', '2026-01-27T20:00:00Z', 60, 'Pain', 'scheduled', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
      (3, 1, '2026-02-10', 'schedule', '2026-02-10', '12:00', '2026-02-10T20:00:00Z', 60, 'Dyspnea', 'scheduled', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
      (4, 1, '2026-02-24', 'schedule', '2026-02-24', '12:00', '2026-02-24T20:00:00Z', 60, 'Delirium', 'cancelled', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
    INSERT INTO session_person (session_id, participant_id, role, position)
      SELECT 1, id, 'presenter', 0 FROM participant WHERE email = 'a.lee@example.org';
    INSERT INTO session_person (session_id, participant_id, role, position)
      SELECT 1, id, 'facilitator', 0 FROM participant WHERE email = 'm.chen@example.org';
  )sql");
}

} // namespace echo::test
