#include "echo/schedule/service.hpp"
#include "echo/schedule/service_detail.hpp"

#include "echo/db/lookup.hpp"
#include "echo/db/series_repo.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/schedule/recurrence.hpp"
#include "echo/util/files.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"

#include <date/tz.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <set>

namespace echo::schedule {

using namespace detail;

// --- export ---------------------------------------------------------------------------------

std::string export_schedule(db::Database& db, const std::optional<std::string>& series_code, const std::string& format,
                            util::SysSeconds now) {
  std::vector<domain::Series> series;
  db::SessionFilter f;
  if (series_code) {
    series.push_back(require_series(db, *series_code));
    f.series_id = series.front().id;
  } else {
    series = db::all_series(db);
  }
  auto sessions = db::list_sessions(db, f);
  if (format == "csv") return write_csv(sessions);
  if (format == "json") return write_json(series, sessions);
  if (format == "toml") return write_toml(series, sessions);
  if (format == "ics") return write_ics(series, sessions, now);
  throw Error(Exit::usage, fmt::format("unknown export format '{}': use ics, csv, json or toml", format));
}

} // namespace echo::schedule
