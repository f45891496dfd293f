#include "echo/registration/queries.hpp"

#include "echo/db/lookup.hpp"

#include <optional>

namespace echo::registration {

std::vector<Registration> list(db::Database& db, const ListRequest& request) {
  std::optional<std::int64_t> session, series, participant;
  if (!request.session.empty()) session = db::find_session(db, request.session).id;
  if (!request.series.empty()) series = db::find_series(db, request.series).id;
  if (!request.participant.empty()) participant = db::find_participant(db, request.participant);
  return db.read([&] { return db::RegistrationRepo(db).list(session, series, participant); });
}

} // namespace echo::registration
