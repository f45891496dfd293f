#pragma once
// Session rows, the people named on them and case presentations. Listings are set-based: one
// query for the sessions and one for all their presenters.

#include "echo/db/database.hpp"
#include "echo/domain/session.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace echo::db {

struct SessionFilter {
  std::optional<std::int64_t> series_id;
  std::optional<std::int64_t> session_id;
  std::optional<std::string> from;             // local date, inclusive
  std::optional<std::string> to;               // local date, inclusive
  std::optional<domain::SessionStatus> status; // nullopt: any
};

// Sessions with position (CODE/N), presenters and facilitator, by start time.
std::vector<domain::Session> list_sessions(Database& db, const SessionFilter& filter);

// Marks the session held without attendees (or takes the mark back).
void set_marked_held(Database& db, std::int64_t session_id, bool held);
// One session by id with everything list_sessions gives; Error(failure) when none.
domain::Session get_session(Database& db, std::int64_t id);
// True when the series has a session with this key.
bool session_key_exists(Database& db, std::int64_t series_id, const std::string& key);

// Inserts the session's row (not its people); Error(failure) when its key exists in the series.
std::int64_t insert_session(Database& db, const domain::Session& s);
// Writes the row's columns (key, times, duration, topic, status, reason) by id.
void update_session(Database& db, const domain::Session& s);
// Replaces the presenters (participant ids, in order).
void set_presenters(Database& db, std::int64_t session_id, const std::vector<std::int64_t>& participant_ids);
// Replaces the session's own competency domains (codes, sorted; empty: the series' stand).
void set_session_domains(Database& db, std::int64_t session_id, const std::vector<std::string>& codes);
// Replaces the facilitator (nullopt removes it).
void set_facilitator(Database& db, std::int64_t session_id, std::optional<std::int64_t> participant_id);
// Deletes the session (cascades to its people, cases and attendance).
void delete_session(Database& db, std::int64_t session_id);
// Attendance records of the session.
int attendance_count(Database& db, std::int64_t session_id);
// Session id -> attendance records, for the sessions of a series that have any (one query).
std::map<std::int64_t, int> attendance_counts(Database& db, std::int64_t series_id);

std::int64_t add_case(Database& db, std::int64_t session_id, std::int64_t presenter_id, const std::string& title);
std::vector<domain::CasePresentation> list_cases(Database& db, std::int64_t session_id);

// Import ledger (import_file): true when this content was already recorded for kind and series.
bool import_recorded(Database& db, const std::string& kind, const std::string& hash, std::int64_t series_id);
void record_import(Database& db, const std::string& kind, const std::string& hash, const std::string& file_name,
                   std::int64_t series_id, int rows, const std::string& actor);

// True when this content was imported for the series (kind, hash) and, since the write that
// recorded it, the history (change_row) shows no change to the series, its sessions, their
// people and domains, or any participant but new ones; when every email of `emails` is someone's
// own address; and when no two live sessions of the series share a start. False when unsure (no
// history of that write, or more than a bounded number of later changes to look through).
bool schedule_untouched_since_import(Database& db, const std::string& kind, const std::string& hash,
                                     std::int64_t series_id, const std::vector<std::string>& emails);

// The writes of a schedule import, each statement prepared once for the whole file.
class ScheduleWriter {
public:
  explicit ScheduleWriter(Database& db) : m_db(db), m_now(now_text()) {}
  // Reserves the next `count` numbers (N of CODE/N) of the series with one update of its
  // counter (series.last_session_number, which never goes back); insert_session gives them in
  // order to the series' new sessions, exactly as numbering each insert would have.
  void reserve_numbers(std::int64_t series_id, std::int64_t count);
  // Inserts the session's row (the key is new: the planner checked it); returns its id. Its
  // number is the series' next reserved one (without one left: the last given + 1, by the
  // schema's trigger).
  std::int64_t insert_session(const domain::Session& s);
  // Writes the row's columns (key, times, duration, topic, status, reason, origin) by id.
  void update_session(const domain::Session& s);
  // The participant an email names (created with just the email when new), or, for another
  // reference (an id or an email alias), the one it names (Error(failure) when none).
  std::int64_t participant(const std::string& ref);
  // Replace the session's presenters, facilitator, domains; `fresh`: a session inserted by this
  // writer (nothing to replace).
  // The people of a fresh session are written in batches (see finish()), in the order given.
  void set_presenters(std::int64_t session_id, const std::vector<std::int64_t>& ids, bool fresh);
  void set_facilitator(std::int64_t session_id, std::optional<std::int64_t> participant_id, bool fresh);
  void set_domains(std::int64_t session_id, const std::vector<std::string>& codes, bool fresh);
  // Writes what is still batched. Call it once the sessions are written, before anything else
  // reads their people.
  void finish();

private:
  // A session_person row of a fresh session, waiting for its batch.
  struct PersonRow {
    std::int64_t session_id = 0;
    std::int64_t participant_id = 0;
    const char* role = "";
    int position = 0;
  };
  void flush_people();
  std::vector<PersonRow> m_people; // in insertion order
  struct Numbers {
    std::int64_t next = 0; // the next number to give
    std::int64_t last = 0; // the last number reserved
  };
  Database& m_db;
  std::string m_now;                         // one timestamp for every row the import writes
  std::map<std::int64_t, Numbers> m_numbers; // by series id
  std::optional<SQLite::Statement> m_insert, m_update, m_by_email, m_by_id, m_new_person, m_del_presenters,
      m_add_presenter, m_del_facilitator, m_add_facilitator, m_domains, m_del_domains, m_add_domain, m_add_people,
      m_add_person;
};

} // namespace echo::db
