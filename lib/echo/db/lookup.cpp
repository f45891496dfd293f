#include "echo/db/lookup.hpp"

#include "echo/util/text.hpp"

#include <fmt/format.h>

#include <charconv>
#include <vector>

namespace echo::db {

namespace {

std::optional<std::int64_t> parse_id(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

} // namespace

SeriesRef find_series(Database& db, const std::string& code) {
  return db.read([&] {
    SQLite::Statement q(db.sql(), "SELECT id, code, timezone FROM series WHERE code = ?");
    q.bind(1, code);
    if (q.executeStep())
      return SeriesRef{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString()};
    std::vector<std::string> codes;
    SQLite::Statement all(db.sql(), "SELECT code FROM series");
    while (all.executeStep()) codes.push_back(all.getColumn(0).getString());
    std::string hint;
    if (auto m = util::closest_match(code, codes)) hint = fmt::format(" (did you mean '{}'?)", *m);
    throw Error(Exit::failure, fmt::format("no series '{}'{}", code, hint));
  });
}

SessionRef session_by_id(Database& db, std::int64_t id) {
  return db.read([&] {
    SQLite::Statement q(db.sql(), R"sql(
      SELECT s.id, s.series_id, r.code, s.number
        FROM session s JOIN series r ON r.id = s.series_id
       WHERE s.id = ?)sql");
    q.bind(1, id);
    if (!q.executeStep()) throw Error(Exit::failure, fmt::format("no session with id {}", id));
    return SessionRef{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                      q.getColumn(3).getInt()};
  });
}

SessionRef find_session(Database& db, const std::string& ref) {
  if (auto id = parse_id(ref)) return session_by_id(db, *id);
  const auto slash = ref.rfind('/');
  if (slash == std::string::npos || slash == 0)
    throw Error(Exit::usage, fmt::format("invalid session reference '{}': use CODE/N (e.g. pc-2026/3) or an id", ref));
  const std::string code = ref.substr(0, slash);
  const auto n = parse_id(ref.substr(slash + 1));
  if (!n) throw Error(Exit::usage, fmt::format("invalid session reference '{}': N must be a positive number", ref));
  const auto series = find_series(db, code);
  return db.read([&] {
    SQLite::Statement q(db.sql(), "SELECT id FROM session WHERE series_id = ? AND number = ?");
    q.bind(1, series.id);
    q.bind(2, *n);
    if (!q.executeStep()) {
      SQLite::Statement c(db.sql(), "SELECT count(*), (SELECT last_session_number FROM series WHERE id = ?1) "
                                    "FROM session WHERE series_id = ?1");
      c.bind(1, series.id);
      c.executeStep();
      const int count = c.getColumn(0).getInt();
      const int last = c.getColumn(1).getInt();
      if (*n <= last)
        throw Error(Exit::failure, fmt::format("no session {}: it was removed (numbers are never given again; series "
                                               "'{}' has {} sessions, numbered up to {})",
                                               ref, code, count, last));
      throw Error(Exit::failure,
                  fmt::format("no session {}: series '{}' has {} sessions, numbered up to {}", ref, code, count, last));
    }
    return SessionRef{q.getColumn(0).getInt64(), series.id, series.code, static_cast<int>(*n)};
  });
}

const char* const k_participant_by_email = R"sql(
      SELECT id FROM participant WHERE email = ?1
      UNION ALL
      SELECT participant_id FROM participant_alias WHERE kind = 'email' AND key = ?1
      LIMIT 1)sql";

std::optional<std::int64_t> participant_by_email(Database& db, const std::string& email) {
  const auto key = util::normalize_email(email);
  return db.read([&]() -> std::optional<std::int64_t> {
    SQLite::Statement q(db.sql(), k_participant_by_email);
    q.bind(1, key);
    if (q.executeStep()) return q.getColumn(0).getInt64();
    return std::nullopt;
  });
}

std::int64_t find_participant(Database& db, const std::string& ref) {
  if (auto id = parse_id(ref)) {
    return db.read([&] {
      SQLite::Statement q(db.sql(), "SELECT id FROM participant WHERE id = ?");
      q.bind(1, *id);
      if (!q.executeStep()) throw Error(Exit::failure, fmt::format("no participant with id {}", *id));
      return q.getColumn(0).getInt64();
    });
  }
  if (auto id = participant_by_email(db, ref)) return *id;
  throw Error(Exit::failure, fmt::format("no participant '{}' (give an email or an id)", ref));
}

std::int64_t ensure_participant(Database& db, const std::string& email, const std::string& name) {
  const auto key = util::normalize_email(email);
  if (!util::looks_like_email(key)) throw Error(Exit::data, fmt::format("'{}' is not an email address", email));
  if (auto id = participant_by_email(db, key)) {
    if (!name.empty()) {
      db.read([&] {
        SQLite::Statement q(db.sql(), "UPDATE participant SET name = ?, name_key = ?, updated_at = ? "
                                      "WHERE id = ? AND name = ''");
        q.bind(1, name);
        q.bind(2, util::name_key(name));
        q.bind(3, now_text());
        q.bind(4, *id);
        q.exec();
      });
    }
    return *id;
  }
  return db.read([&] {
    const auto now = now_text();
    SQLite::Statement q(db.sql(), "INSERT INTO participant (name, name_key, email, created_at, updated_at) "
                                  "VALUES (?, ?, ?, ?, ?)");
    q.bind(1, name);
    q.bind(2, util::name_key(name));
    q.bind(3, key);
    q.bind(4, now);
    q.bind(5, now);
    q.exec();
    return db.sql().getLastInsertRowid();
  });
}

void audit(Database& db, const std::string& actor, const std::string& action, const std::string& entity,
           std::optional<std::int64_t> entity_id, const std::string& reason, const std::string& details_json) {
  db.read([&] {
    // The id the history filed this write's rows under (the next one, as the database counts).
    SQLite::Statement q(db.sql(), "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, reason, details) "
                                  "VALUES (?8, ?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (const auto next = db.next_entry()) q.bind(8, *next);
    q.bind(1, now_text());
    q.bind(2, actor);
    q.bind(3, action);
    q.bind(4, entity);
    if (entity_id)
      q.bind(5, *entity_id);
    else
      q.bind(5);
    if (reason.empty())
      q.bind(6);
    else
      q.bind(6, reason);
    q.bind(7, details_json);
    q.exec();
    db.claim_changes(db.sql().getLastInsertRowid());
  });
}

} // namespace echo::db
