#pragma once
// `session case add`: a de-identified case presentation of a session, with its audit row;
// `session case list`: the cases of a session.

#include "echo/db/database.hpp"
#include "echo/domain/session.hpp"

#include <cstdint>
#include <string>
#include <vector>

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

struct CaseList {
  std::string session; // CODE/N
  std::vector<domain::CasePresentation> cases;
};

// The cases of a session (CODE/N or id), in the order they were added. Errors: failure (no such
// session), usage (a malformed reference).
CaseList list_cases(db::Database& db, const std::string& session);

} // namespace echo::session
