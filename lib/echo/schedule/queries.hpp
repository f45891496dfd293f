#pragma once
// The read commands of the schedule: `series list/show`, `session list/show`, the references of a
// series' sessions, and the series codes and session references shell completion offers. Each
// takes the database and a request and returns plain rows; the command line only parses and
// renders. The writes are the services of schedule/service.hpp.

#include "echo/db/database.hpp"
#include "echo/db/series_repo.hpp"
#include "echo/domain/series.hpp"
#include "echo/domain/session.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace echo::schedule {

// A series with its session counts and derived status (planned, running, completed, archived).
using SeriesRow = db::SeriesRow;

struct SeriesListRequest {
  std::string now_utc; // counts and status as of this instant (YYYY-MM-DDTHH:MM:SSZ)
  std::string status;  // empty: every series
};

// Every series (of the status, when given), ordered by code.
std::vector<SeriesRow> list_series(db::Database& db, const SeriesListRequest& request);

// One series by code, with its counts and status as of now_utc. Errors: failure (no such series).
SeriesRow show_series(db::Database& db, const std::string& code, const std::string& now_utc);

struct SessionListRequest {
  std::string series;              // code; empty: every series
  std::optional<std::string> from; // local date, inclusive
  std::optional<std::string> to;   // local date, inclusive
  std::string status;              // "" | scheduled | cancelled
};

// Sessions with their reference (CODE/N), presenters and facilitator, by start time. Errors:
// failure (no such series).
std::vector<domain::Session> list_sessions(db::Database& db, const SessionListRequest& request);

struct SessionDetail {
  domain::Session session;
  std::vector<domain::CasePresentation> cases;
  std::vector<std::string> series_domains; // the competency domains of its series
};

// One session by CODE/N or id, with its cases and its series' domains. Errors: failure (no such
// session), usage (a malformed reference).
SessionDetail show_session(db::Database& db, const std::string& ref);

// Session id -> CODE/N for every session of the series.
std::map<std::int64_t, std::string> session_refs(db::Database& db, std::int64_t series_id);

// For shell completion: series codes starting with prefix; CODE/N references (when the prefix
// has no '/', the series codes followed by '/').
std::vector<std::string> complete_series(db::Database& db, const std::string& prefix);
std::vector<std::string> complete_sessions(db::Database& db, const std::string& prefix);

} // namespace echo::schedule
