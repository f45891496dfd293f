#pragma once
// Attendance, its raw intervals, unmatched import rows and the import ledger. Statements used
// once per imported row are prepared once and reused.

#include "echo/db/database.hpp"
#include "echo/domain/attendance.hpp"
#include "echo/domain/session.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace echo::db {

struct ImportRecord {
  std::int64_t id = 0;
  std::string file_name;
  std::string imported_at;
};

struct SessionTime {
  std::int64_t id = 0;
  std::int64_t series_id = 0;
  std::string start_utc;
  int duration = 0;
  domain::SessionStatus status = domain::SessionStatus::scheduled;
};

// An interval stored for an attendance row, with the import that wrote it (none: manual).
struct StoredInterval {
  std::string join_utc;
  std::string leave_utc;
  std::optional<std::int64_t> import_id;
};

// An attendance row as stored, with its intervals.
struct StoredAttendance {
  std::int64_t participant_id = 0;
  domain::Role role = domain::Role::participant;
  std::int64_t minutes = 0;
  domain::Source source = domain::Source::manual;
  std::vector<StoredInterval> intervals;
};

// A set of row ids, cheap to add to once per imported row: a bitmap for the dense ids SQLite
// hands out, a hash set for the rare large one.
class IdSet {
public:
  void insert(std::int64_t id) {
    if (id >= 0 && id < k_dense) {
      const auto i = static_cast<std::size_t>(id);
      if (i >= m_dense.size()) m_dense.resize(std::max<std::size_t>(i + 1, m_dense.size() * 2));
      if (!m_dense[i]) ++m_count;
      m_dense[i] = true;
    } else if (m_sparse.insert(id).second) {
      ++m_count;
    }
  }
  [[nodiscard]] std::vector<std::int64_t> ids() const;
  [[nodiscard]] bool contains(std::int64_t id) const {
    if (id >= 0 && id < k_dense)
      return static_cast<std::size_t>(id) < m_dense.size() && m_dense[static_cast<std::size_t>(id)];
    return m_sparse.count(id) != 0;
  }
  [[nodiscard]] bool empty() const { return m_count == 0; }
  void clear() {
    m_dense.clear();
    m_sparse.clear();
    m_count = 0;
  }

private:
  static constexpr std::int64_t k_dense = std::int64_t{1} << 24; // at most 2 MiB of bits
  std::vector<bool> m_dense;
  std::unordered_set<std::int64_t> m_sparse;
  std::size_t m_count = 0;
};

// first_participation (each participant's first participation: role participant, session not
// cancelled, first by local date, start, id) after a batch of writes to attendance: the rows of
// `sessions` were added, removed or given another role, and every row of `participants` may
// have moved (merge). Recomputes the participants whose first is gone, then lets the rows of
// the sessions written become the first where they come earlier; the whole table when that is
// cheaper. Every writer of attendance calls it once per write batch (AttendanceRepo does for
// its own writes).
void refresh_first_participation(Database& db, const std::vector<std::int64_t>& sessions,
                                 const std::vector<std::int64_t>& participants);
// The whole table from attendance (undo, which may touch any row).
void rebuild_first_participation(Database& db);

class AttendanceRepo {
public:
  explicit AttendanceRepo(Database& db);
  ~AttendanceRepo();
  AttendanceRepo(const AttendanceRepo&) = delete;
  AttendanceRepo& operator=(const AttendanceRepo&) = delete;

  // Ledger: the earlier import of this content (hash + kind, for this session or, when
  // session_id is nullopt, for no particular session).
  std::optional<ImportRecord> find_import(const std::string& hash, const std::string& kind,
                                          std::optional<std::int64_t> session_id);
  // The row count and the Zoom meeting (ID and start, UTC; none when empty) are written with
  // the row when known, saving an update of the ledger (and its history row) per import.
  std::int64_t add_import(const std::string& kind, const std::string& hash, const std::string& file_name,
                          std::optional<std::int64_t> series_id, std::optional<std::int64_t> session_id,
                          const std::string& actor, std::int64_t rows = 0, const std::string& meeting_id = {},
                          const std::string& meeting_start_utc = {});
  // Records the Zoom meeting an import read (its ID and start, UTC).
  void set_import_meeting(std::int64_t import_id, const std::string& meeting_id, const std::string& start_utc);
  struct MeetingImport {
    std::string file_name;
    std::string start_utc;
    std::int64_t session_id = 0;
  };
  // Earlier imports of the meeting with this ID, oldest first.
  std::vector<MeetingImport> meeting_imports(const std::string& meeting_id);
  // The kind of an import ("attendance:zoom", ...), empty when there is no such import.
  std::string import_kind(std::int64_t import_id);
  void set_import_rows(std::int64_t import_id, std::int64_t rows);
  // --replace: removes what imports other than `keep_import` recorded for the session:
  // imported attendance (manual rows stay), imported intervals, unmatched rows, ledger rows.
  void clear_imports_for_session(std::int64_t session_id, std::int64_t keep_import);

  std::optional<SessionTime> session_time(std::int64_t session_id);
  // Scheduled (not cancelled) sessions starting in [from_utc, to_utc], optionally of one series.
  std::vector<SessionTime> sessions_starting_between(const std::string& from_utc, const std::string& to_utc,
                                                     std::optional<std::int64_t> series_id);
  // The `limit` sessions whose start is closest to utc.
  std::vector<SessionTime> sessions_nearest(const std::string& utc, std::optional<std::int64_t> series_id, int limit);
  // Session ids of a series by N of CODE/N (session.number): ids[N - 1] is CODE/N, 0 where no
  // session has that number (it was deleted).
  std::vector<std::int64_t> series_session_ids(std::int64_t series_id);
  // The attendance rows of a session with their intervals, by participant id.
  std::vector<StoredAttendance> session_attendance(std::int64_t session_id);
  // participant id -> presenter/facilitator for the session.
  std::map<std::int64_t, domain::Role> session_roles(std::int64_t session_id);
  // The same for every session of a series at once, and the series' sessions (an import by
  // CODE/N reads them once per series, not once per session).
  std::map<std::int64_t, std::map<std::int64_t, domain::Role>> series_roles(std::int64_t series_id);
  // With ids_by_number, also series_session_ids' answer from the same read.
  std::vector<SessionTime> series_sessions(std::int64_t series_id, std::vector<std::int64_t>* ids_by_number = nullptr);
  // session_attendance for several sessions in one query, by session id.
  std::map<std::int64_t, std::vector<StoredAttendance>> sessions_attendance(const std::vector<std::int64_t>& ids);
  // The cancelled sessions among these ids (one query).
  std::vector<std::int64_t> cancelled_among(const std::vector<std::int64_t>& ids);

  // Inside a write transaction, for bulk imports: defers foreign-key checks to the commit (when
  // they are on), enlarges the page cache, lets upsert_minutes write in batches and refreshes
  // first_participation once at the end, not after each write. end_bulk writes what is held
  // back, refreshes first_participation and restores the cache size; the destructor (on an error path)
  // restores it and drops what is held back, for the transaction is being rolled back.
  void begin_bulk();
  void end_bulk();
  // For Database::write_unenforced_keys: throws (rolling the write back) unless every session,
  // participant and import that attendance written through this repository refers to exists.
  // One probe per distinct key, not per row.
  void verify_keys();
  // Imported attendance with intervals: the row (created with 0 minutes when new; the role
  // only ever strengthened); returns its id.
  std::int64_t upsert_for_interval(std::int64_t session_id, std::int64_t participant_id, domain::Role role,
                                   domain::Source source);
  // Adds an interval unless the attendance already has exactly this one.
  void add_interval(std::int64_t attendance_id, std::optional<std::int64_t> import_id, const std::string& join_utc,
                    const std::string& leave_utc);
  // Imported attendance given as minutes: the larger of the stored and the new minutes. In bulk
  // mode rows are written in batches; any other call writes what is held back first.
  void upsert_minutes(std::int64_t session_id, std::int64_t participant_id, domain::Role role, domain::Source source,
                      std::int64_t minutes);
  // Sets minutes = max(minutes, union of intervals) for every attendance row with an interval
  // from this import (or, with attendance_id, for that row only). Streams; constant memory.
  void recompute_minutes_for_import(std::int64_t import_id);
  void recompute_minutes(std::int64_t attendance_id);
  void recompute_minutes_for_participant(std::int64_t participant_id);
  // Adds an unmatched row unless an unresolved one for the session with the same name key and
  // the same intervals (or, without intervals, the same minutes) exists; returns that row's id.
  std::int64_t add_unmatched(std::int64_t session_id, std::optional<std::int64_t> import_id, const std::string& name,
                             const std::string& name_key, domain::Role role, std::int64_t minutes,
                             const std::string& intervals_json, const std::string& file, std::int64_t line);
  // session id -> participant-role rows at or above min_minutes, for the given sessions.
  std::map<std::int64_t, std::int64_t> eligible_counts(int min_minutes, const std::vector<std::int64_t>& session_ids);

  // Manual record: creates or overwrites minutes (and role when given) and marks the row source
  // 'manual', so imports (and --replace) keep it and never recompute its minutes. True when created.
  bool record(std::int64_t session_id, std::int64_t participant_id, std::int64_t minutes, domain::Role role);
  // Current row of a participant at a session.
  std::optional<domain::AttendanceEntry> find(std::int64_t session_id, std::int64_t participant_id, int min_minutes);
  // Deletes the row (and its intervals); false when there was none.
  bool remove(std::int64_t session_id, std::int64_t participant_id);
  // Rows ordered by session start then name.
  std::vector<domain::AttendanceEntry> list(std::optional<std::int64_t> session_id,
                                            std::optional<std::int64_t> participant_id, int min_minutes);
  // Unresolved unmatched rows (all with include_resolved), by session then name.
  std::vector<domain::UnmatchedEntry> unmatched(bool include_resolved);
  std::optional<domain::UnmatchedEntry> unmatched_row(std::int64_t id);
  void mark_resolved(std::int64_t unmatched_id, std::int64_t participant_id);

private:
  struct PendingMinutes;
  struct Statements;
  static constexpr std::size_t k_minutes_batch = 16;
  // Writes the rows upsert_minutes holds back in bulk mode.
  void flush_minutes();
  void write_minutes(const PendingMinutes* rows, std::size_t count);
  void discard_bulk() noexcept;
  // A write to the session's attendance: first_participation is refreshed now, or in bulk
  // mode by end_bulk.
  void changed(std::int64_t session_id);
  void refresh_changed();
  // first_participation for the participant-role rows bulk mode inserted new (the rows of
  // sessions also marked changed are left to refresh_first_participation).
  void add_new_participations();
  // Every other access goes through here, so that nothing reads attendance with rows held back.
  template <class F> decltype(auto) run(F&& fn) {
    flush_minutes();
    return m_db.read(std::forward<F>(fn));
  }
  Database& m_db;
  std::unique_ptr<Statements> m_st;
  std::string m_now; // one timestamp for everything this repository writes
  bool m_bulk = false;
  int m_cache_size = -2000;
  // Keys written by imports, for verify_keys.
  IdSet m_sessions_written;
  IdSet m_participants_written;
  IdSet m_imports_written;
  // Sessions whose attendance rows changed since first_participation was last refreshed.
  IdSet m_changed_sessions;
};

} // namespace echo::db
