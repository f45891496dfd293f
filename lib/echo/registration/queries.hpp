#pragma once
// The read command of registrations: `registration list`. Takes the database and a request and
// returns plain rows; the command line only parses and renders.

#include "echo/db/database.hpp"
#include "echo/db/registration_repo.hpp"

#include <string>
#include <vector>

namespace echo::registration {

// A registration: for one session (session set) or for a whole series.
using Registration = db::RegistrationEntry;

struct ListRequest {
  std::string session;     // CODE/N or id: its registrations and its series'; empty: every one
  std::string series;      // code; empty: every series
  std::string participant; // email (or alias) or id; empty: everyone
};

// Registrations by series, session number, name. Errors: failure (unknown session, series or
// participant, resolved in that order), usage (a malformed reference).
std::vector<Registration> list(db::Database& db, const ListRequest& request);

} // namespace echo::registration
