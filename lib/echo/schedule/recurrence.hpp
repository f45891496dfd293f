#pragma once
// Recurrence rules of a series, expanded to session dates and placed in the series' time zone.
// Pure: no database. Times are wall-clock in the zone; 12:00 stays 12:00 across DST changes.

#include "echo/domain/series.hpp"
#include "echo/util/time.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace echo::schedule {

struct Rule {
  date::year_month_day start;
  std::chrono::seconds time{12 * 3600};
  std::optional<domain::Repeat> repeat; // nullopt: one session
  std::optional<int> weekday;           // 0 = Sunday; default: the start date's weekday
  std::optional<int> week_of_month;     // monthly only: 1..5 or -1 (last); default: same day of month
  std::optional<int> count;             // sessions to create (skipped dates do not count)
  std::optional<date::year_month_day> until;
  std::vector<date::year_month_day> skip;
};

// Upper bound on the sessions one rule may create.
inline constexpr int k_max_occurrences = 1000;

// Rule from a series' stored recurrence. Error(failure) when the series has no start date,
// Error(usage) when a repeating rule has neither count nor until, Error(data) on a bad value.
Rule rule_from(const domain::Recurrence& recurrence);
// Checks a recurrence for consistency (same errors as rule_from); no-op without a start date.
void validate(const domain::Recurrence& recurrence);

// The local dates the rule implies, in order, without the skipped ones.
std::vector<date::year_month_day> expand_dates(const Rule& rule);

// The weekday (0 = Sunday) of a date.
int weekday_of(date::year_month_day day);
// The nth (1..5) or last (-1) `weekday` of a month; nullopt when the month has no 5th one.
std::optional<date::year_month_day> nth_weekday(date::year y, date::month m, int weekday, int nth);

// A wall-clock time placed in a zone.
struct Placement {
  std::string local_date; // YYYY-MM-DD as asked
  std::string local_time; // HH:MM actually used (differs from `asked_time` in a DST gap)
  std::string asked_time; // HH:MM as asked
  std::string start_utc;  // YYYY-MM-DDTHH:MM:SSZ
  util::SysSeconds utc;
  util::LocalToUtc::Kind kind = util::LocalToUtc::Kind::exact;
};
// Places a local date and time in the zone: a time in a spring-forward gap moves forward by the
// gap, a time that occurs twice in a fall-back overlap is the earlier instant (util::local_to_utc).
Placement place(const date::time_zone& zone, date::year_month_day day, std::chrono::seconds time_of_day);
// A warning for a placement that was not exact ("" when exact), naming `what` (e.g. pc-2026 s3).
std::string placement_warning(const Placement& p, const std::string& zone_name, const std::string& what);

// The zone by IANA name; Error(data) "unknown time zone" (with a did-you-mean hint when close).
const date::time_zone& require_zone(const std::string& name);
// Strict date; Error(data) naming `what` when invalid.
date::year_month_day require_date(const std::string& text, const std::string& what);
// HH:MM or HH:MM:SS; Error(data) naming `what` when invalid.
std::chrono::seconds require_time(const std::string& text, const std::string& what);

} // namespace echo::schedule
