#include "echo/db/session_repo.hpp"

#include "echo/db/columns.hpp"
#include "echo/db/lookup.hpp"
#include "echo/db/rules.hpp"
#include "echo/util/text.hpp"

#include <fmt/format.h>

#include <set>
#include <unordered_map>

namespace echo::db {

namespace {

template <class T> void bind_opt(SQLite::Statement& q, int index, const std::optional<T>& v) {
  if (v)
    q.bind(index, *v);
  else
    q.bind(index);
}

// One session's row, written by the single-session commands and by ScheduleWriter alike. Its
// number: the series' next (insert_session) or one reserved (ScheduleWriter::reserve_numbers);
// NULL only past the reservation, and the schema's trigger gives the next one.
const char* const k_insert_session =
    "INSERT INTO session (series_id, key, origin, local_date, local_time, start_utc, duration, topic, status, "
    "cancel_reason, created_at, updated_at, number) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
const char* const k_update_session = "UPDATE session SET key = ?, local_date = ?, local_time = ?, start_utc = ?, "
                                     "duration = ?, topic = ?, status = ?, cancel_reason = ?, updated_at = ?, "
                                     "origin = ? WHERE id = ?";

void bind_insert(SQLite::Statement& q, const domain::Session& s, const std::string& now) {
  q.bind(1, s.series_id);
  q.bind(2, s.key);
  q.bind(3, s.origin);
  q.bind(4, s.local_date);
  q.bind(5, s.local_time);
  q.bind(6, s.start_utc);
  q.bind(7, s.duration);
  q.bind(8, s.topic);
  q.bind(9, std::string(domain::name(s.status)));
  bind_opt(q, 10, s.cancel_reason);
  q.bind(11, now);
  q.bind(12, now);
}

void bind_update(SQLite::Statement& q, const domain::Session& s) {
  q.bind(1, s.key);
  q.bind(2, s.local_date);
  q.bind(3, s.local_time);
  q.bind(4, s.start_utc);
  q.bind(5, s.duration);
  q.bind(6, s.topic);
  q.bind(7, std::string(domain::name(s.status)));
  bind_opt(q, 8, s.cancel_reason);
  q.bind(9, now_text());
  q.bind(10, s.origin);
  q.bind(11, s.id);
}

} // namespace

void set_marked_held(Database& db, std::int64_t session_id, bool held) {
  db.read([&] {
    SQLite::Statement q(db.sql(), "UPDATE session SET marked_held = ?, updated_at = ? WHERE id = ?");
    q.bind(1, held ? 1 : 0);
    q.bind(2, now_text());
    q.bind(3, session_id);
    q.exec();
  });
}

std::vector<domain::Session> list_sessions(Database& db, const SessionFilter& f) {
  return db.read([&] {
    SQLite::Statement q(db.sql(), R"sql(
      SELECT * FROM (
        SELECT s.id, s.series_id, r.code,
               s.number AS position,
               s.key, s.origin, s.local_date, s.local_time, s.start_utc, s.duration, s.topic, s.status,
               s.cancel_reason, s.created_at, s.updated_at, coalesce(fp.email, nullif(fp.name, '')) AS facilitator,
               s.marked_held, )sql" + rules::has_records("s") +
                                      R"sql( AS has_records
          FROM session s
          JOIN series r ON r.id = s.series_id
          LEFT JOIN session_person f ON f.session_id = s.id AND f.role = 'facilitator'
          LEFT JOIN participant fp ON fp.id = f.participant_id
         WHERE (?1 IS NULL OR s.series_id = ?1))
       WHERE (?2 IS NULL OR id = ?2)
         AND (?3 IS NULL OR local_date >= ?3)
         AND (?4 IS NULL OR local_date <= ?4)
         AND (?5 = '' OR status = ?5)
       ORDER BY start_utc, code, id)sql");
    bind_opt(q, 1, f.series_id);
    bind_opt(q, 2, f.session_id);
    bind_opt(q, 3, f.from);
    bind_opt(q, 4, f.to);
    q.bind(5, f.status ? std::string(domain::name(*f.status)) : std::string());
    std::vector<domain::Session> out;
    std::unordered_map<std::int64_t, std::size_t> index;
    while (q.executeStep()) {
      domain::Session s;
      s.id = q.getColumn(0).getInt64();
      s.series_id = q.getColumn(1).getInt64();
      s.series_code = q.getColumn(2).getString();
      s.position = q.getColumn(3).getInt();
      s.key = q.getColumn(4).getString();
      s.origin = q.getColumn(5).getString();
      s.local_date = q.getColumn(6).getString();
      s.local_time = q.getColumn(7).getString();
      s.start_utc = q.getColumn(8).getString();
      s.duration = q.getColumn(9).getInt();
      s.topic = q.getColumn(10).getString();
      s.status = enum_column(q.getColumn(11), domain::parse_session_status, "session status");
      s.cancel_reason = opt_text(q.getColumn(12));
      s.created_at = q.getColumn(13).getString();
      s.updated_at = q.getColumn(14).getString();
      s.facilitator = opt_text(q.getColumn(15));
      s.marked_held = q.getColumn(16).getInt() != 0;
      s.has_records = q.getColumn(17).getInt() != 0;
      index.emplace(s.id, out.size());
      out.push_back(std::move(s));
    }
    if (out.empty()) return out;
    // All presenters of the selected series (or the one session) in one query.
    SQLite::Statement p(db.sql(), R"sql(
      SELECT sp.session_id, coalesce(p.email, p.name)
        FROM session_person sp
        JOIN participant p ON p.id = sp.participant_id
        JOIN session s ON s.id = sp.session_id
       WHERE sp.role = 'presenter'
         AND (?1 IS NULL OR s.series_id = ?1)
         AND (?2 IS NULL OR s.id = ?2)
       ORDER BY sp.session_id, sp.position, p.email)sql");
    bind_opt(p, 1, f.series_id);
    bind_opt(p, 2, f.session_id);
    while (p.executeStep()) {
      const auto it = index.find(p.getColumn(0).getInt64());
      if (it != index.end()) out[it->second].presenters.push_back(p.getColumn(1).getString());
    }
    // Their competency domains, likewise in one query.
    SQLite::Statement d(db.sql(), R"sql(
      SELECT sd.session_id, sd.code
        FROM session_domain sd JOIN session s ON s.id = sd.session_id
       WHERE (?1 IS NULL OR s.series_id = ?1) AND (?2 IS NULL OR s.id = ?2)
       ORDER BY sd.session_id, sd.code)sql");
    bind_opt(d, 1, f.series_id);
    bind_opt(d, 2, f.session_id);
    while (d.executeStep()) {
      const auto it = index.find(d.getColumn(0).getInt64());
      if (it != index.end()) out[it->second].domains.push_back(d.getColumn(1).getString());
    }
    return out;
  });
}

domain::Session get_session(Database& db, std::int64_t id) {
  SessionFilter f;
  f.session_id = id;
  // The position needs the whole series: restrict by the session's series.
  const auto series_id = db.read([&]() -> std::optional<std::int64_t> {
    SQLite::Statement q(db.sql(), "SELECT series_id FROM session WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getInt64();
  });
  if (!series_id) throw Error(Exit::failure, fmt::format("no session with id {}", id));
  f.series_id = series_id;
  auto list = list_sessions(db, f);
  if (list.empty()) throw Error(Exit::failure, fmt::format("no session with id {}", id));
  return list.front();
}

bool session_key_exists(Database& db, std::int64_t series_id, const std::string& key) {
  return db.read([&] {
    SQLite::Statement q(db.sql(), "SELECT 1 FROM session WHERE series_id = ? AND key = ?");
    q.bind(1, series_id);
    q.bind(2, key);
    return q.executeStep();
  });
}

std::int64_t insert_session(Database& db, const domain::Session& s) {
  if (session_key_exists(db, s.series_id, s.key))
    throw Error(Exit::failure, fmt::format("the series already has a session with key '{}' (give --key)", s.key));
  return db.read([&] {
    const auto now = now_text();
    SQLite::Statement q(db.sql(), k_insert_session);
    bind_insert(q, s, now);
    // Its number is the series' next (one update of its counter, which never goes back), given
    // here rather than by the schema's trigger, whose second UPDATE (the session's number) the
    // log would show as "number null -> N".
    SQLite::Statement next(db.sql(), "UPDATE series SET last_session_number = last_session_number + 1 WHERE id = ? "
                                     "RETURNING last_session_number");
    next.bind(1, s.series_id);
    if (next.executeStep()) q.bind(13, next.getColumn(0).getInt64());
    next.reset();
    q.exec();
    return db.sql().getLastInsertRowid();
  });
}

void update_session(Database& db, const domain::Session& s) {
  db.read([&] {
    SQLite::Statement q(db.sql(), k_update_session);
    bind_update(q, s);
    q.exec();
  });
}

void set_presenters(Database& db, std::int64_t session_id, const std::vector<std::int64_t>& ids) {
  db.read([&] {
    SQLite::Statement del(db.sql(), "DELETE FROM session_person WHERE session_id = ? AND role = 'presenter'");
    del.bind(1, session_id);
    del.exec();
    SQLite::Statement ins(db.sql(), "INSERT OR IGNORE INTO session_person (session_id, participant_id, role, position) "
                                    "VALUES (?, ?, 'presenter', ?)");
    int position = 0;
    for (auto id : ids) {
      ins.bind(1, session_id);
      ins.bind(2, id);
      ins.bind(3, position++);
      ins.exec();
      ins.reset();
    }
  });
}

void set_session_domains(Database& db, std::int64_t session_id, const std::vector<std::string>& codes) {
  db.read([&] {
    std::vector<std::string> current;
    SQLite::Statement cur(db.sql(), "SELECT code FROM session_domain WHERE session_id = ? ORDER BY code");
    cur.bind(1, session_id);
    while (cur.executeStep()) current.push_back(cur.getColumn(0).getString());
    if (current == codes) return; // no churn in the history
    SQLite::Statement del(db.sql(), "DELETE FROM session_domain WHERE session_id = ?");
    del.bind(1, session_id);
    del.exec();
    SQLite::Statement ins(db.sql(), "INSERT OR IGNORE INTO session_domain (session_id, code) VALUES (?, ?)");
    for (const auto& c : codes) {
      ins.bind(1, session_id);
      ins.bind(2, c);
      ins.exec();
      ins.reset();
    }
  });
}

void set_facilitator(Database& db, std::int64_t session_id, std::optional<std::int64_t> participant_id) {
  db.read([&] {
    SQLite::Statement del(db.sql(), "DELETE FROM session_person WHERE session_id = ? AND role = 'facilitator'");
    del.bind(1, session_id);
    del.exec();
    if (!participant_id) return;
    SQLite::Statement ins(db.sql(), "INSERT INTO session_person (session_id, participant_id, role, position) "
                                    "VALUES (?, ?, 'facilitator', 0)");
    ins.bind(1, session_id);
    ins.bind(2, *participant_id);
    ins.exec();
  });
}

void delete_session(Database& db, std::int64_t session_id) {
  db.read([&] {
    SQLite::Statement q(db.sql(), "DELETE FROM session WHERE id = ?");
    q.bind(1, session_id);
    q.exec();
  });
}

int attendance_count(Database& db, std::int64_t session_id) {
  return db.read([&] {
    SQLite::Statement q(db.sql(), "SELECT count(*) FROM attendance WHERE session_id = ?");
    q.bind(1, session_id);
    q.executeStep();
    return q.getColumn(0).getInt();
  });
}

std::map<std::int64_t, int> attendance_counts(Database& db, std::int64_t series_id) {
  std::map<std::int64_t, int> out;
  db.read([&] {
    SQLite::Statement q(db.sql(),
                        "SELECT a.session_id, count(*) FROM session s JOIN attendance a ON a.session_id = s.id "
                        "WHERE s.series_id = ? GROUP BY a.session_id");
    q.bind(1, series_id);
    while (q.executeStep()) out.emplace(q.getColumn(0).getInt64(), q.getColumn(1).getInt());
  });
  return out;
}

std::int64_t add_case(Database& db, std::int64_t session_id, std::int64_t presenter_id, const std::string& title) {
  return db.read([&] {
    SQLite::Statement q(db.sql(), "INSERT INTO case_presentation (session_id, presenter_id, title, created_at) "
                                  "VALUES (?, ?, ?, ?)");
    q.bind(1, session_id);
    q.bind(2, presenter_id);
    q.bind(3, title);
    q.bind(4, now_text());
    q.exec();
    return db.sql().getLastInsertRowid();
  });
}

std::vector<domain::CasePresentation> list_cases(Database& db, std::int64_t session_id) {
  return db.read([&] {
    std::vector<domain::CasePresentation> out;
    SQLite::Statement q(db.sql(), R"sql(
      SELECT c.id, c.session_id, coalesce(p.email, p.name), c.title, c.created_at
        FROM case_presentation c JOIN participant p ON p.id = c.presenter_id
       WHERE c.session_id = ? ORDER BY c.id)sql");
    q.bind(1, session_id);
    while (q.executeStep())
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                     q.getColumn(3).getString(), q.getColumn(4).getString()});
    return out;
  });
}

bool import_recorded(Database& db, const std::string& kind, const std::string& hash, std::int64_t series_id) {
  return db.read([&] {
    SQLite::Statement q(db.sql(),
                        "SELECT 1 FROM import_file WHERE content_hash = ? AND kind = ? AND series_id = ? LIMIT 1");
    q.bind(1, hash);
    q.bind(2, kind);
    q.bind(3, series_id);
    return q.executeStep();
  });
}

void record_import(Database& db, const std::string& kind, const std::string& hash, const std::string& file_name,
                   std::int64_t series_id, int rows, const std::string& actor) {
  db.read([&] {
    SQLite::Statement q(db.sql(), "INSERT INTO import_file (kind, content_hash, file_name, series_id, rows, actor, "
                                  "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, kind);
    q.bind(2, hash);
    q.bind(3, file_name);
    q.bind(4, series_id);
    q.bind(5, rows);
    q.bind(6, actor);
    q.bind(7, now_text());
    q.exec();
  });
}

bool schedule_untouched_since_import(Database& db, const std::string& kind, const std::string& hash,
                                     std::int64_t series_id, const std::vector<std::string>& emails) {
  return db.read([&] {
    SQLite::Statement f(db.sql(), "SELECT max(id) FROM import_file WHERE content_hash = ? AND kind = ? AND "
                                  "series_id = ?");
    f.bind(1, hash);
    f.bind(2, kind);
    f.bind(3, series_id);
    if (!f.executeStep() || f.getColumn(0).isNull()) return false;
    const auto file_id = f.getColumn(0).getInt64();
    // The history, newest first, back to the write that recorded the file: any change since to
    // what a schedule import compares means the sessions must be compared again.
    constexpr int k_look_back = 10000;
    SQLite::Statement h(db.sql(),
                        "SELECT audit_id, tbl, op, row_key, old_key FROM change_row ORDER BY id DESC LIMIT ?");
    h.bind(1, k_look_back);
    std::optional<std::int64_t> latest_change; // the newest entry that changed something compared
    std::optional<std::int64_t> entry;         // the one that recorded the file
    while (h.executeStep()) {
      const auto audit = h.getColumn(0).getInt64();
      const std::string tbl = h.getColumn(1).getString();
      const std::string op = h.getColumn(2).getString();
      if (tbl == "import_file") {
        const auto first = std::stoll(h.getColumn(3).getString());
        const auto last = op == "inserts" ? std::stoll(h.getColumn(4).getString()) : first;
        if ((op == "insert" || op == "inserts") && first <= file_id && file_id <= last) {
          entry = audit;
          break;
        }
        continue;
      }
      const bool person = tbl == "participant" && op != "insert" && op != "inserts";
      if (person || tbl == "participant_alias" || tbl.rfind("series", 0) == 0 || tbl.rfind("session", 0) == 0)
        latest_change = std::max(latest_change.value_or(audit), audit);
    }
    if (!entry || (latest_change && *latest_change > *entry)) return false;
    // Each email someone's own address (an alias is stored as its owner's address).
    if (!emails.empty()) {
      SQLite::Statement p(db.sql(), "SELECT count(*) FROM participant WHERE email IN (SELECT value FROM json_each(?))");
      std::string list = "[";
      for (std::size_t i = 0; i < emails.size(); ++i) {
        if (i) list += ',';
        list += '"';
        for (char c : emails[i]) {
          if (c == '"' || c == '\\') list += '\\';
          list += c;
        }
        list += '"';
      }
      list += ']';
      p.bind(1, list);
      if (!p.executeStep() || p.getColumn(0).getInt64() != static_cast<std::int64_t>(emails.size())) return false;
    }
    // Two sessions at one start were kept with --allow-overlap: an import without it refuses them.
    SQLite::Statement o(db.sql(), "SELECT 1 FROM session WHERE series_id = ? AND " + rules::not_cancelled("session") +
                                      " GROUP BY start_utc HAVING count(*) > 1 LIMIT 1");
    o.bind(1, series_id);
    return !o.executeStep();
  });
}

void ScheduleWriter::reserve_numbers(std::int64_t series_id, std::int64_t count) {
  if (count <= 0) return;
  m_db.read([&] {
    SQLite::Statement last(m_db.sql(), "SELECT last_session_number FROM series WHERE id = ?");
    last.bind(1, series_id);
    if (!last.executeStep()) return; // no such series: the insert will fail on its key
    const auto from = last.getColumn(0).getInt64() + 1;
    SQLite::Statement bump(m_db.sql(), "UPDATE series SET last_session_number = ?2 WHERE id = ?1");
    bump.bind(1, series_id);
    bump.bind(2, from + count - 1);
    bump.exec();
    auto& numbers = m_numbers[series_id];
    // Numbers reserved before and not yet given stay usable only when they run on.
    if (numbers.next == 0 || numbers.next > numbers.last || numbers.last + 1 != from) numbers.next = from;
    numbers.last = from + count - 1;
  });
}

std::int64_t ScheduleWriter::insert_session(const domain::Session& s) {
  return m_db.read([&] {
    const auto& now = m_now;
    auto& q = prepared(m_insert, m_db.sql(), k_insert_session);
    bind_insert(q, s, now);
    // The schema's trigger numbers the row when no reserved number is left (number NULL).
    if (auto it = m_numbers.find(s.series_id); it != m_numbers.end() && it->second.next <= it->second.last)
      q.bind(13, it->second.next++);
    q.exec();
    return m_db.sql().getLastInsertRowid();
  });
}

void ScheduleWriter::update_session(const domain::Session& s) {
  m_db.read([&] {
    auto& q = prepared(m_update, m_db.sql(), k_update_session);
    bind_update(q, s);
    q.exec();
  });
}

std::int64_t ScheduleWriter::participant(const std::string& ref) {
  // Not an email: an id or an email alias, as find_participant reads it.
  if (!util::looks_like_email(util::trim(ref))) return find_participant(m_db, ref);
  const auto key = util::normalize_email(ref);
  if (!util::looks_like_email(key)) throw Error(Exit::data, fmt::format("'{}' is not an email address", ref));
  return m_db.read([&] {
    auto& q = prepared(m_by_email, m_db.sql(), k_participant_by_email);
    q.bind(1, key);
    if (q.executeStep()) return q.getColumn(0).getInt64();
    const auto& now = m_now;
    auto& ins = prepared(m_new_person, m_db.sql(),
                         "INSERT INTO participant (name, name_key, email, created_at, updated_at) "
                         "VALUES ('', ?, ?, ?, ?)");
    ins.bind(1, util::name_key(""));
    ins.bind(2, key);
    ins.bind(3, now);
    ins.bind(4, now);
    ins.exec();
    return m_db.sql().getLastInsertRowid();
  });
}

namespace {

// Rows of session_person per INSERT of a batch: one statement (its start, its end, its
// statement journal) for 64 rows instead of one each. OR IGNORE: a presenter named twice in one
// session is written once, as before; a fresh session's facilitator meets no other row.
constexpr std::size_t k_people_batch = 64;

std::string people_insert(std::size_t rows) {
  std::string text = "INSERT OR IGNORE INTO session_person (session_id, participant_id, role, position) VALUES ";
  for (std::size_t i = 0; i < rows; ++i) text += i ? ",(?,?,?,?)" : "(?,?,?,?)";
  return text;
}

} // namespace

void ScheduleWriter::flush_people() {
  if (m_people.empty()) return;
  m_db.read([&] {
    static const std::string batch_text = people_insert(k_people_batch);
    static const std::string one_text = people_insert(1);
    std::size_t i = 0;
    const auto bind_rows = [&](SQLite::Statement& q, std::size_t rows) {
      for (std::size_t r = 0; r < rows; ++r, ++i) {
        const auto& row = m_people[i];
        const int at = static_cast<int>(r * 4);
        q.bind(at + 1, row.session_id);
        q.bind(at + 2, row.participant_id);
        q.bindNoCopy(at + 3, row.role);
        q.bind(at + 4, row.position);
      }
      q.exec();
    };
    while (m_people.size() - i >= k_people_batch)
      bind_rows(prepared(m_add_people, m_db.sql(), batch_text.c_str()), k_people_batch);
    while (i < m_people.size()) bind_rows(prepared(m_add_person, m_db.sql(), one_text.c_str()), 1);
  });
  m_people.clear();
}

void ScheduleWriter::finish() { flush_people(); }

void ScheduleWriter::set_presenters(std::int64_t session_id, const std::vector<std::int64_t>& ids, bool fresh) {
  if (fresh) {
    int position = 0;
    for (auto id : ids) m_people.push_back({session_id, id, "presenter", position++});
    if (m_people.size() >= k_people_batch) flush_people();
    return;
  }
  flush_people(); // the rows keep the order they were given in
  m_db.read([&] {
    auto& del = prepared(m_del_presenters, m_db.sql(),
                         "DELETE FROM session_person WHERE session_id = ? AND role = 'presenter'");
    del.bind(1, session_id);
    del.exec();
    int position = 0;
    for (auto id : ids) {
      auto& ins = prepared(m_add_presenter, m_db.sql(),
                           "INSERT OR IGNORE INTO session_person (session_id, participant_id, role, "
                           "position) VALUES (?, ?, 'presenter', ?)");
      ins.bind(1, session_id);
      ins.bind(2, id);
      ins.bind(3, position++);
      ins.exec();
    }
  });
}

void ScheduleWriter::set_facilitator(std::int64_t session_id, std::optional<std::int64_t> participant_id, bool fresh) {
  if (fresh) {
    if (participant_id) m_people.push_back({session_id, *participant_id, "facilitator", 0});
    if (m_people.size() >= k_people_batch) flush_people();
    return;
  }
  flush_people();
  m_db.read([&] {
    auto& del = prepared(m_del_facilitator, m_db.sql(),
                         "DELETE FROM session_person WHERE session_id = ? AND role = 'facilitator'");
    del.bind(1, session_id);
    del.exec();
    if (!participant_id) return;
    auto& ins = prepared(m_add_facilitator, m_db.sql(),
                         "INSERT INTO session_person (session_id, participant_id, role, position) "
                         "VALUES (?, ?, 'facilitator', 0)");
    ins.bind(1, session_id);
    ins.bind(2, *participant_id);
    ins.exec();
  });
}

void ScheduleWriter::set_domains(std::int64_t session_id, const std::vector<std::string>& codes, bool fresh) {
  m_db.read([&] {
    if (!fresh) {
      std::vector<std::string> current;
      auto& cur = prepared(m_domains, m_db.sql(), "SELECT code FROM session_domain WHERE session_id = ? ORDER BY code");
      cur.bind(1, session_id);
      while (cur.executeStep()) current.push_back(cur.getColumn(0).getString());
      if (current == codes) return; // no churn in the history
      auto& del = prepared(m_del_domains, m_db.sql(), "DELETE FROM session_domain WHERE session_id = ?");
      del.bind(1, session_id);
      del.exec();
    }
    for (const auto& c : codes) {
      auto& ins =
          prepared(m_add_domain, m_db.sql(), "INSERT OR IGNORE INTO session_domain (session_id, code) VALUES (?, ?)");
      ins.bind(1, session_id);
      ins.bind(2, c);
      ins.exec();
    }
  });
}

} // namespace echo::db
