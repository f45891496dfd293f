#pragma once
// Registrations: a participant registered for one session or for a whole series (cohort
// enrolment, registered for every session of it). Adding, listing, removing, the empty
// participant fields a registration form fills, and the figures of `report registrations`.

#include "echo/db/database.hpp"
#include "echo/domain/registration.hpp"
#include "echo/domain/report.hpp"

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
  // Bulk form of add() for an import: the row is queued and written with the rows queued after
  // it in one multi-row INSERT (a statement a row, its start, cursors and halt, was half of an
  // import's instructions). flush() writes what is queued and returns how many rows of all those
  // queued since the last flush were added (the others were registered already). Rows are
  // written in the order queued, so ids are as add() would give them.
  void queue(const RegistrationTarget& target, std::int64_t participant_id, std::optional<std::string> registered_at,
             std::optional<std::string> approval, const std::string& source, const std::string& file_name);
  std::int64_t flush();
  // The session numbered `number` of the series, nullopt when none (prepared once: an import
  // looks up each session it names).
  std::optional<std::int64_t> session_numbered(std::int64_t series_id, std::int64_t number);
  // For a write with SQLite's key checks off (Database::write_unenforced_keys): Error(failure)
  // when one of these ids has no row in its table.
  void verify_keys(const std::vector<std::int64_t>& participants, const std::vector<std::int64_t>& sessions,
                   const std::vector<std::int64_t>& series);
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
  std::string m_now; // one timestamp for every row it writes (was one clock read per row: 7% of an import)
  std::optional<SQLite::Statement> m_find_session, m_find_series, m_insert, m_fill, m_batch, m_session_numbered;
  std::string m_insert_source, m_insert_file; // what m_insert's constant parameters are bound to
  struct Pending {
    std::int64_t participant = 0;
    std::optional<std::int64_t> session, series;
    std::optional<std::string> registered_at, approval;
  };
  std::vector<Pending> m_pending;
  std::string m_pending_source, m_pending_file;
  std::int64_t m_queued_added = 0; // rows added by batches written since the last flush()
  void write_batch(std::size_t from, std::size_t count);
};

// The report's rows and figures live in domain/registration.hpp; these names stay for the
// presenters (registration/report.hpp).
using domain::NeverAttendedRow;
using domain::RegistrationGroupRow;
using domain::RegistrationReport;
using domain::RegistrationReportRow;

// The rows of `report registrations` for the period: its sessions, one fact per person and
// session they registered for or attended, and who those people are. Profession and region come
// from temp.participant_ref when the connection has it (db::load_reference), else from the
// participant's own fields, trimmed. The report service makes the figures.
domain::RegistrationRows report_registrations(Database& db, const domain::Params& params);

// The session rows alone of `report registrations` (what its json, jsonl, csv and tsv print),
// counted by SQLite in one statement: registered (for the session or its series), and for held
// sessions attended, no-shows and walk-ins; in the report's order (start, series code, id).
std::vector<domain::RegistrationReportRow> report_registration_sessions(Database& db, const domain::Params& params);

} // namespace echo::db
