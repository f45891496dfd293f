#include "echo/db/registration_repo.hpp"

#include "echo/db/columns.hpp"

#include "echo/db/rules.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/util/text.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace echo::db {

namespace {

void bind_opt(SQLite::Statement& q, int index, const std::optional<std::int64_t>& v) {
  if (v)
    q.bind(index, *v);
  else
    q.bind(index);
}

void bind_opt(SQLite::Statement& q, int index, const std::optional<std::string>& v) {
  if (v)
    q.bind(index, *v);
  else
    q.bind(index);
}

} // namespace

RegistrationRepo::RegistrationRepo(Database& db) : m_db(db), m_now(now_text()) {}

std::optional<std::int64_t> RegistrationRepo::find(const RegistrationTarget& target, std::int64_t participant_id) {
  auto& slot = target.session_id ? m_find_session : m_find_series;
  if (!slot)
    slot.emplace(m_db.sql(), target.session_id
                                 ? "SELECT id FROM registration WHERE session_id = ?1 AND participant_id = ?2"
                                 : "SELECT id FROM registration WHERE series_id = ?1 AND participant_id = ?2");
  auto& q = *slot;
  q.reset();
  q.bind(1, target.session_id ? *target.session_id : target.series_id.value_or(0));
  q.bind(2, participant_id);
  if (q.executeStep()) return q.getColumn(0).getInt64();
  return std::nullopt;
}

bool RegistrationRepo::add(const RegistrationTarget& target, std::int64_t participant_id,
                           const std::optional<std::string>& registered_at, const std::optional<std::string>& approval,
                           const std::string& source, const std::string& file_name) {
  // One statement a row: the unique indexes on (session, participant) and (series, participant)
  // say whether the registration was there already.
  if (!m_insert)
    m_insert.emplace(m_db.sql(),
                     "INSERT OR IGNORE INTO registration (participant_id, session_id, series_id, registered_at, "
                     "approval, source, file_name, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  auto& q = *m_insert;
  q.reset();
  q.bind(1, participant_id);
  bind_opt(q, 2, target.session_id);
  bind_opt(q, 3, target.session_id ? std::nullopt : target.series_id);
  bind_opt(q, 4, registered_at);
  bind_opt(q, 5, approval);
  // The same for every row of a file: bound when they change (a bound text is a copy).
  if (m_insert_source.empty() || source != m_insert_source || file_name != m_insert_file) {
    q.bind(6, source);
    q.bind(7, file_name);
    q.bind(8, m_now);
    m_insert_source = source;
    m_insert_file = file_name;
  }
  return q.exec() > 0;
}

namespace {

// Rows a multi-row INSERT writes: 5 parameters each, within SQLite's 32,766.
constexpr std::size_t k_batch_rows = 128;

std::string batch_insert_sql(std::size_t rows) {
  std::string sql = "INSERT OR IGNORE INTO registration (participant_id, session_id, series_id, registered_at, "
                    "approval, source, file_name, created_at) VALUES ";
  for (std::size_t i = 0; i < rows; ++i) {
    const auto p = 4 + i * 5;
    if (i > 0) sql += ',';
    sql += "(?" + std::to_string(p) + ",?" + std::to_string(p + 1) + ",?" + std::to_string(p + 2) + ",?" +
           std::to_string(p + 3) + ",?" + std::to_string(p + 4) + ",?1,?2,?3)";
  }
  return sql;
}

} // namespace

void RegistrationRepo::queue(const RegistrationTarget& target, std::int64_t participant_id,
                             std::optional<std::string> registered_at, std::optional<std::string> approval,
                             const std::string& source, const std::string& file_name) {
  if (!m_pending.empty() && (source != m_pending_source || file_name != m_pending_file)) {
    write_batch(0, m_pending.size());
    m_pending.clear();
  }
  if (m_pending.empty()) {
    m_pending_source = source;
    m_pending_file = file_name;
  }
  m_pending.push_back({participant_id, target.session_id, target.session_id ? std::nullopt : target.series_id,
                       std::move(registered_at), std::move(approval)});
  if (m_pending.size() == k_batch_rows) {
    write_batch(0, m_pending.size());
    m_pending.clear();
  }
}

std::int64_t RegistrationRepo::flush() {
  write_batch(0, m_pending.size());
  m_pending.clear();
  return std::exchange(m_queued_added, 0);
}

void RegistrationRepo::write_batch(std::size_t from, std::size_t count) {
  if (count < k_batch_rows) { // the tail of a file: a statement a row, as add() writes
    for (std::size_t i = from; i < from + count; ++i) {
      const auto& r = m_pending[i];
      if (add({r.session, r.series}, r.participant, r.registered_at, r.approval, m_pending_source, m_pending_file))
        ++m_queued_added;
    }
    return;
  }
  if (!m_batch) {
    m_batch.emplace(m_db.sql(), batch_insert_sql(k_batch_rows));
    m_batch->bind(3, m_now);
  }
  auto& q = *m_batch;
  q.reset();
  // The texts live in m_pending until the statement has run: bound without a copy.
  q.bindNoCopy(1, m_pending_source);
  q.bindNoCopy(2, m_pending_file);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& r = m_pending[from + i];
    const auto p = static_cast<int>(4 + i * 5);
    q.bind(p, r.participant);
    bind_opt(q, p + 1, r.session);
    bind_opt(q, p + 2, r.series);
    if (r.registered_at)
      q.bindNoCopy(p + 3, *r.registered_at);
    else
      q.bind(p + 3);
    if (r.approval)
      q.bindNoCopy(p + 4, *r.approval);
    else
      q.bind(p + 4);
  }
  m_queued_added += q.exec();
  q.reset();
  q.clearBindings();
  q.bind(3, m_now);
}

std::optional<std::int64_t> RegistrationRepo::session_numbered(std::int64_t series_id, std::int64_t number) {
  auto& q = prepared(m_session_numbered, m_db.sql(), "SELECT id FROM session WHERE series_id = ?1 AND number = ?2");
  q.bind(1, series_id);
  q.bind(2, number);
  std::optional<std::int64_t> id;
  if (q.executeStep()) id = q.getColumn(0).getInt64();
  q.reset();
  return id;
}

void RegistrationRepo::verify_keys(const std::vector<std::int64_t>& participants,
                                   const std::vector<std::int64_t>& sessions, const std::vector<std::int64_t>& series) {
  const auto missing = [&](const char* table, const std::vector<std::int64_t>& ids) {
    if (ids.empty()) return;
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT value FROM json_each(?) WHERE NOT EXISTS "
                                                "(SELECT 1 FROM {} t WHERE t.id = json_each.value) LIMIT 1",
                                                table));
    q.bind(1, fmt::format("[{}]", fmt::join(ids, ",")));
    if (q.executeStep())
      throw Error(Exit::failure, fmt::format("internal error: a registration would refer to {} {}, which does not "
                                             "exist",
                                             table, q.getColumn(0).getInt64()));
  };
  missing("participant", participants);
  missing("session", sessions);
  missing("series", series);
}

void RegistrationRepo::remove(std::int64_t id) {
  SQLite::Statement q(m_db.sql(), "DELETE FROM registration WHERE id = ?");
  q.bind(1, id);
  q.exec();
}

std::vector<RegistrationEntry> RegistrationRepo::list(std::optional<std::int64_t> session_id,
                                                      std::optional<std::int64_t> series_id,
                                                      std::optional<std::int64_t> participant_id) {
  SQLite::Statement q(m_db.sql(), "SELECT r.id, CASE WHEN s.id IS NULL THEN NULL ELSE " +
                                      rules::session_ref("sr", "s") +
                                      R"sql( END,
       coalesce(sr.code, rs.code), p.email, p.name, r.registered_at, r.approval, r.source
  FROM registration r
  JOIN participant p ON p.id = r.participant_id
  LEFT JOIN session s ON s.id = r.session_id
  LEFT JOIN series sr ON sr.id = s.series_id
  LEFT JOIN series rs ON rs.id = r.series_id
 WHERE (:session IS NULL OR r.session_id = :session
        OR r.series_id = (SELECT series_id FROM session WHERE id = :session))
   AND (:series IS NULL OR r.series_id = :series OR s.series_id = :series)
   AND (:participant IS NULL OR r.participant_id = :participant)
 ORDER BY coalesce(sr.code, rs.code), coalesce(s.number, 0), p.name, p.id)sql");
  bind_opt(q, q.getIndex(":session"), session_id);
  bind_opt(q, q.getIndex(":series"), series_id);
  bind_opt(q, q.getIndex(":participant"), participant_id);
  std::vector<RegistrationEntry> out;
  while (q.executeStep()) {
    RegistrationEntry e;
    e.id = q.getColumn(0).getInt64();
    e.session = opt_text(q.getColumn(1));
    e.series = q.getColumn(2).getString();
    e.email = opt_text(q.getColumn(3));
    e.name = q.getColumn(4).getString();
    e.registered_at = opt_text(q.getColumn(5));
    e.approval = opt_text(q.getColumn(6));
    e.source = q.getColumn(7).getString();
    out.push_back(std::move(e));
  }
  return out;
}

bool RegistrationRepo::fill_empty(std::int64_t participant_id, const std::string& profession,
                                  const std::string& organization, const std::string& region) {
  if (profession.empty() && organization.empty() && region.empty()) return false;
  if (!m_fill)
    m_fill.emplace(m_db.sql(), R"sql(
UPDATE participant SET
  profession = CASE WHEN ?2 <> '' AND trim(coalesce(profession, '')) = '' THEN ?2 ELSE profession END,
  organization = CASE WHEN ?3 <> '' AND trim(coalesce(organization, '')) = '' THEN ?3 ELSE organization END,
  region = CASE WHEN ?4 <> '' AND trim(coalesce(region, '')) = '' THEN ?4 ELSE region END,
  updated_at = ?5
 WHERE id = ?1
   AND ((?2 <> '' AND trim(coalesce(profession, '')) = '') OR (?3 <> '' AND trim(coalesce(organization, '')) = '')
        OR (?4 <> '' AND trim(coalesce(region, '')) = '')))sql");
  auto& q = *m_fill;
  q.reset();
  q.bind(1, participant_id);
  q.bind(2, profession);
  q.bind(3, organization);
  q.bind(4, region);
  q.bind(5, m_now);
  return q.exec() > 0;
}

std::vector<domain::RegistrationReportRow> report_registration_sessions(Database& db, const domain::Params& params) {
  return db.read([&] {
    // reg: who registered for each session of the period (for it or its series, once);
    // rc: per session, how many, and how many of them have no attendance in any role;
    // ac: per held session, participant-role attendance and those of it not registered.
    SQLite::Statement q(db.sql(), "WITH scope AS (SELECT s.id, s.series_id, s.number, s.local_date, s.start_utc, "
                                  "CASE WHEN " +
                                      rules::held("s") + " THEN 1 ELSE 0 END AS held FROM session s WHERE " +
                                      rules::period_filter("s") +
                                      R"sql(),
reg AS (SELECT sc.id AS session_id, r.participant_id FROM scope sc JOIN registration r ON r.session_id = sc.id
        UNION
        SELECT sc.id, r.participant_id FROM scope sc JOIN registration r ON r.series_id = sc.series_id),
rc AS (SELECT reg.session_id, count(*) AS registered,
              sum(NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = reg.session_id
                                 AND a.participant_id = reg.participant_id)) AS no_shows
         FROM reg GROUP BY reg.session_id),
ac AS (SELECT a.session_id, count(*) AS attended,
              sum(NOT EXISTS (SELECT 1 FROM registration r WHERE r.session_id = a.session_id
                                 AND r.participant_id = a.participant_id)
                  AND NOT EXISTS (SELECT 1 FROM registration r WHERE r.series_id = sc.series_id
                                     AND r.participant_id = a.participant_id)) AS walk_ins
         FROM scope sc JOIN attendance a ON a.session_id = sc.id
        WHERE sc.held = 1 AND a.role = 'participant' GROUP BY a.session_id)
SELECT )sql" + rules::session_ref("r", "sc") +
                                      R"sql(, r.code, sc.local_date, sc.held, coalesce(rc.registered, 0),
       coalesce(ac.attended, 0), coalesce(rc.no_shows, 0), coalesce(ac.walk_ins, 0)
  FROM scope sc JOIN series r ON r.id = sc.series_id
  LEFT JOIN rc ON rc.session_id = sc.id LEFT JOIN ac ON ac.session_id = sc.id
 ORDER BY sc.start_utc, r.code, sc.id)sql");
    bind_opt(q, q.getIndex(":series"), params.series_id);
    bind_opt(q, q.getIndex(":from"), params.from);
    bind_opt(q, q.getIndex(":to"), params.to);
    q.bind(q.getIndex(":as_of"), params.as_of_utc);
    std::vector<domain::RegistrationReportRow> out;
    while (q.executeStep()) {
      domain::RegistrationReportRow row;
      row.session = q.getColumn(0).getString();
      row.series = q.getColumn(1).getString();
      row.date = q.getColumn(2).getString();
      row.held = q.getColumn(3).getInt() != 0;
      row.registered = q.getColumn(4).getInt64();
      if (row.held) {
        row.attended = q.getColumn(5).getInt64();
        row.no_shows = q.getColumn(6).getInt64();
        row.walk_ins = q.getColumn(7).getInt64();
      }
      out.push_back(std::move(row));
    }
    return out;
  });
}

domain::RegistrationRows report_registrations(Database& db, const domain::Params& params) {
  return db.read([&] {
    auto& sql = db.sql();
    domain::RegistrationRows out;
    const std::string scope = "scope AS (SELECT s.id, s.series_id, s.number, s.local_date, s.start_utc, CASE WHEN " +
                              rules::held("s") + " THEN 1 ELSE 0 END AS held FROM session s WHERE " +
                              rules::period_filter("s") + ")";
    auto bind = [&](SQLite::Statement& q) {
      bind_opt(q, q.getIndex(":series"), params.series_id);
      bind_opt(q, q.getIndex(":from"), params.from);
      bind_opt(q, q.getIndex(":to"), params.to);
      q.bind(q.getIndex(":as_of"), params.as_of_utc);
    };

    // The sessions of the period.
    std::unordered_map<std::int64_t, std::size_t> index; // session id -> row
    {
      SQLite::Statement q(sql, "WITH " + scope + R"sql(
SELECT sc.id, )sql" + rules::session_ref("r", "sc") +
                                   R"sql(, r.code, sc.local_date, sc.held
  FROM scope sc JOIN series r ON r.id = sc.series_id ORDER BY sc.start_utc, r.code, sc.id)sql");
      bind(q);
      while (q.executeStep()) {
        domain::RegistrationSession row;
        row.session = q.getColumn(1).getString();
        row.series = q.getColumn(2).getString();
        row.date = q.getColumn(3).getString();
        row.held = q.getColumn(4).getInt() != 0;
        index.emplace(q.getColumn(0).getInt64(), out.sessions.size());
        out.sessions.push_back(std::move(row));
      }
    }

    // One fact per person and session of the period that they registered for or attended.
    {
      SQLite::Statement q(sql, "WITH " + scope + R"sql(,
reg AS (SELECT sc.id AS session_id, r.participant_id FROM scope sc JOIN registration r ON r.session_id = sc.id
        UNION
        SELECT sc.id, r.participant_id FROM scope sc JOIN registration r ON r.series_id = sc.series_id),
came AS (SELECT a.session_id, a.participant_id, max(a.role = 'participant') AS participant
           FROM scope sc JOIN attendance a ON a.session_id = sc.id WHERE sc.held = 1
          GROUP BY a.session_id, a.participant_id),
people AS (SELECT session_id, participant_id FROM reg UNION SELECT session_id, participant_id FROM came)
SELECT pe.session_id, pe.participant_id, reg.participant_id IS NOT NULL, came.participant_id IS NOT NULL,
       coalesce(came.participant, 0)
  FROM people pe
  LEFT JOIN reg ON reg.session_id = pe.session_id AND reg.participant_id = pe.participant_id
  LEFT JOIN came ON came.session_id = pe.session_id AND came.participant_id = pe.participant_id)sql");
      bind(q);
      while (q.executeStep()) {
        const auto it = index.find(q.getColumn(0).getInt64());
        if (it == index.end()) continue;
        out.facts.push_back({it->second, q.getColumn(1).getInt64(), q.getColumn(2).getInt() != 0,
                             q.getColumn(3).getInt() != 0, q.getColumn(4).getInt() != 0});
      }
    }

    // Who they are: profession and region canonical when the reference data is loaded.
    {
      const bool with_ref =
          sql.execAndGet("SELECT count(*) FROM sqlite_temp_master WHERE name = 'participant_ref'").getInt() > 0;
      const std::string ref = with_ref ? "LEFT JOIN temp.participant_ref pr ON pr.participant_id = p.id"
                                       : "LEFT JOIN (SELECT id AS participant_id, nullif(trim(profession), '') AS "
                                         "profession, nullif(trim(region), '') AS region FROM participant) pr ON "
                                         "pr.participant_id = p.id";
      SQLite::Statement q(sql, "WITH " + scope + R"sql(,
ids AS (SELECT r.participant_id AS id FROM scope sc JOIN registration r ON r.session_id = sc.id OR r.series_id = sc.series_id
        UNION SELECT a.participant_id FROM scope sc JOIN attendance a ON a.session_id = sc.id)
SELECT p.id, p.email, p.name, pr.profession, pr.region FROM ids JOIN participant p ON p.id = ids.id )sql" +
                                   ref);
      bind(q);
      while (q.executeStep()) {
        domain::RegistrationPerson p;
        p.id = q.getColumn(0).getInt64();
        p.email = opt_text(q.getColumn(1));
        p.name = q.getColumn(2).getString();
        p.profession = opt_text(q.getColumn(3));
        p.region = opt_text(q.getColumn(4));
        out.people.push_back(std::move(p));
      }
    }
    return out;
  });
}

} // namespace echo::db
