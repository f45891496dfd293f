#include "echo/db/completion_repo.hpp"

#include "echo/db/rules.hpp"

namespace echo::db {

namespace {

// Prefix match that an index can serve: [prefix, prefix + U+10FFFF).
std::vector<std::string> starting_with(Database& db, const char* sql, const std::string& prefix, int limit) {
  return db.read([&] {
    std::vector<std::string> out;
    SQLite::Statement q(db.sql(), sql);
    q.bind(1, prefix);
    q.bind(2, prefix + "\xf4\x8f\xbf\xbf");
    q.bind(3, limit);
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

} // namespace

std::vector<std::string> complete_series(Database& db, const std::string& prefix, int limit) {
  return starting_with(db, "SELECT code FROM series WHERE code >= ?1 AND code < ?2 ORDER BY code LIMIT ?3", prefix,
                       limit);
}

std::vector<std::string> complete_sessions(Database& db, const std::string& prefix, int limit) {
  const auto slash = prefix.find('/');
  if (slash == std::string::npos) {
    auto codes = complete_series(db, prefix, limit);
    for (auto& c : codes) c += "/";
    return codes;
  }
  // CODE/N: the session's stored number (given once, never reused).
  return db.read([&] {
    std::vector<std::string> out;
    SQLite::Statement q(db.sql(), "SELECT " + rules::session_ref("r", "s") +
                                      R"sql( FROM session s JOIN series r ON r.id = s.series_id
      WHERE r.code = ?1 ORDER BY s.number)sql");
    q.bind(1, prefix.substr(0, slash));
    while (q.executeStep() && static_cast<int>(out.size()) < limit) {
      auto ref = q.getColumn(0).getString();
      if (ref.starts_with(prefix)) out.push_back(std::move(ref));
    }
    return out;
  });
}

std::vector<std::string> complete_emails(Database& db, const std::string& prefix, int limit) {
  return starting_with(
      db,
      "SELECT email FROM participant WHERE email >= ?1 AND email < ?2 AND email IS NOT NULL ORDER BY email LIMIT ?3",
      prefix, limit);
}

} // namespace echo::db
