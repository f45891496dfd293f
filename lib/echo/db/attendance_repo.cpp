#include "echo/db/attendance_repo.hpp"

#include "echo/db/columns.hpp"
#include "echo/db/rules.hpp"

#include "echo/domain/intervals.hpp"
#include "echo/util/time.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sqlite3.h>

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace echo::db {

namespace {

// Session references CODE/N for every session (N as stored: session.number).
const std::string k_positions = R"sql(
  WITH pos AS (
    SELECT s.id AS id, )sql" + rules::session_ref("r", "s") +
                                R"sql( AS ref,
           s.start_utc AS start_utc
      FROM session s JOIN series r ON r.id = s.series_id))sql";

std::string json_ids(const std::vector<std::int64_t>& ids) { return fmt::format("[{}]", fmt::join(ids, ",")); }

SessionTime read_session_time(SQLite::Statement& q) {
  return SessionTime{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                     q.getColumn(3).getInt(),
                     enum_column(q.getColumn(4), domain::parse_session_status, "session status")};
}

void bind_optional_id(SQLite::Statement& q, int index, std::optional<std::int64_t> v) {
  if (v)
    q.bind(index, *v);
  else
    q.bind(index);
}

} // namespace

namespace {

// An enum's stored text: its name, a literal of static storage ending in NUL (domain/names.hpp),
// so it is bound without a copy.
template <typename E> void bind_name(SQLite::Statement& q, int index, E value) {
  q.bindNoCopy(index, domain::name(value).data());
}

} // namespace

// A statement bound through SQLite's C API: SQLiteCpp's checked binds cost 110-225 instructions
// each, as much as the row's insert in a batch of rows (12M of 62M for 10,000 rows). For the
// statements a bulk import runs once per few rows; errors still throw SQLite::Exception. (Not in
// an anonymous namespace: AttendanceRepo::Statements holds them.)
class AttendanceBulkStatement {
public:
  AttendanceBulkStatement(SQLite::Database& db, const std::string& text) : m_db(db.getHandle()) {
    if (const int rc = sqlite3_prepare_v2(m_db, text.c_str(), static_cast<int>(text.size()), &m_stmt, nullptr);
        rc != SQLITE_OK)
      throw SQLite::Exception(m_db, rc);
  }
  ~AttendanceBulkStatement() { sqlite3_finalize(m_stmt); }
  AttendanceBulkStatement(const AttendanceBulkStatement&) = delete;
  AttendanceBulkStatement& operator=(const AttendanceBulkStatement&) = delete;

  void bind(int index, std::int64_t value) {
    forget(index);
    sqlite3_bind_int64(m_stmt, index, value);
  }
  // A text of static storage (an enum's name, domain/names.hpp): bound only when the parameter
  // holds another one. Bindings outlive sqlite3_reset, and a batch's role and source are nearly
  // always those of the batch before (3.7M instructions of binds for 10,000 rows otherwise).
  void bind_static(int index, std::string_view literal) {
    const auto slot = static_cast<std::size_t>(index);
    if (slot >= m_static.size()) m_static.resize(slot + 1);
    if (m_static[slot].data() == literal.data() && m_static[slot].size() == literal.size()) return;
    sqlite3_bind_text(m_stmt, index, literal.data(), static_cast<int>(literal.size()), SQLITE_STATIC);
    m_static[slot] = literal;
  }
  // The text must outlive the execution (it is not copied).
  void bind(int index, std::string_view value) {
    forget(index);
    sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  }
  // The next row of a query; false at its end (the statement is then reset).
  bool step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    sqlite3_reset(m_stmt);
    if (rc != SQLITE_DONE) throw SQLite::Exception(m_db, rc);
    return false;
  }
  [[nodiscard]] std::int64_t column_int64(int index) const { return sqlite3_column_int64(m_stmt, index); }
  [[nodiscard]] bool column_null(int index) const { return sqlite3_column_type(m_stmt, index) == SQLITE_NULL; }
  // Valid until the next step.
  [[nodiscard]] std::string_view column_text(int index) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, index));
    if (text == nullptr) return {};
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, index))};
  }
  // Runs the statement (no rows) and returns the rows it changed.
  int exec() {
    const int rc = sqlite3_step(m_stmt);
    sqlite3_reset(m_stmt);
    if (rc != SQLITE_DONE) throw SQLite::Exception(m_db, rc);
    return sqlite3_changes(m_db);
  }

private:
  void forget(int index) {
    if (static_cast<std::size_t>(index) < m_static.size()) m_static[static_cast<std::size_t>(index)] = {};
  }

  sqlite3* m_db;
  sqlite3_stmt* m_stmt = nullptr;
  std::vector<std::string_view> m_static; // by parameter index: the static text bound there (bind_static)
};

struct AttendanceRepo::PendingMinutes {
  std::int64_t session_id = 0;
  std::int64_t participant_id = 0;
  std::int64_t minutes = 0;
  domain::Role role = domain::Role::participant;
  domain::Source source = domain::Source::manual;
};

struct AttendanceRepo::Statements {
  std::vector<PendingMinutes> pending; // upsert_minutes rows not yet written (bulk mode)
  // (session, participant) of the participant-role rows bulk mode inserted (they did not exist):
  // first_participation takes them in add_new_participations, one row per participant.
  std::vector<std::pair<std::int64_t, std::int64_t>> new_participations;
  std::optional<AttendanceBulkStatement> insert_batch, insert_minutes_row;
  std::optional<SQLite::Statement> insert_row;
  std::optional<SQLite::Statement> find_row;
  std::optional<SQLite::Statement> update_role;
  std::optional<SQLite::Statement> add_interval;
  std::optional<SQLite::Statement> update_minutes;
  std::optional<SQLite::Statement> session_roles;
  std::optional<SQLite::Statement> session_time;
  std::optional<SQLite::Statement> insert_unmatched;
  std::optional<SQLite::Statement> find_import, add_import, import_meeting, import_rows, attendance_of_session;
  // session id -> unresolved unmatched rows (unmatched_key) -> row id, loaded once per session
  // so that each add_unmatched is a hash lookup, not a scan of the session's rows.
  std::unordered_map<std::int64_t, std::unordered_map<std::string, std::int64_t>> unmatched;
};

namespace {

// What makes two unresolved unmatched rows the same: name key and intervals, and the minutes
// when there are no intervals.
std::string unmatched_key(const std::string& name_key, const std::string& intervals_json, std::int64_t minutes) {
  std::string key = name_key;
  key += '\x1f';
  key += intervals_json;
  if (intervals_json == "[]") key += '\x1f' + std::to_string(minutes);
  return key;
}

} // namespace

AttendanceRepo::AttendanceRepo(Database& db) : m_db(db), m_st(std::make_unique<Statements>()), m_now(now_text()) {}
AttendanceRepo::~AttendanceRepo() { discard_bulk(); }

std::optional<ImportRecord> AttendanceRepo::find_import(const std::string& hash, const std::string& kind,
                                                        std::optional<std::int64_t> session_id) {
  return run([&]() -> std::optional<ImportRecord> {
    auto& q = prepared(m_st->find_import, m_db.sql(), R"sql(
      SELECT id, file_name, imported_at FROM import_file
       WHERE content_hash = ? AND kind = ? AND session_id IS ? ORDER BY id LIMIT 1)sql");
    q.bind(1, hash);
    q.bind(2, kind);
    bind_optional_id(q, 3, session_id);
    std::optional<ImportRecord> found;
    if (q.executeStep())
      found = ImportRecord{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString()};
    q.reset();
    return found;
  });
}

std::int64_t AttendanceRepo::add_import(const std::string& kind, const std::string& hash, const std::string& file_name,
                                        std::optional<std::int64_t> series_id, std::optional<std::int64_t> session_id,
                                        const std::string& actor, std::int64_t rows, const std::string& meeting_id,
                                        const std::string& meeting_start_utc) {
  return run([&] {
    auto& q = prepared(m_st->add_import, m_db.sql(), R"sql(
      INSERT INTO import_file (kind, content_hash, file_name, series_id, session_id, rows, actor, imported_at,
                               meeting_id, meeting_start_utc)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    q.bind(1, kind);
    q.bind(2, hash);
    q.bind(3, file_name);
    bind_optional_id(q, 4, series_id);
    bind_optional_id(q, 5, session_id);
    q.bind(6, rows);
    q.bind(7, actor);
    q.bind(8, m_now);
    if (meeting_id.empty()) {
      q.bind(9);
      q.bind(10);
    } else {
      q.bind(9, meeting_id);
      q.bind(10, meeting_start_utc);
    }
    q.exec();
    return m_db.sql().getLastInsertRowid();
  });
}

void AttendanceRepo::set_import_meeting(std::int64_t import_id, const std::string& meeting_id,
                                        const std::string& start_utc) {
  run([&] {
    auto& q = prepared(m_st->import_meeting, m_db.sql(),
                       "UPDATE import_file SET meeting_id = ?, meeting_start_utc = ? WHERE id = ?");
    q.bind(1, meeting_id);
    q.bind(2, start_utc);
    q.bind(3, import_id);
    q.exec();
  });
}

std::vector<AttendanceRepo::MeetingImport> AttendanceRepo::meeting_imports(const std::string& meeting_id) {
  return run([&] {
    SQLite::Statement q(m_db.sql(), R"sql(
      SELECT file_name, meeting_start_utc, ifnull(session_id, 0) FROM import_file
       WHERE meeting_id = ? AND meeting_start_utc IS NOT NULL ORDER BY id)sql");
    q.bind(1, meeting_id);
    std::vector<MeetingImport> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64()});
    return out;
  });
}

std::string AttendanceRepo::import_kind(std::int64_t import_id) {
  return run([&] {
    SQLite::Statement q(m_db.sql(), "SELECT kind FROM import_file WHERE id = ?");
    q.bind(1, import_id);
    return q.executeStep() ? q.getColumn(0).getString() : std::string();
  });
}

void AttendanceRepo::set_import_rows(std::int64_t import_id, std::int64_t rows) {
  run([&] {
    auto& q = prepared(m_st->import_rows, m_db.sql(), "UPDATE import_file SET rows = ? WHERE id = ?");
    q.bind(1, rows);
    q.bind(2, import_id);
    q.exec();
  });
}

void AttendanceRepo::clear_imports_for_session(std::int64_t session_id, std::int64_t keep_import) {
  m_st->unmatched.erase(session_id); // its unmatched rows are deleted below
  run([&] {
    auto& sql = m_db.sql();
    SQLite::Statement intervals(sql, R"sql(
      DELETE FROM attendance_interval
       WHERE import_id IS NOT NULL AND import_id <> ?2
         AND attendance_id IN (SELECT id FROM attendance WHERE session_id = ?1))sql");
    intervals.bind(1, session_id);
    intervals.bind(2, keep_import);
    intervals.exec();
    SQLite::Statement rows(sql, R"sql(
      DELETE FROM attendance WHERE session_id = ?1 AND source <> 'manual'
         AND NOT EXISTS (SELECT 1 FROM attendance_interval i WHERE i.attendance_id = attendance.id))sql");
    rows.bind(1, session_id);
    rows.exec();
    SQLite::Statement unmatched(sql, R"sql(
      DELETE FROM unmatched_row WHERE session_id = ?1 AND (import_id IS NULL OR import_id <> ?2))sql");
    unmatched.bind(1, session_id);
    unmatched.bind(2, keep_import);
    unmatched.exec();
    SQLite::Statement ledger(sql, "DELETE FROM import_file WHERE session_id = ?1 AND id <> ?2");
    ledger.bind(1, session_id);
    ledger.bind(2, keep_import);
    ledger.exec();
  });
  changed(session_id);
}

std::optional<SessionTime> AttendanceRepo::session_time(std::int64_t session_id) {
  return run([&]() -> std::optional<SessionTime> {
    auto& q = m_st->session_time;
    if (!q) q.emplace(m_db.sql(), "SELECT id, series_id, start_utc, duration, status FROM session WHERE id = ?");
    q->reset();
    q->bind(1, session_id);
    std::optional<SessionTime> found;
    if (q->executeStep()) found = read_session_time(*q);
    q->reset();
    return found;
  });
}

std::vector<SessionTime> AttendanceRepo::sessions_starting_between(const std::string& from_utc,
                                                                   const std::string& to_utc,
                                                                   std::optional<std::int64_t> series_id) {
  std::vector<SessionTime> out;
  run([&] {
    SQLite::Statement q(m_db.sql(), R"sql(
      SELECT id, series_id, start_utc, duration, status FROM session
       WHERE start_utc BETWEEN ?1 AND ?2 AND )sql" +
                                        rules::not_cancelled("session") + R"sql( AND (?3 IS NULL OR series_id = ?3)
       ORDER BY start_utc, id)sql");
    q.bind(1, from_utc);
    q.bind(2, to_utc);
    bind_optional_id(q, 3, series_id);
    while (q.executeStep()) out.push_back(read_session_time(q));
  });
  return out;
}

std::vector<SessionTime> AttendanceRepo::sessions_nearest(const std::string& utc, std::optional<std::int64_t> series_id,
                                                          int limit) {
  std::vector<SessionTime> out;
  run([&] {
    SQLite::Statement q(m_db.sql(), R"sql(
      SELECT id, series_id, start_utc, duration, status FROM session
       WHERE (?2 IS NULL OR series_id = ?2) AND )sql" +
                                        rules::not_cancelled("session") + R"sql(
       ORDER BY abs(julianday(start_utc) - julianday(?1)), start_utc LIMIT ?3)sql");
    q.bind(1, utc.substr(0, utc.size() - (utc.ends_with("Z") ? 1 : 0)));
    bind_optional_id(q, 2, series_id);
    q.bind(3, limit);
    while (q.executeStep()) out.push_back(read_session_time(q));
  });
  return out;
}

std::vector<std::int64_t> AttendanceRepo::series_session_ids(std::int64_t series_id) {
  std::vector<std::int64_t> out;
  run([&] {
    // By the stored number (the one definition of N), not by start: a moved session keeps its N.
    SQLite::Statement q(m_db.sql(), "SELECT id, number FROM session WHERE series_id = ? ORDER BY number");
    q.bind(1, series_id);
    while (q.executeStep()) {
      const auto number = static_cast<std::size_t>(q.getColumn(1).getInt64());
      if (number > out.size()) out.resize(number, 0);
      out[number - 1] = q.getColumn(0).getInt64();
    }
  });
  return out;
}

std::vector<StoredAttendance> AttendanceRepo::session_attendance(std::int64_t session_id) {
  std::vector<StoredAttendance> out;
  run([&] {
    auto& q = prepared(m_st->attendance_of_session, m_db.sql(), R"sql(
      SELECT a.participant_id, a.role, a.minutes, a.source, i.join_utc, i.leave_utc, i.import_id
        FROM attendance a LEFT JOIN attendance_interval i ON i.attendance_id = a.id
       WHERE a.session_id = ? ORDER BY a.participant_id, i.join_utc)sql");
    q.bind(1, session_id);
    while (q.executeStep()) {
      const auto participant = q.getColumn(0).getInt64();
      if (out.empty() || out.back().participant_id != participant) {
        StoredAttendance row;
        row.participant_id = participant;
        row.role = enum_column(q.getColumn(1), domain::parse_role, "attendance role");
        row.minutes = q.getColumn(2).getInt64();
        row.source = enum_column(q.getColumn(3), domain::parse_source, "attendance source");
        out.push_back(std::move(row));
      }
      if (!q.getColumn(4).isNull()) {
        StoredInterval interval{q.getColumn(4).getString(), q.getColumn(5).getString(), std::nullopt};
        if (!q.getColumn(6).isNull()) interval.import_id = q.getColumn(6).getInt64();
        out.back().intervals.push_back(std::move(interval));
      }
    }
  });
  return out;
}

std::map<std::int64_t, std::vector<StoredAttendance>>
AttendanceRepo::sessions_attendance(const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::vector<StoredAttendance>> out;
  if (ids.empty()) return out;
  run([&] {
    SQLite::Statement q(m_db.sql(), R"sql(
      SELECT a.session_id, a.participant_id, a.role, a.minutes, a.source, i.join_utc, i.leave_utc, i.import_id
        FROM json_each(?1) j JOIN attendance a ON a.session_id = j.value
        LEFT JOIN attendance_interval i ON i.attendance_id = a.id
       ORDER BY a.session_id, a.participant_id, i.join_utc)sql");
    q.bind(1, json_ids(ids));
    std::vector<StoredAttendance>* rows = nullptr;
    std::int64_t session = 0;
    while (q.executeStep()) {
      const auto session_id = q.getColumn(0).getInt64();
      if (rows == nullptr || session_id != session) {
        rows = &out[session_id];
        session = session_id;
      }
      const auto participant = q.getColumn(1).getInt64();
      if (rows->empty() || rows->back().participant_id != participant) {
        StoredAttendance row;
        row.participant_id = participant;
        row.role = enum_column(q.getColumn(2), domain::parse_role, "attendance role");
        row.minutes = q.getColumn(3).getInt64();
        row.source = enum_column(q.getColumn(4), domain::parse_source, "attendance source");
        rows->push_back(std::move(row));
      }
      if (!q.getColumn(5).isNull()) {
        StoredInterval interval{q.getColumn(5).getString(), q.getColumn(6).getString(), std::nullopt};
        if (!q.getColumn(7).isNull()) interval.import_id = q.getColumn(7).getInt64();
        rows->back().intervals.push_back(std::move(interval));
      }
    }
  });
  return out;
}

std::map<std::int64_t, std::map<std::int64_t, domain::Role>> AttendanceRepo::series_roles(std::int64_t series_id) {
  std::map<std::int64_t, std::map<std::int64_t, domain::Role>> out;
  run([&] {
    // As session_roles: a person named both presenter and facilitator is recorded as presenter.
    SQLite::Statement q(m_db.sql(), R"sql(
      SELECT p.session_id, p.participant_id, p.role FROM session s JOIN session_person p ON p.session_id = s.id
       WHERE s.series_id = ? ORDER BY p.session_id, p.role DESC)sql");
    q.bind(1, series_id);
    while (q.executeStep())
      out[q.getColumn(0).getInt64()].emplace(q.getColumn(1).getInt64(),
                                             enum_column(q.getColumn(2), domain::parse_role, "session role"));
  });
  return out;
}

std::vector<SessionTime> AttendanceRepo::series_sessions(std::int64_t series_id,
                                                         std::vector<std::int64_t>* ids_by_number) {
  std::vector<SessionTime> out;
  run([&] {
    // Through the C API: SQLiteCpp's Column objects cost about 1.3K instructions a session here
    // (2.6M of the 7.7M for the 2,000 sessions of bench/attendance.sh).
    AttendanceBulkStatement q(
        m_db.sql(), "SELECT id, series_id, start_utc, duration, status, number FROM session WHERE series_id = ?");
    q.bind(1, series_id);
    while (q.step()) {
      const auto status_text = q.column_text(4);
      const auto status = domain::parse_session_status(status_text);
      if (!status) throw Error(Exit::io, fmt::format("invalid session status '{}' in the database", status_text));
      out.push_back(SessionTime{q.column_int64(0), q.column_int64(1), std::string(q.column_text(2)),
                                static_cast<int>(q.column_int64(3)), *status});
      if (ids_by_number == nullptr || q.column_null(5)) continue;
      // As series_session_ids: ids[N - 1] is CODE/N, 0 where no session has that number.
      const auto number = static_cast<std::size_t>(q.column_int64(5));
      if (number > ids_by_number->size()) ids_by_number->resize(number, 0);
      (*ids_by_number)[number - 1] = out.back().id;
    }
  });
  return out;
}

std::vector<std::int64_t> AttendanceRepo::cancelled_among(const std::vector<std::int64_t>& ids) {
  std::vector<std::int64_t> out;
  if (ids.empty()) return out;
  run([&] {
    SQLite::Statement q(m_db.sql(), "SELECT s.id FROM json_each(?1) j JOIN session s ON s.id = j.value WHERE " +
                                        rules::cancelled("s"));
    q.bind(1, json_ids(ids));
    while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  });
  return out;
}

std::map<std::int64_t, domain::Role> AttendanceRepo::session_roles(std::int64_t session_id) {
  std::map<std::int64_t, domain::Role> out;
  run([&] {
    // A person named both presenter and facilitator is recorded as presenter: the roles rank
    // alike, 'presenter' sorts first in descending order, and the first row a person has is kept.
    auto& q = m_st->session_roles;
    if (!q)
      q.emplace(m_db.sql(), "SELECT participant_id, role FROM session_person WHERE session_id = ? ORDER BY role DESC");
    q->reset();
    q->bind(1, session_id);
    while (q->executeStep())
      out.emplace(q->getColumn(0).getInt64(), enum_column(q->getColumn(1), domain::parse_role, "session role"));
  });
  return out;
}

// The per-row statements avoid ABORT conflict handling (OR IGNORE, checks done in C++, foreign
// keys deferred by begin_bulk): an aborting statement inside a transaction makes SQLite keep a
// statement journal for every execution, which made imports several times slower.
std::int64_t AttendanceRepo::upsert_for_interval(std::int64_t session_id, std::int64_t participant_id,
                                                 domain::Role role, domain::Source source) {
  m_sessions_written.insert(session_id);
  m_participants_written.insert(participant_id);
  const auto row_id = run([&] {
    auto& insert = m_st->insert_row;
    if (!insert)
      insert.emplace(m_db.sql(), R"sql(
        INSERT OR IGNORE INTO attendance (session_id, participant_id, role, minutes, source, created_at, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6))sql");
    insert->reset();
    insert->bind(1, session_id);
    insert->bind(2, participant_id);
    bind_name(*insert, 3, role);
    insert->bind(4, 0);
    bind_name(*insert, 5, source);
    insert->bind(6, m_now);
    if (insert->exec() == 1) return m_db.sql().getLastInsertRowid();
    auto& find = m_st->find_row;
    if (!find)
      find.emplace(m_db.sql(), "SELECT id, role, minutes FROM attendance WHERE session_id = ? AND participant_id = ?");
    find->reset();
    find->bind(1, session_id);
    find->bind(2, participant_id);
    if (!find->executeStep()) throw Error(Exit::failure, "attendance row vanished during import");
    const auto id = find->getColumn(0).getInt64();
    const auto current = enum_column(find->getColumn(1), domain::parse_role, "attendance role");
    find->reset();
    if (domain::role_rank(role) > domain::role_rank(current)) {
      auto& update = m_st->update_role;
      if (!update) update.emplace(m_db.sql(), "UPDATE OR IGNORE attendance SET role = ?, updated_at = ? WHERE id = ?");
      update->reset();
      bind_name(*update, 1, role);
      update->bind(2, m_now);
      update->bind(3, id);
      update->exec();
    }
    return id;
  });
  changed(session_id);
  return row_id;
}

void AttendanceRepo::add_interval(std::int64_t attendance_id, std::optional<std::int64_t> import_id,
                                  const std::string& join_utc, const std::string& leave_utc) {
  if (leave_utc < join_utc) throw Error(Exit::data, fmt::format("leave {} is before join {}", leave_utc, join_utc));
  if (import_id) m_imports_written.insert(*import_id);
  run([&] {
    auto& q = m_st->add_interval;
    if (!q)
      q.emplace(m_db.sql(), R"sql(
        INSERT OR IGNORE INTO attendance_interval (attendance_id, import_id, join_utc, leave_utc)
        SELECT ?1, ?2, ?3, ?4
         WHERE NOT EXISTS (SELECT 1 FROM attendance_interval
                            WHERE attendance_id = ?1 AND join_utc = ?3 AND leave_utc = ?4))sql");
    q->reset();
    q->bind(1, attendance_id);
    bind_optional_id(*q, 2, import_id);
    q->bind(3, join_utc);
    q->bind(4, leave_utc);
    q->exec();
  });
}

void AttendanceRepo::upsert_minutes(std::int64_t session_id, std::int64_t participant_id, domain::Role role,
                                    domain::Source source, std::int64_t minutes) {
  if (minutes < 0) throw Error(Exit::data, fmt::format("negative minutes {}", minutes));
  m_sessions_written.insert(session_id);
  m_participants_written.insert(participant_id);
  auto& pending = m_st->pending;
  pending.push_back(PendingMinutes{session_id, participant_id, minutes, role, source});
  if (m_bulk) {
    // write_minutes tells the rows it inserted from the ones it updated (first_participation).
    if (pending.size() == k_minutes_batch) flush_minutes();
    return;
  }
  flush_minutes();
  changed(session_id);
}

// One INSERT OR IGNORE for a whole batch (per-statement costs were a third of a bulk import's
// SQL time); when some rows already existed (or one person appears twice in the batch), the
// conditional update then runs for each row of the batch: it is a no-op for the rows just
// inserted, and keeps the larger minutes and the stronger role for the others.
void AttendanceRepo::flush_minutes() {
  auto& pending = m_st->pending;
  if (pending.empty()) return;
  m_db.read([&] {
    if (pending.size() == k_minutes_batch) {
      write_minutes(pending.data(), pending.size());
    } else {
      for (const auto& row : pending) write_minutes(&row, 1);
    }
  });
  pending.clear();
}

void AttendanceRepo::write_minutes(const PendingMinutes* rows, std::size_t count) {
  // Not insert_row (upsert_for_interval's, with other parameters): a file may mix both kinds.
  // ?1 is the timestamp, shared by every row; each row's five values follow (AttendanceBulkStatement).
  auto& insert = count == 1 ? m_st->insert_minutes_row : m_st->insert_batch;
  if (!insert) {
    std::string sql = "INSERT OR IGNORE INTO attendance (session_id, participant_id, role, minutes, source, "
                      "created_at, updated_at) VALUES ";
    for (std::size_t i = 0; i < count; ++i) {
      const auto at = 2 + 5 * i;
      sql += fmt::format("{}(?{},?{},?{},?{},?{},?1,?1)", i == 0 ? "" : ",", at, at + 1, at + 2, at + 3, at + 4);
    }
    insert.emplace(m_db.sql(), sql);
  }
  insert->bind(1, std::string_view(m_now));
  int index = 1;
  for (std::size_t i = 0; i < count; ++i) {
    const auto& row = rows[i];
    insert->bind(++index, row.session_id);
    insert->bind(++index, row.participant_id);
    insert->bind_static(++index, domain::name(row.role));
    insert->bind(++index, row.minutes);
    insert->bind_static(++index, domain::name(row.source));
  }
  if (static_cast<std::size_t>(insert->exec()) == count) {
    // Every row is new: a participant's is a candidate for their first participation, and no
    // other row changed.
    if (m_bulk)
      for (std::size_t i = 0; i < count; ++i)
        if (rows[i].role == domain::Role::participant)
          m_st->new_participations.emplace_back(rows[i].session_id, rows[i].participant_id);
    return;
  }
  // Some rows existed (or a person came twice): their sessions are refreshed whole.
  if (m_bulk)
    for (std::size_t i = 0; i < count; ++i) m_changed_sessions.insert(rows[i].session_id);
  auto& update = m_st->update_minutes;
  if (!update)
    update.emplace(m_db.sql(), fmt::format(R"sql(
      UPDATE OR IGNORE attendance SET
        minutes = CASE WHEN source = 'manual' THEN minutes ELSE max(minutes, ?3) END,
        role = CASE WHEN {0} > {1} THEN ?4 ELSE role END,
        updated_at = ?5
      WHERE session_id = ?1 AND participant_id = ?2 AND (minutes < ?3 OR {0} > {1}))sql",
                                           rules::role_rank("?4"), rules::role_rank("role")));
  for (std::size_t i = 0; i < count; ++i) {
    const auto& row = rows[i];
    update->reset();
    update->bind(1, row.session_id);
    update->bind(2, row.participant_id);
    update->bind(3, row.minutes);
    bind_name(*update, 4, row.role);
    update->bind(5, m_now);
    update->exec();
  }
}

void AttendanceRepo::begin_bulk() {
  m_db.read([&] {
    m_db.sql().exec("PRAGMA defer_foreign_keys = ON");
    // A page cache of 8 MiB (SQLite's default is 2; used only as the data needs it) keeps the
    // pages an import touches in memory instead of spilling them to the WAL before the commit.
    // bench/attendance.sh: 0.99x sqlite3 at 8 MiB, 1.08x at 2 MiB, no faster at 64 MiB.
    m_cache_size = m_db.sql().execAndGet("PRAGMA cache_size").getInt();
    m_db.sql().exec("PRAGMA cache_size = -8192");
  });
  m_bulk = true;
}

std::vector<std::int64_t> IdSet::ids() const {
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < m_dense.size(); ++i)
    if (m_dense[i]) out.push_back(static_cast<std::int64_t>(i));
  out.insert(out.end(), m_sparse.begin(), m_sparse.end());
  return out;
}

void AttendanceRepo::verify_keys() {
  // A hub's sessions and people are numbered in order, and an import's keys fill much of a
  // range: a whole range is checked with one count, a range at least a quarter full by reading
  // the table's ids in it, beside the sorted keys. Only scattered keys are probed one by one
  // (which took 9.6M instructions for the 2,000 sessions and 2,204 people of 10,000 rows).
  const auto missing = [&](const char* table, const IdSet& set) {
    auto ids = set.ids();
    if (ids.empty()) return;
    std::sort(ids.begin(), ids.end());
    const auto fail = [&](std::int64_t id) {
      throw Error(Exit::failure,
                  fmt::format("internal error: attendance would refer to {} {}, which does not exist", table, id));
    };
    const auto low = ids.front();
    const auto high = ids.back();
    const auto span = static_cast<std::uint64_t>(high - low) + 1;
    if (span == ids.size()) {
      SQLite::Statement count(m_db.sql(), fmt::format("SELECT count(*) FROM {} WHERE id BETWEEN ? AND ?", table));
      count.bind(1, low);
      count.bind(2, high);
      if (count.executeStep() && static_cast<std::uint64_t>(count.getColumn(0).getInt64()) == span) return;
    }
    if (span / 4 <= ids.size()) {
      AttendanceBulkStatement scan(m_db.sql(), fmt::format("SELECT id FROM {} WHERE id BETWEEN ?1 AND ?2", table));
      scan.bind(1, low);
      scan.bind(2, high);
      auto next = ids.begin();
      while (next != ids.end() && scan.step()) {
        const auto id = scan.column_int64(0);
        if (*next < id) fail(*next);
        if (*next == id) ++next;
      }
      if (next != ids.end()) fail(*next);
      return;
    }
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT value FROM json_each(?) WHERE NOT EXISTS "
                                                "(SELECT 1 FROM {} t WHERE t.id = json_each.value) LIMIT 1",
                                                table));
    q.bind(1, json_ids(ids));
    if (q.executeStep()) fail(q.getColumn(0).getInt64());
  };
  run([&] {
    missing("session", m_sessions_written);
    missing("participant", m_participants_written);
    missing("import_file", m_imports_written);
  });
}

namespace {

// The migration 13 query: each participant's first participation, from the whole table.
const std::string k_first_participation_all = R"sql(
  INSERT INTO first_participation (participant_id, session_id, local_date, start_utc)
  SELECT participant_id, session_id, local_date, start_utc FROM (
    SELECT a.participant_id, s.id AS session_id, s.local_date, s.start_utc,
           row_number() OVER (PARTITION BY a.participant_id ORDER BY s.local_date, s.start_utc, s.id) AS k
      FROM attendance a JOIN session s ON s.id = a.session_id
     WHERE a.role = 'participant' AND )sql" + rules::not_cancelled("s") +
                                              R"sql()
   WHERE k = 1)sql";

} // namespace

void rebuild_first_participation(Database& db) {
  db.read([&] {
    db.sql().exec("DELETE FROM first_participation");
    db.sql().exec(k_first_participation_all);
  });
}

void refresh_first_participation(Database& db, const std::vector<std::int64_t>& sessions,
                                 const std::vector<std::int64_t>& participants) {
  if (sessions.empty() && participants.empty()) return;
  db.read([&] {
    auto& sql = db.sql();
    const auto session_list = json_ids(sessions);
    // Stale: a first whose row is gone (or no longer a participant's), and everyone whose rows
    // may have moved.
    std::vector<std::int64_t> stale = participants;
    if (!sessions.empty()) {
      SQLite::Statement q(sql, R"sql(
        SELECT f.participant_id FROM json_each(?1) j JOIN first_participation f ON f.session_id = j.value
         WHERE NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = f.session_id
                              AND a.participant_id = f.participant_id AND a.role = 'participant'))sql");
      q.bind(1, session_list);
      while (q.executeStep()) stale.push_back(q.getColumn(0).getInt64());
    }
    if (!stale.empty()) {
      // Each stale participant's first is found by walking the sessions in date order and
      // probing attendance's (session, participant) key: at most one probe per session each.
      // When that bounds above the size of attendance, one pass over the whole table is cheaper.
      const auto sessions_count = sql.execAndGet("SELECT count(*) FROM session").getInt64();
      const auto rows = sql.execAndGet("SELECT ifnull(max(id), 0) FROM attendance").getInt64();
      if (static_cast<std::int64_t>(stale.size()) * sessions_count > rows) {
        sql.exec("DELETE FROM first_participation");
        sql.exec(k_first_participation_all);
        return;
      }
      const auto stale_list = json_ids(stale);
      SQLite::Statement drop(sql, "DELETE FROM first_participation WHERE participant_id IN "
                                  "(SELECT value FROM json_each(?1))");
      drop.bind(1, stale_list);
      drop.exec();
      SQLite::Statement find(sql, R"sql(
        INSERT OR IGNORE INTO first_participation (participant_id, session_id, local_date, start_utc)
        SELECT j.value, n.id, n.local_date, n.start_utc
          FROM json_each(?1) j JOIN session n ON n.id = (
               SELECT s.id FROM session s INDEXED BY session_by_local_date
                WHERE )sql" + rules::not_cancelled("s") +
                                      R"sql(
                  AND EXISTS (SELECT 1 FROM attendance b WHERE b.session_id = s.id
                                 AND b.participant_id = j.value AND b.role = 'participant')
                ORDER BY s.local_date, s.start_utc, s.id LIMIT 1))sql");
      find.bind(1, stale_list);
      find.exec();
    }
    if (sessions.empty()) return;
    // The rows of the sessions written: the first where they come before the one recorded.
    SQLite::Statement earlier(sql, R"sql(
      INSERT INTO first_participation (participant_id, session_id, local_date, start_utc)
      SELECT a.participant_id, s.id, s.local_date, s.start_utc
        FROM json_each(?1) j JOIN session s ON s.id = j.value JOIN attendance a ON a.session_id = s.id
       WHERE a.role = 'participant' AND )sql" +
                                       rules::not_cancelled("s") + R"sql(
      ON CONFLICT (participant_id) DO UPDATE SET session_id = excluded.session_id, local_date = excluded.local_date,
         start_utc = excluded.start_utc
       WHERE (excluded.local_date, excluded.start_utc, excluded.session_id) < (local_date, start_utc, session_id))sql");
    earlier.bind(1, session_list);
    earlier.exec();
  });
}

void AttendanceRepo::changed(std::int64_t session_id) {
  m_changed_sessions.insert(session_id);
  if (!m_bulk) refresh_changed();
}

void AttendanceRepo::refresh_changed() {
  if (!m_changed_sessions.empty()) refresh_first_participation(m_db, m_changed_sessions.ids(), {});
  add_new_participations();
  m_changed_sessions.clear();
}

// The rows inserted new cannot make anyone's recorded first stale; they can only come before
// it. Instead of refresh_first_participation's upsert per attendance row of their sessions (44M
// instructions for 10,000 rows), each participant's earliest new row is found here and written
// once: the sessions' dates read in one query, one upsert per participant.
void AttendanceRepo::add_new_participations() {
  auto& pairs = m_st->new_participations;
  if (pairs.empty()) return;
  struct When {
    std::string local_date;
    std::string start_utc;
  };
  std::unordered_map<std::int64_t, When> sessions;
  std::vector<std::int64_t> ids;
  for (const auto& [session, participant] : pairs)
    if (!m_changed_sessions.contains(session) && sessions.try_emplace(session).second) ids.push_back(session);
  m_db.read([&] {
    auto& sql = m_db.sql();
    {
      // Through the C API (SQLiteCpp's columns were 1.8M of the 2,000 sessions' read).
      AttendanceBulkStatement q(sql, "SELECT s.id, s.local_date, s.start_utc FROM json_each(?1) j JOIN session s ON "
                                     "s.id = j.value WHERE " +
                                         rules::not_cancelled("s"));
      const auto list = json_ids(ids);
      q.bind(1, std::string_view(list));
      while (q.step()) {
        auto& when = sessions[q.column_int64(0)];
        when.local_date = q.column_text(1);
        when.start_utc = q.column_text(2);
      }
    }
    // participant -> (session, its dates): the earliest by local date, start, id.
    std::unordered_map<std::int64_t, std::pair<std::int64_t, const When*>> first;
    for (const auto& [session, participant] : pairs) {
      if (m_changed_sessions.contains(session)) continue;
      const auto& when = sessions.at(session);
      if (when.local_date.empty()) continue; // cancelled
      auto [it, fresh] = first.try_emplace(participant, session, &when);
      if (fresh) continue;
      const auto& [best, best_when] = it->second;
      if (std::tie(when.local_date, when.start_utc, session) <
          std::tie(best_when->local_date, best_when->start_utc, best))
        it->second = {session, &when};
    }
    std::vector<std::int64_t> people;
    people.reserve(first.size());
    for (const auto& entry : first) people.push_back(entry.first);
    std::sort(people.begin(), people.end());
    constexpr std::size_t k_batch = 64;
    std::optional<AttendanceBulkStatement> batch;
    std::optional<AttendanceBulkStatement> single;
    for (std::size_t at = 0; at < people.size(); at += k_batch) {
      const auto count = std::min(k_batch, people.size() - at);
      auto& q = count == k_batch ? batch : single;
      if (!q || count != k_batch) {
        std::string text =
            "INSERT INTO first_participation (participant_id, session_id, local_date, start_utc) VALUES ";
        for (std::size_t i = 0; i < count; ++i) text += i == 0 ? "(?,?,?,?)" : ",(?,?,?,?)";
        text += R"sql(
          ON CONFLICT (participant_id) DO UPDATE SET session_id = excluded.session_id,
             local_date = excluded.local_date, start_utc = excluded.start_utc
           WHERE (excluded.local_date, excluded.start_utc, excluded.session_id) < (local_date, start_utc, session_id))sql";
        q.emplace(sql, text);
      }
      int index = 0;
      for (std::size_t i = 0; i < count; ++i) {
        const auto participant = people[at + i];
        const auto& [session, when] = first.at(participant);
        q->bind(++index, participant);
        q->bind(++index, session);
        q->bind(++index, std::string_view(when->local_date));
        q->bind(++index, std::string_view(when->start_utc));
      }
      q->exec();
    }
  });
  pairs.clear();
}

void AttendanceRepo::end_bulk() {
  flush_minutes();
  refresh_changed();
  discard_bulk();
}

void AttendanceRepo::discard_bulk() noexcept {
  if (!m_bulk) return;
  m_bulk = false;
  m_st = std::make_unique<Statements>();
  try {
    m_db.sql().exec(fmt::format("PRAGMA cache_size = {}", m_cache_size));
  } catch (...) {
  }
}

namespace {

// Streams (attendance id, join, leave) rows sorted by attendance then join, and writes each
// attendance's union when it grew.
void recompute(Database& db, SQLite::Statement& rows) {
  SQLite::Statement update(db.sql(), "UPDATE attendance SET minutes = ?2, updated_at = ?3 "
                                     "WHERE id = ?1 AND minutes < ?2 AND source <> 'manual'");
  const auto now = now_text();
  std::optional<std::int64_t> current;
  domain::SortedUnion u;
  auto flush = [&] {
    if (!current) return;
    update.bind(1, *current);
    update.bind(2, domain::seconds_to_minutes(u.seconds()));
    update.bind(3, now);
    update.exec();
    update.reset();
  };
  while (rows.executeStep()) {
    const auto id = rows.getColumn(0).getInt64();
    if (!current || *current != id) {
      flush();
      current = id;
      u.reset();
    }
    const auto join = util::parse_utc(rows.getColumn(1).getString());
    const auto leave = util::parse_utc(rows.getColumn(2).getString());
    if (join && leave) u.add({*join, *leave});
  }
  flush();
}

} // namespace

void AttendanceRepo::recompute_minutes_for_import(std::int64_t import_id) {
  run([&] {
    SQLite::Statement q(m_db.sql(), R"sql(
      SELECT attendance_id, join_utc, leave_utc FROM attendance_interval
       WHERE attendance_id IN (SELECT attendance_id FROM attendance_interval WHERE import_id = ?)
       ORDER BY attendance_id, join_utc)sql");
    q.bind(1, import_id);
    recompute(m_db, q);
  });
}

void AttendanceRepo::recompute_minutes(std::int64_t attendance_id) {
  run([&] {
    SQLite::Statement q(m_db.sql(), R"sql(
      SELECT attendance_id, join_utc, leave_utc FROM attendance_interval
       WHERE attendance_id = ? ORDER BY join_utc)sql");
    q.bind(1, attendance_id);
    recompute(m_db, q);
  });
}

void AttendanceRepo::recompute_minutes_for_participant(std::int64_t participant_id) {
  run([&] {
    SQLite::Statement q(m_db.sql(), R"sql(
      SELECT i.attendance_id, i.join_utc, i.leave_utc FROM attendance_interval i
        JOIN attendance a ON a.id = i.attendance_id
       WHERE a.participant_id = ? ORDER BY i.attendance_id, i.join_utc)sql");
    q.bind(1, participant_id);
    recompute(m_db, q);
  });
}

std::int64_t AttendanceRepo::add_unmatched(std::int64_t session_id, std::optional<std::int64_t> import_id,
                                           const std::string& name, const std::string& name_key, domain::Role role,
                                           std::int64_t minutes, const std::string& intervals_json,
                                           const std::string& file, std::int64_t line) {
  m_sessions_written.insert(session_id);
  if (import_id) m_imports_written.insert(*import_id);
  return run([&] {
    // The same person seen again (the same rows re-imported from a file with other bytes) is
    // not listed twice: an unresolved row with the same name and intervals (or minutes) stays.
    auto [seen, first] = m_st->unmatched.try_emplace(session_id);
    if (first) {
      SQLite::Statement rows(m_db.sql(), R"sql(
        SELECT id, name_key, intervals, minutes FROM unmatched_row
         WHERE session_id = ? AND resolved_participant_id IS NULL ORDER BY id)sql");
      rows.bind(1, session_id);
      while (rows.executeStep())
        seen->second.try_emplace(
            unmatched_key(rows.getColumn(1).getString(), rows.getColumn(2).getString(), rows.getColumn(3).getInt64()),
            rows.getColumn(0).getInt64());
    }
    const auto key = unmatched_key(name_key, intervals_json, minutes);
    if (const auto it = seen->second.find(key); it != seen->second.end()) return it->second;
    if (!m_st->insert_unmatched)
      m_st->insert_unmatched.emplace(m_db.sql(), R"sql(
      INSERT INTO unmatched_row (session_id, import_id, name, name_key, role, minutes, intervals, file, line)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    auto& q = *m_st->insert_unmatched;
    q.reset();
    q.clearBindings();
    q.bind(1, session_id);
    bind_optional_id(q, 2, import_id);
    q.bind(3, name);
    q.bind(4, name_key);
    bind_name(q, 5, role);
    q.bind(6, minutes);
    q.bind(7, intervals_json);
    q.bind(8, file);
    q.bind(9, line);
    q.exec();
    const auto id = m_db.sql().getLastInsertRowid();
    seen->second.emplace(key, id);
    return id;
  });
}

std::map<std::int64_t, std::int64_t> AttendanceRepo::eligible_counts(int min_minutes,
                                                                     const std::vector<std::int64_t>& session_ids) {
  std::map<std::int64_t, std::int64_t> out;
  if (session_ids.empty()) return out;
  run([&] {
    SQLite::Statement q(m_db.sql(), "SELECT a.session_id, count(*) FROM json_each(?2) s "
                                    "JOIN attendance a ON a.session_id = s.value "
                                    "WHERE a.role = 'participant' AND a.minutes >= ?1 GROUP BY a.session_id");
    q.bind(1, min_minutes);
    q.bind(2, fmt::format("[{}]", fmt::join(session_ids, ",")));
    while (q.executeStep()) out.emplace(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
  });
  return out;
}

bool AttendanceRepo::record(std::int64_t session_id, std::int64_t participant_id, std::int64_t minutes,
                            domain::Role role) {
  const bool created = run([&] {
    SQLite::Statement exists(m_db.sql(), "SELECT id FROM attendance WHERE session_id = ? AND participant_id = ?");
    exists.bind(1, session_id);
    exists.bind(2, participant_id);
    const auto now = now_text();
    if (exists.executeStep()) {
      SQLite::Statement q(
          m_db.sql(), "UPDATE attendance SET minutes = ?, role = ?, source = 'manual', updated_at = ? WHERE id = ?");
      q.bind(1, minutes);
      bind_name(q, 2, role);
      q.bind(3, now);
      q.bind(4, exists.getColumn(0).getInt64());
      q.exec();
      return false;
    }
    SQLite::Statement q(m_db.sql(), R"sql(
      INSERT INTO attendance (session_id, participant_id, role, minutes, source, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'manual', ?, ?))sql");
    q.bind(1, session_id);
    q.bind(2, participant_id);
    bind_name(q, 3, role);
    q.bind(4, minutes);
    q.bind(5, now);
    q.bind(6, now);
    q.exec();
    return true;
  });
  changed(session_id);
  return created;
}

namespace {

const std::string k_list_sql = std::string(k_positions) + R"sql(
  SELECT a.session_id, pos.ref, pos.start_utc, a.participant_id, p.email, p.name, a.minutes, a.role, a.source
    FROM attendance a
    JOIN pos ON pos.id = a.session_id
    JOIN participant p ON p.id = a.participant_id
   WHERE (?1 IS NULL OR a.session_id = ?1) AND (?2 IS NULL OR a.participant_id = ?2)
   ORDER BY pos.start_utc, a.session_id, p.name_key, p.id)sql";

} // namespace

std::vector<domain::AttendanceEntry> AttendanceRepo::list(std::optional<std::int64_t> session_id,
                                                          std::optional<std::int64_t> participant_id, int min_minutes) {
  std::vector<domain::AttendanceEntry> out;
  run([&] {
    SQLite::Statement q(m_db.sql(), k_list_sql);
    bind_optional_id(q, 1, session_id);
    bind_optional_id(q, 2, participant_id);
    while (q.executeStep()) {
      domain::AttendanceEntry e;
      e.session_id = q.getColumn(0).getInt64();
      e.session = q.getColumn(1).getString();
      e.start_utc = q.getColumn(2).getString();
      e.participant_id = q.getColumn(3).getInt64();
      if (!q.getColumn(4).isNull()) e.email = q.getColumn(4).getString();
      e.name = q.getColumn(5).getString();
      e.minutes = q.getColumn(6).getInt64();
      e.role = enum_column(q.getColumn(7), domain::parse_role, "attendance role");
      e.source = enum_column(q.getColumn(8), domain::parse_source, "attendance source");
      e.eligible = e.minutes >= min_minutes;
      out.push_back(std::move(e));
    }
  });
  return out;
}

std::optional<domain::AttendanceEntry> AttendanceRepo::find(std::int64_t session_id, std::int64_t participant_id,
                                                            int min_minutes) {
  auto rows = list(session_id, participant_id, min_minutes);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

bool AttendanceRepo::remove(std::int64_t session_id, std::int64_t participant_id) {
  const bool removed = run([&] {
    SQLite::Statement q(m_db.sql(), "DELETE FROM attendance WHERE session_id = ? AND participant_id = ?");
    q.bind(1, session_id);
    q.bind(2, participant_id);
    return q.exec() > 0;
  });
  if (removed) changed(session_id);
  return removed;
}

namespace {

const std::string k_unmatched_sql = std::string(k_positions) + R"sql(
  SELECT u.id, u.session_id, pos.ref, u.name, u.role, u.minutes, u.intervals, u.file, u.line, u.import_id,
         u.resolved_participant_id
    FROM unmatched_row u JOIN pos ON pos.id = u.session_id
   WHERE (?1 IS NULL OR u.id = ?1) AND (?2 OR u.resolved_participant_id IS NULL)
   ORDER BY pos.start_utc, u.session_id, u.name_key, u.id)sql";

domain::UnmatchedEntry read_unmatched(SQLite::Statement& q) {
  domain::UnmatchedEntry e;
  e.id = q.getColumn(0).getInt64();
  e.session_id = q.getColumn(1).getInt64();
  e.session = q.getColumn(2).getString();
  e.name = q.getColumn(3).getString();
  e.role = enum_column(q.getColumn(4), domain::parse_role, "attendance role");
  e.minutes = q.getColumn(5).getInt64();
  e.intervals = q.getColumn(6).getString();
  e.file = q.getColumn(7).getString();
  if (!q.getColumn(8).isNull()) e.line = q.getColumn(8).getInt64();
  if (!q.getColumn(9).isNull()) e.import_id = q.getColumn(9).getInt64();
  if (!q.getColumn(10).isNull()) e.resolved_participant_id = q.getColumn(10).getInt64();
  return e;
}

} // namespace

std::vector<domain::UnmatchedEntry> AttendanceRepo::unmatched(bool include_resolved) {
  std::vector<domain::UnmatchedEntry> out;
  run([&] {
    SQLite::Statement q(m_db.sql(), k_unmatched_sql);
    q.bind(1);
    q.bind(2, include_resolved ? 1 : 0);
    while (q.executeStep()) out.push_back(read_unmatched(q));
  });
  return out;
}

std::optional<domain::UnmatchedEntry> AttendanceRepo::unmatched_row(std::int64_t id) {
  return run([&]() -> std::optional<domain::UnmatchedEntry> {
    SQLite::Statement q(m_db.sql(), k_unmatched_sql);
    q.bind(1, id);
    q.bind(2, 1);
    if (q.executeStep()) return read_unmatched(q);
    return std::nullopt;
  });
}

void AttendanceRepo::mark_resolved(std::int64_t unmatched_id, std::int64_t participant_id) {
  m_st->unmatched.clear(); // a resolved row no longer stands for its name
  run([&] {
    SQLite::Statement q(m_db.sql(),
                        "UPDATE unmatched_row SET resolved_participant_id = ?, resolved_at = ? WHERE id = ?");
    q.bind(1, participant_id);
    q.bind(2, now_text());
    q.bind(3, unmatched_id);
    q.exec();
  });
}

} // namespace echo::db
