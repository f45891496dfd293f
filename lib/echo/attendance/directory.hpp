#pragma once
// What the attendance planner reads of the hub: participants (by email, by folded name, their
// aliases), sessions (by start window, by CODE/N, their presenters and facilitators), the
// attendance already recorded and the import ledger. A read-only interface: DbDirectory reads the
// database; the unit tests give an in-memory one (tests/unit/attendance_memory_directory.hpp).

#include "echo/db/attendance_repo.hpp"
#include "echo/db/database.hpp"
#include "echo/db/participant_repo.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace echo::attendance {

struct EmailHit {
  std::int64_t id = 0;
  bool unnamed = false; // the participant has no name yet (created as a presenter by email)
};

// A series as a session column's CODE names it.
struct SeriesSessions {
  std::int64_t id = 0;
  std::string code;              // as stored
  std::vector<std::int64_t> ids; // ids[N - 1]: the id of CODE/N (0: no such session)
};

using StoredInterval = db::StoredInterval;
using StoredAttendance = db::StoredAttendance;

class Directory {
public:
  virtual ~Directory() = default;

  // People. by_email: the participant whose email or email alias is `email` (normalised,
  // util::normalize_email). by_name_key: ids whose name or name alias folds to `key`, lowest first.
  virtual std::optional<EmailHit> by_email(const std::string& email) = 0;
  virtual std::vector<std::int64_t> by_name_key(const std::string& key) = 0;

  // Sessions. Scheduled (not cancelled) sessions starting in [from, to] (UTC text), optionally of
  // one series; the `limit` sessions nearest `utc`; one session by id; its CODE/N.
  virtual std::vector<db::SessionTime> sessions_starting_between(const std::string& from_utc, const std::string& to_utc,
                                                                 std::optional<std::int64_t> series_id) = 0;
  virtual std::vector<db::SessionTime> sessions_nearest(const std::string& utc, std::optional<std::int64_t> series_id,
                                                        int limit) = 0;
  virtual std::optional<db::SessionTime> session(std::int64_t id) = 0;
  virtual std::string session_ref(std::int64_t id) = 0;
  // The series named by `code` (Error when there is none, its message naming the code).
  virtual SeriesSessions series(const std::string& code) = 0;
  // participant id -> presenter/facilitator of the session.
  virtual std::map<std::int64_t, domain::Role> session_hosts(std::int64_t session_id) = 0;
  // The attendance rows stored for the session (for the figures of a plan).
  virtual std::vector<StoredAttendance> attendance(std::int64_t session_id) = 0;
  // The same for several sessions (by session id; sessions without rows may be left out).
  virtual std::map<std::int64_t, std::vector<StoredAttendance>> attendance_of(const std::vector<std::int64_t>& ids) {
    std::map<std::int64_t, std::vector<StoredAttendance>> out;
    for (const auto id : ids) out.emplace(id, attendance(id));
    return out;
  }

  // Ledger: the earlier import of this content (for this session, or for no particular session);
  // the earlier imports of a Zoom meeting, oldest first.
  virtual std::optional<db::ImportRecord> find_import(const std::string& hash, const std::string& kind,
                                                      std::optional<std::int64_t> session_id) = 0;
  virtual std::vector<db::AttendanceRepo::MeetingImport> meeting_imports(const std::string& meeting_id) = 0;
};

// The Directory of a database.
class DbDirectory final : public Directory {
public:
  explicit DbDirectory(db::Database& db);
  std::optional<EmailHit> by_email(const std::string& email) override;
  std::vector<std::int64_t> by_name_key(const std::string& key) override;
  std::vector<db::SessionTime> sessions_starting_between(const std::string& from_utc, const std::string& to_utc,
                                                         std::optional<std::int64_t> series_id) override;
  std::vector<db::SessionTime> sessions_nearest(const std::string& utc, std::optional<std::int64_t> series_id,
                                                int limit) override;
  std::optional<db::SessionTime> session(std::int64_t id) override;
  std::string session_ref(std::int64_t id) override;
  SeriesSessions series(const std::string& code) override;
  std::map<std::int64_t, domain::Role> session_hosts(std::int64_t session_id) override;
  std::vector<StoredAttendance> attendance(std::int64_t session_id) override;
  std::map<std::int64_t, std::vector<StoredAttendance>> attendance_of(const std::vector<std::int64_t>& ids) override;
  std::optional<db::ImportRecord> find_import(const std::string& hash, const std::string& kind,
                                              std::optional<std::int64_t> session_id) override;
  std::vector<db::AttendanceRepo::MeetingImport> meeting_imports(const std::string& meeting_id) override;

private:
  db::Database& m_db;
  db::ParticipantRepo m_people;
  db::AttendanceRepo m_att;
  // The directory lives for one plan, inside its transaction: what it read stays true. A series
  // named by CODE/N has its sessions and their presenters and facilitators read once for all.
  std::unordered_map<std::int64_t, db::SessionTime> m_sessions;                   // of the series read
  std::unordered_map<std::int64_t, std::map<std::int64_t, domain::Role>> m_hosts; // of their sessions
  // by_email: asked of the database one email at a time until the plan has asked about a
  // sixteenth as many emails as the hub has participants, then answered from every email read
  // in one pass (normalized email -> id, unnamed), as registration import does.
  std::int64_t m_email_lookups = 0;
  std::int64_t m_email_lookups_before_load = 0;
  std::int64_t m_participants_bound = 0; // the highest participant id
  bool m_emails_loaded = false;
  std::unordered_map<std::string, std::pair<std::int64_t, bool>> m_emails;
};

} // namespace echo::attendance
