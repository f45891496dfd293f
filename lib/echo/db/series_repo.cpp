#include "echo/db/series_repo.hpp"

#include "echo/db/columns.hpp"

#include "echo/db/rules.hpp"
#include "echo/db/session_repo.hpp"

#include <fmt/format.h>

namespace echo::db {

namespace {

constexpr const char* k_series_columns =
    "s.id, s.code, s.title, s.description, s.timezone, s.credit_hours, s.start_date, "
    "s.start_time, s.duration, s.repeat, s.weekday, s.week_of_month, s.count, "
    "s.until_date, s.archived_at, s.created_at, s.updated_at";

// A small whole number (weekday, week of month, count, duration), or nullopt.
std::optional<int> opt_small_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt();
}

domain::Series read_series(SQLite::Statement& q) {
  domain::Series s;
  s.id = q.getColumn(0).getInt64();
  s.code = q.getColumn(1).getString();
  s.title = q.getColumn(2).getString();
  s.description = q.getColumn(3).getString();
  s.timezone = q.getColumn(4).getString();
  s.credit_hours = q.getColumn(5).getDouble();
  s.rule.start_date = opt_text(q.getColumn(6));
  s.rule.start_time = opt_text(q.getColumn(7));
  s.duration = q.getColumn(8).getInt();
  if (!q.getColumn(9).isNull()) s.rule.repeat = enum_column(q.getColumn(9), domain::parse_repeat, "series repeat");
  s.rule.weekday = opt_small_int(q.getColumn(10));
  s.rule.week_of_month = opt_small_int(q.getColumn(11));
  s.rule.count = opt_small_int(q.getColumn(12));
  s.rule.until_date = opt_text(q.getColumn(13));
  s.archived_at = opt_text(q.getColumn(14));
  s.created_at = q.getColumn(15).getString();
  s.updated_at = q.getColumn(16).getString();
  return s;
}

template <class T> void bind_series_opt(SQLite::Statement& q, int index, const std::optional<T>& v) {
  if (v)
    q.bind(index, *v);
  else
    q.bind(index);
}

void bind_series(SQLite::Statement& q, const domain::Series& s) {
  q.bind(1, s.code);
  q.bind(2, s.title);
  q.bind(3, s.description);
  q.bind(4, s.timezone);
  q.bind(5, s.credit_hours);
  bind_series_opt(q, 6, s.rule.start_date);
  bind_series_opt(q, 7, s.rule.start_time);
  q.bind(8, s.duration);
  bind_series_opt(q, 9, s.rule.repeat ? std::optional<std::string>(domain::name(*s.rule.repeat)) : std::nullopt);
  bind_series_opt(q, 10, s.rule.weekday);
  bind_series_opt(q, 11, s.rule.week_of_month);
  bind_series_opt(q, 12, s.rule.count);
  bind_series_opt(q, 13, s.rule.until_date);
}

void replace_skips(Database& db, std::int64_t id, const std::vector<std::string>& skip) {
  SQLite::Statement del(db.sql(), "DELETE FROM series_skip WHERE series_id = ?");
  del.bind(1, id);
  del.exec();
  SQLite::Statement ins(db.sql(), "INSERT OR IGNORE INTO series_skip (series_id, date) VALUES (?, ?)");
  for (const auto& d : skip) {
    ins.bind(1, id);
    ins.bind(2, d);
    ins.exec();
    ins.reset();
  }
}

std::vector<std::string> load_skips(Database& db, std::int64_t id) {
  std::vector<std::string> out;
  SQLite::Statement q(db.sql(), "SELECT date FROM series_skip WHERE series_id = ? ORDER BY date");
  q.bind(1, id);
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::vector<std::string> load_domains(Database& db, std::int64_t id) {
  std::vector<std::string> out;
  SQLite::Statement q(db.sql(), "SELECT code FROM series_domain WHERE series_id = ? ORDER BY code");
  q.bind(1, id);
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

// Rewrites the set only when it changed (the history records no churn).
void replace_domains(Database& db, std::int64_t id, const std::vector<std::string>& domains) {
  if (load_domains(db, id) == domains) return;
  SQLite::Statement del(db.sql(), "DELETE FROM series_domain WHERE series_id = ?");
  del.bind(1, id);
  del.exec();
  SQLite::Statement ins(db.sql(), "INSERT OR IGNORE INTO series_domain (series_id, code) VALUES (?, ?)");
  for (const auto& d : domains) {
    ins.bind(1, id);
    ins.bind(2, d);
    ins.exec();
    ins.reset();
  }
}

} // namespace

std::int64_t create_series(Database& db, const domain::Series& s) {
  return db.read([&] {
    SQLite::Statement exists(db.sql(), "SELECT 1 FROM series WHERE code = ?");
    exists.bind(1, s.code);
    if (exists.executeStep()) throw Error(Exit::failure, fmt::format("series '{}' already exists", s.code));
    const auto now = now_text();
    SQLite::Statement q(db.sql(), "INSERT INTO series (code, title, description, timezone, credit_hours, start_date, "
                                  "start_time, duration, repeat, weekday, week_of_month, count, until_date, "
                                  "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    bind_series(q, s);
    q.bind(14, now);
    q.bind(15, now);
    q.exec();
    const auto id = db.sql().getLastInsertRowid();
    replace_skips(db, id, s.rule.skip);
    replace_domains(db, id, s.domains);
    return id;
  });
}

std::optional<domain::Series> get_series(Database& db, const std::string& code) {
  return db.read([&]() -> std::optional<domain::Series> {
    SQLite::Statement q(db.sql(), fmt::format("SELECT {} FROM series s WHERE s.code = ?", k_series_columns));
    q.bind(1, code);
    if (!q.executeStep()) return std::nullopt;
    auto s = read_series(q);
    s.rule.skip = load_skips(db, s.id);
    s.domains = load_domains(db, s.id);
    return s;
  });
}

void update_series(Database& db, const domain::Series& s) {
  db.read([&] {
    SQLite::Statement q(db.sql(), "UPDATE series SET code = ?, title = ?, description = ?, timezone = ?, "
                                  "credit_hours = ?, start_date = ?, start_time = ?, duration = ?, repeat = ?, "
                                  "weekday = ?, week_of_month = ?, count = ?, until_date = ?, updated_at = ? "
                                  "WHERE id = ?");
    bind_series(q, s);
    q.bind(14, now_text());
    q.bind(15, s.id);
    q.exec();
    replace_skips(db, s.id, s.rule.skip);
    replace_domains(db, s.id, s.domains);
  });
}

bool archive_series(Database& db, std::int64_t series_id, const std::string& at) {
  return db.read([&] {
    SQLite::Statement q(db.sql(),
                        "UPDATE series SET archived_at = ?, updated_at = ? WHERE id = ? AND archived_at IS NULL");
    q.bind(1, at);
    q.bind(2, at);
    q.bind(3, series_id);
    return q.exec() > 0;
  });
}

std::vector<SeriesRow> list_series(Database& db, const std::string& now_utc, const std::string& status) {
  return db.read([&] {
    // Counts and status in one pass; status derived exactly as domain::series_status (planned:
    // nothing past, held or unrecorded).
    SQLite::Statement q(db.sql(), fmt::format(R"sql(
      WITH c AS (
        SELECT {},
               count(x.id) AS sessions,
               coalesce(sum({}), 0) AS held,
               coalesce(sum({}), 0) AS upcoming
          FROM series s LEFT JOIN session x ON x.series_id = s.id
         GROUP BY s.id)
      SELECT * FROM (
        SELECT c.*, CASE WHEN archived_at IS NOT NULL THEN 'archived'
                         WHEN held = 0 THEN 'planned'
                         WHEN upcoming = 0 THEN 'completed'
                         ELSE 'active' END AS derived
          FROM c)
       WHERE :status = '' OR derived = :status
       ORDER BY code)sql",
                                              k_series_columns, rules::past("x"), rules::upcoming("x")));
    q.bind(":as_of", now_utc);
    q.bind(":status", status);
    std::vector<SeriesRow> out;
    while (q.executeStep()) {
      SeriesRow row;
      row.series = read_series(q);
      row.counts.sessions = q.getColumn(17).getInt();
      row.counts.held = q.getColumn(18).getInt();
      row.counts.upcoming = q.getColumn(19).getInt();
      row.status = q.getColumn(20).getString();
      out.push_back(std::move(row));
    }
    return out;
  });
}

domain::SeriesCounts series_counts(Database& db, std::int64_t series_id, const std::string& now_utc) {
  return db.read([&] {
    SQLite::Statement q(db.sql(), fmt::format(R"sql(
      SELECT count(*), coalesce(sum({}), 0), coalesce(sum({}), 0), coalesce(sum({}), 0)
        FROM session s WHERE series_id = :series)sql",
                                              rules::held("s"), rules::upcoming("s"), rules::unrecorded("s")));
    q.bind(":as_of", now_utc);
    q.bind(":series", series_id);
    q.executeStep();
    return domain::SeriesCounts{q.getColumn(0).getInt(), q.getColumn(1).getInt(), q.getColumn(2).getInt(),
                                q.getColumn(3).getInt()};
  });
}

std::vector<domain::Series> all_series(Database& db) {
  return db.read([&] {
    std::vector<domain::Series> out;
    SQLite::Statement q(db.sql(), fmt::format("SELECT {} FROM series s ORDER BY s.code", k_series_columns));
    while (q.executeStep()) out.push_back(read_series(q));
    SQLite::Statement skips(db.sql(), "SELECT series_id, date FROM series_skip ORDER BY series_id, date");
    while (skips.executeStep())
      for (auto& s : out)
        if (s.id == skips.getColumn(0).getInt64()) s.rule.skip.push_back(skips.getColumn(1).getString());
    SQLite::Statement domains(db.sql(), "SELECT series_id, code FROM series_domain ORDER BY series_id, code");
    while (domains.executeStep())
      for (auto& s : out)
        if (s.id == domains.getColumn(0).getInt64()) s.domains.push_back(domains.getColumn(1).getString());
    return out;
  });
}

} // namespace echo::db
