#pragma once
// The write commands of attendance by hand: record, remove, resolve. Each takes the database and
// a request, runs one transaction with its rules and its audit row, and returns what happened
// (the lines to print and the warnings); the command line only parses and renders.

#include "echo/db/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::attendance {

struct RecordRequest {
  std::string session;             // CODE/N or id
  std::vector<std::string> people; // emails or ids
  std::optional<std::int64_t> minutes;
  std::string role; // empty: the role the session names, else the existing one, else participant
  std::string reason;
  std::string actor;
  int min_minutes = 45;
};

struct Result {
  std::vector<std::string> lines;    // one per change, ending in '\n'
  std::vector<std::string> warnings; // printed as warnings, nothing was refused
};

// The request's own checks, before any database is opened: usage (unknown role), data (minutes
// outside 0..1440).
void check(const RecordRequest& request);

// Records (or corrects) each person's attendance; one audit entry for the command. Errors:
// usage (unknown role), data (minutes outside 0..1440), failure (unknown session or person).
Result record(db::Database& db, const RecordRequest& request);

struct RemoveRequest {
  std::string session, who, reason, actor;
};

// Removes one person's attendance at a session. Errors: usage (empty reason), failure (no such
// attendance, unknown session or person).
Result remove(db::Database& db, const RemoveRequest& request);

struct ResolveRequest {
  std::int64_t id = 0; // unmatched row
  std::string who;     // email or id
  std::string reason, actor;
  bool no_alias = false;                  // credit this row only, whatever the name
  std::vector<std::string> generic_names; // the hub's generic names ([attendance] generic_names)
  std::string program = "echo";           // for the hint in the "no unmatched row" error
};

// Credits an unmatched row to a participant; the row's names become aliases unless generic
// or no_alias (then the result says the row alone was credited). Errors: failure (no such row,
// already resolved, unknown person).
Result resolve(db::Database& db, const ResolveRequest& request);

} // namespace echo::attendance
