#include "echo/participant/queries.hpp"

#include "echo/db/attendance_repo.hpp"
#include "echo/db/completion_repo.hpp"
#include "echo/db/lookup.hpp"
#include "echo/db/participant_repo.hpp"
#include "echo/db/reference.hpp"
#include "echo/db/report_repo.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace echo::participant {

std::vector<domain::Participant> list(db::Database& db, const ListRequest& request) {
  auto rows = db::ParticipantRepo(db).list(request.search);
  if (request.region_unknown) {
    if (request.reference == nullptr) throw std::invalid_argument("participant::list: region_unknown needs the config");
    db::load_reference(db, *request.reference);
    const auto ids = db::participants_region_unknown(db);
    std::erase_if(rows,
                  [&](const domain::Participant& p) { return !std::binary_search(ids.begin(), ids.end(), p.id); });
  }
  return rows;
}

Profile show(db::Database& db, const ShowRequest& request) {
  const auto id = db::find_participant(db, request.who);
  db::ParticipantRepo repo(db);
  Profile profile;
  profile.participant = *repo.get(id);
  profile.aliases = repo.aliases(id);
  profile.attendance = db::AttendanceRepo(db).list(std::nullopt, id, request.min_minutes);
  return profile;
}

std::vector<std::string> complete_emails(db::Database& db, const std::string& prefix) {
  return db::complete_emails(db, prefix);
}

} // namespace echo::participant
