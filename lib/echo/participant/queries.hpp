#pragma once
// The read commands on participants: `participant list` (with --region-unknown), `participant
// show`, and the emails shell completion offers. Each takes the database and a request and
// returns plain rows; the command line only parses and renders.

#include "echo/config/config.hpp"
#include "echo/db/database.hpp"
#include "echo/domain/attendance.hpp"
#include "echo/domain/participant.hpp"

#include <string>
#include <vector>

namespace echo::participant {

struct ListRequest {
  std::string search;                        // name (accent- and case-insensitive), email or organization
  bool region_unknown = false;               // only those whose region (not blank) the config does not name
  const config::Config* reference = nullptr; // the config whose [[regions]] decide region_unknown
};

// Participants by name. With region_unknown, only those whose region matches no [[regions]] name
// or alias of request.reference (which must then be given).
std::vector<domain::Participant> list(db::Database& db, const ListRequest& request);

struct ShowRequest {
  std::string who;      // email (or alias) or id
  int min_minutes = 45; // attendance eligible at or above
};

struct Profile {
  domain::Participant participant;
  std::vector<domain::ParticipantAlias> aliases;
  std::vector<domain::AttendanceEntry> attendance; // by session start
};

// One participant with their aliases and attendance. Errors: failure (unknown participant).
Profile show(db::Database& db, const ShowRequest& request);

// Participant emails starting with prefix (case-insensitive), for shell completion.
std::vector<std::string> complete_emails(db::Database& db, const std::string& prefix);

} // namespace echo::participant
