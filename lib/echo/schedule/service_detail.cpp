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

namespace echo::schedule::detail {

std::string fnv1a(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return fmt::format("fnv1a64:{:016x}", h);
}

std::vector<std::int64_t> participants_for(db::Database& db, const std::vector<std::string>& emails) {
  std::vector<std::int64_t> ids;
  for (const auto& e : emails)
    ids.push_back(util::looks_like_email(util::trim(e)) ? db::ensure_participant(db, e) : db::find_participant(db, e));
  return ids;
}

// The placement of a session at `date` (and `time`, else the series' time) in the series' zone.
Placement place_in(const domain::Series& s, const std::string& date, const std::optional<std::string>& time) {
  const auto& zone = require_zone(s.timezone);
  const auto day = require_date(date, "date");
  std::chrono::seconds tod{12 * 3600};
  if (time)
    tod = require_time(*time, "time");
  else if (s.rule.start_time)
    tod = require_time(*s.rule.start_time, "time");
  else
    throw Error(Exit::usage, fmt::format("series '{}' has no default time: give --time HH:MM", s.code));
  return place(zone, day, tod);
}

std::string json_text(const nlohmann::json& j) { return j.dump(); }

// An archived series keeps its sessions as they are: adding, changing, cancelling, removing or
// importing them is refused (exit 1). Attendance can still be corrected.
void require_open(const domain::Series& s) {
  if (s.archived_at)
    throw Error(Exit::failure, fmt::format("series '{}' is archived (since {}): its sessions are kept as they are",
                                           s.code, *s.archived_at));
}

std::string single_quoted(const std::string& v) { return "'" + v + "'"; }

} // namespace echo::schedule::detail
