#pragma once
// `session case add`: a de-identified case presentation of a session, with its audit row.

#include "echo/db/database.hpp"

#include <cstdint>
#include <string>

namespace echo::session {

struct CaseRequest {
  std::string session;   // CODE/N or id
  std::string presenter; // email (a new one creates the participant) or id
  std::string title;
  std::string actor;
};

// Adds the case; returns its id. Errors: usage (empty title), failure (unknown session or id),
// data (a presenter that is neither an id nor an email).
std::int64_t add_case(db::Database& db, const CaseRequest& request);

} // namespace echo::session
