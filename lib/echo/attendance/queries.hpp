#pragma once
// The read commands of attendance: `attendance list`, `attendance unmatched`, and the sessions
// an import should warn about. Each takes the database and a request and returns plain rows; the
// command line only parses and renders.

#include "echo/db/database.hpp"
#include "echo/domain/attendance.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace echo::attendance {

struct ListRequest {
  std::string session;     // CODE/N or id; empty: every session
  std::string participant; // email (or alias) or id; empty: everyone
  int min_minutes = 45;    // eligible at or above
};

// Attendance rows by session start, then name. Errors: failure (unknown session or participant),
// usage (a malformed reference); the session is resolved before the participant.
std::vector<domain::AttendanceEntry> list(db::Database& db, const ListRequest& request);

struct UnmatchedRequest {
  bool include_resolved = false; // --all
};

// Imported rows whose person could not be matched (unresolved only, unless include_resolved),
// by session, then name.
std::vector<domain::UnmatchedEntry> unmatched(db::Database& db, const UnmatchedRequest& request);

// The sessions among these ids that are cancelled (unknown ids are left out), read in one
// transaction.
std::set<std::int64_t> cancelled_sessions(db::Database& db, const std::vector<std::int64_t>& session_ids);

} // namespace echo::attendance
