#pragma once
// Registrations: a participant registered for one session or for a whole series (cohort
// enrolment, registered for every session of it). Adding, listing, removing, the empty
// participant fields a registration form fills, and the figures of `report registrations`.

#include "echo/db/database.hpp"
#include "echo/report/report.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::db {

// A registration's target: exactly one of session_id and series_id.
struct RegistrationTarget {
  std::optional<std::int64_t> session_id;
  std::optional<std::int64_t> series_id;
};

struct RegistrationEntry {
  std::int64_t id = 0;
  std::optional<std::string> session; // CODE/N for a session registration, else null
  std::string series;                 // the series' code (of the session, or registered for)
  std::optional<std::string> email;
  std::string name;
  std::optional<std::string> registered_at; // UTC
  std::optional<std::string> approval;
  std::string source;
};

class RegistrationRepo {
public:
  explicit RegistrationRepo(Database& db);

  // Adds a registration; false (nothing written) when the participant is registered for that
  // target already.
  bool add(const RegistrationTarget& target, std::int64_t participant_id,
           const std::optional<std::string>& registered_at, const std::optional<std::string>& approval,
           const std::string& source, const std::string& file_name);
  // The registration of the participant for exactly that target, nullopt when none.
  std::optional<std::int64_t> find(const RegistrationTarget& target, std::int64_t participant_id);
  void remove(std::int64_t id);
  // Registrations, by series, session number, name. A session filter also lists the
  // registrations for its series (they count for the session).
  std::vector<RegistrationEntry> list(std::optional<std::int64_t> session_id, std::optional<std::int64_t> series_id,
                                      std::optional<std::int64_t> participant_id);
  // Fills the participant's empty (NULL or blank) profession, organization and region with the
  // given values (empty ones are skipped); a field already filled is never overwritten. True
  // when something was filled.
  bool fill_empty(std::int64_t participant_id, const std::string& profession, const std::string& organization,
                  const std::string& region);

private:
  Database& m_db;
  std::optional<SQLite::Statement> m_find_session, m_find_series, m_insert, m_fill;
};

// One row of `report registrations`: a session of the period.
struct RegistrationReportRow {
  std::string session; // CODE/N
  std::string series;
  std::string date; // local date
  bool held = false;
  std::int64_t registered = 0;          // distinct participants registered for it or its series
  std::optional<std::int64_t> attended; // participant-role attendance (held sessions only)
  std::optional<std::int64_t> no_shows; // registered, no attendance in any role (held only)
  std::optional<std::int64_t> walk_ins; // participant-role attendance without registration (held only)
};

// A group (a series, a profession, a region) of the registrations at held sessions.
struct RegistrationGroupRow {
  std::string name;
  std::int64_t registered = 0; // registrations (person x held session)
  std::int64_t attended = 0;   // of them, attended
  std::int64_t no_shows = 0;
  std::int64_t walk_ins = 0; // participant-role attendance without registration
};

// Someone registered for two or more sessions of the period who attended none of the held ones.
struct NeverAttendedRow {
  std::optional<std::string> email;
  std::string name;
  std::int64_t registered_sessions = 0; // sessions of the period they were registered for
  std::int64_t held_sessions = 0;       // of them, held
};

struct RegistrationReport {
  std::vector<RegistrationReportRow> sessions;
  std::vector<RegistrationGroupRow> series, by_profession, by_region;
  std::vector<NeverAttendedRow> never_attended;
};

// The figures of `report registrations` for the period. Profession and region come from
// temp.participant_ref when the connection has it (db::load_reference), else from the
// participant's own fields, trimmed.
RegistrationReport report_registrations(Database& db, const report::Params& params);

} // namespace echo::db
