#include "echo/schedule/queries.hpp"

#include "echo/db/completion_repo.hpp"
#include "echo/db/lookup.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/schedule/service.hpp"

namespace echo::schedule {

std::vector<SeriesRow> list_series(db::Database& db, const SeriesListRequest& request) {
  return db::list_series(db, request.now_utc, request.status);
}

SeriesRow show_series(db::Database& db, const std::string& code, const std::string& now_utc) {
  SeriesRow row;
  row.series = require_series(db, code);
  row.counts = db::series_counts(db, row.series.id, now_utc);
  row.status = domain::series_status(row.series.archived_at.has_value(), row.counts);
  return row;
}

std::vector<domain::Session> list_sessions(db::Database& db, const SessionListRequest& request) {
  db::SessionFilter f;
  f.from = request.from;
  f.to = request.to;
  f.status = domain::parse_session_status(request.status);
  if (!request.series.empty()) f.series_id = db::find_series(db, request.series).id;
  return db::list_sessions(db, f);
}

SessionDetail show_session(db::Database& db, const std::string& ref) {
  const auto found = db::find_session(db, ref);
  SessionDetail detail;
  detail.session = db::get_session(db, found.id);
  detail.cases = db::list_cases(db, detail.session.id);
  detail.series_domains = require_series(db, detail.session.series_code).domains;
  return detail;
}

std::map<std::int64_t, std::string> session_refs(db::Database& db, std::int64_t series_id) {
  db::SessionFilter f;
  f.series_id = series_id;
  std::map<std::int64_t, std::string> refs;
  for (const auto& s : db::list_sessions(db, f)) refs[s.id] = s.ref();
  return refs;
}

std::vector<std::string> complete_series(db::Database& db, const std::string& prefix) {
  return db::complete_series(db, prefix);
}

std::vector<std::string> complete_sessions(db::Database& db, const std::string& prefix) {
  return db::complete_sessions(db, prefix);
}

} // namespace echo::schedule
