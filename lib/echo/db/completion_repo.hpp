#pragma once
// The live values shell completion offers: series codes, session references and participant
// emails starting with what the user typed. Each is one indexed query with a limit, so that
// completion stays well under 50 ms on a hub of 10,000 people.

#include "echo/db/database.hpp"

#include <string>
#include <vector>

namespace echo::db {

std::vector<std::string> complete_series(Database& db, const std::string& prefix, int limit = 200);
// CODE/N references; when the prefix has no '/', the series codes followed by '/'.
std::vector<std::string> complete_sessions(Database& db, const std::string& prefix, int limit = 200);
std::vector<std::string> complete_emails(Database& db, const std::string& prefix, int limit = 200);

} // namespace echo::db
