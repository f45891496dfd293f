#pragma once
// Dates, wall-clock times and time zones (Howard Hinnant's date/tz on the system tz database).
// The tz database is loaded only when a zone is first looked up.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <date/date.h>

namespace date {
class time_zone;
}

namespace echo::util {

using SysSeconds = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;
using LocalSeconds = std::chrono::time_point<date::local_t, std::chrono::seconds>;

// Strict YYYY-MM-DD that names a real day (2025-02-30 is rejected); nullopt otherwise.
std::optional<date::year_month_day> parse_date(std::string_view text);
// HH:MM or HH:MM:SS, 24-hour; nullopt otherwise.
std::optional<std::chrono::seconds> parse_time_of_day(std::string_view text);
std::string format_date(date::year_month_day ymd);
// The period of the same length just before from..to (YYYY-MM-DD, inclusive): {first, last}.
// nullopt when either date is not a date.
std::optional<std::pair<std::string, std::string>> previous_period(const std::string& from, const std::string& to);
// A command-line option's date or time of day, as CLI.md's exit codes have it: text not shaped
// like one (YYYY-MM-DD or a date in words, see util/period.hpp; HH:MM or HH:MM:SS) is a usage
// error (2); a value of that shape that does not exist (2025-02-30, 25:00) is bad data (65).
// `option` names the flag in the message. A date in words names a period: date_option takes its
// first day (for --from, --start), date_option_last its last (for --to, --until).
date::year_month_day date_option(std::string_view text, std::string_view option);
date::year_month_day date_option_last(std::string_view text, std::string_view option);
struct Period;
Period date_range_option(std::string_view text, std::string_view option);
std::chrono::seconds time_option(std::string_view text, std::string_view option);
// HH:MM (seconds dropped).
std::string format_hhmm(std::chrono::seconds time_of_day);
// YYYY-MM-DDTHH:MM:SSZ.
std::string format_utc(SysSeconds t);
// Parses YYYY-MM-DDTHH:MM:SSZ (as written by format_utc); nullopt otherwise.
std::optional<SysSeconds> parse_utc(std::string_view text);
SysSeconds now_utc();

// True when name is a zone file of the system tz database; cheap (no tz database load).
bool zone_name_exists(std::string_view name);
// The zone, or nullptr when the tz database does not know the name.
const date::time_zone* find_zone(std::string_view name);

struct LocalToUtc {
  enum class Kind { exact, gap, overlap };
  SysSeconds utc;
  Kind kind = Kind::exact;
};
// Converts a local wall-clock time in `zone` to UTC. A time in a spring-forward gap is read with
// the offset before the gap, so it moves forward by the gap (02:30 -> 03:30), as RFC 5545 does;
// a time that occurs twice in a fall-back overlap is the first (earlier) occurrence.
LocalToUtc local_to_utc(const date::time_zone& zone, LocalSeconds local);
LocalSeconds utc_to_local(const date::time_zone& zone, SysSeconds utc);
// Local date and time of day from a local time point.
date::year_month_day local_date(LocalSeconds t);
std::chrono::seconds local_time_of_day(LocalSeconds t);
LocalSeconds make_local(date::year_month_day day, std::chrono::seconds time_of_day);

} // namespace echo::util
