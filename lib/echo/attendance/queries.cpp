#include "echo/attendance/queries.hpp"

#include "echo/db/attendance_repo.hpp"
#include "echo/db/lookup.hpp"

#include <optional>

namespace echo::attendance {

std::vector<domain::AttendanceEntry> list(db::Database& db, const ListRequest& request) {
  std::optional<std::int64_t> session;
  std::optional<std::int64_t> participant;
  if (!request.session.empty()) session = db::find_session(db, request.session).id;
  if (!request.participant.empty()) participant = db::find_participant(db, request.participant);
  return db::AttendanceRepo(db).list(session, participant, request.min_minutes);
}

std::vector<domain::UnmatchedEntry> unmatched(db::Database& db, const UnmatchedRequest& request) {
  return db::AttendanceRepo(db).unmatched(request.include_resolved);
}

std::set<std::int64_t> cancelled_sessions(db::Database& db, const std::vector<std::int64_t>& session_ids) {
  const auto ids = db::AttendanceRepo(db).cancelled_among(session_ids); // one query, not one per session
  return {ids.begin(), ids.end()};
}

} // namespace echo::attendance
