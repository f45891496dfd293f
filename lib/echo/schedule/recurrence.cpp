#include "echo/schedule/recurrence.hpp"

#include "echo/error.hpp"
#include "echo/util/text.hpp"
#include "echo/util/validate.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>

namespace echo::schedule {

namespace {

bool skipped(const std::vector<date::year_month_day>& skip, date::year_month_day d) {
  return std::find(skip.begin(), skip.end(), d) != skip.end();
}

// A few common aliases users type for zones, to suggest the IANA name.
const std::vector<std::string>& zone_suggestions() {
  static const std::vector<std::string> names{
      "America/Vancouver",   "America/Edmonton", "America/Regina",      "America/Winnipeg",  "America/Toronto",
      "America/Montreal",    "America/Halifax",  "America/St_Johns",    "America/New_York",  "America/Chicago",
      "America/Denver",      "America/Phoenix",  "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
      "Europe/London",       "Europe/Paris",     "Europe/Berlin",       "Europe/Dublin",     "Australia/Sydney",
      "Australia/Melbourne", "Australia/Perth",  "Asia/Tokyo",          "Asia/Kolkata",      "UTC"};
  return names;
}

} // namespace

const date::time_zone& require_zone(const std::string& name) {
  if (const auto* zone = util::find_zone(name)) return *zone;
  std::string hint;
  if (auto m = util::closest_match(name, zone_suggestions())) hint = fmt::format(" (did you mean '{}'?)", *m);
  throw Error(Exit::data,
              fmt::format("unknown time zone '{}'{}: use an IANA name such as America/Vancouver", name, hint));
}

date::year_month_day require_date(const std::string& text, const std::string& what) {
  if (auto d = util::parse_date(text)) {
    if (auto problem = util::date_problem(*d)) throw Error(Exit::data, fmt::format("invalid {}: {}", what, *problem));
    return *d;
  }
  throw Error(Exit::data, fmt::format("invalid {} '{}': expected an existing date as YYYY-MM-DD", what, text));
}

std::chrono::seconds require_time(const std::string& text, const std::string& what) {
  if (auto t = util::parse_time_of_day(text)) return *t;
  throw Error(Exit::data, fmt::format("invalid {} '{}': expected HH:MM (24-hour)", what, text));
}

int weekday_of(date::year_month_day day) { return static_cast<int>(date::weekday{date::sys_days{day}}.c_encoding()); }

std::optional<date::year_month_day> nth_weekday(date::year y, date::month m, int weekday, int nth) {
  const date::weekday wd{static_cast<unsigned>(weekday)};
  if (nth == -1) return date::year_month_day{date::year_month_weekday_last{y, m, date::weekday_last{wd}}};
  const date::year_month_weekday ymw{y, m, date::weekday_indexed{wd, static_cast<unsigned>(nth)}};
  if (!ymw.ok()) return std::nullopt;
  return date::year_month_day{ymw};
}

void validate(const domain::Recurrence& r) {
  if (r.weekday && (*r.weekday < 0 || *r.weekday > 6))
    throw Error(Exit::data, fmt::format("invalid weekday {}", *r.weekday));
  if (r.week_of_month && !(*r.week_of_month == -1 || (*r.week_of_month >= 1 && *r.week_of_month <= 5)))
    throw Error(Exit::data, fmt::format("invalid week of month {}: use 1..5 or last", *r.week_of_month));
  if (r.week_of_month && r.repeat && *r.repeat != domain::Repeat::monthly)
    throw Error(Exit::usage, "--week-of-month applies only to --repeat monthly");
  if (r.count && r.until_date) throw Error(Exit::usage, "give either --count or --until, not both");
  if (r.count && (*r.count < 1 || *r.count > k_max_occurrences))
    throw Error(Exit::data, fmt::format("invalid count {}: use 1..{}", *r.count, k_max_occurrences));
  if (r.start_date) require_date(*r.start_date, "start date");
  if (r.start_time) require_time(*r.start_time, "time");
  if (r.until_date) {
    const auto until = require_date(*r.until_date, "until date");
    if (r.start_date && until < require_date(*r.start_date, "start date"))
      throw Error(Exit::data, fmt::format("until date {} is before the start date {}", *r.until_date, *r.start_date));
  }
  for (const auto& s : r.skip) require_date(s, "skip date");
  if (r.repeat && !r.count && !r.until_date)
    throw Error(Exit::usage, fmt::format("a {} series needs --count N or --until DATE", domain::name(*r.repeat)));
}

Rule rule_from(const domain::Recurrence& r) {
  validate(r);
  if (!r.start_date) throw Error(Exit::failure, "the series has no start date (set --start DATE)");
  Rule rule;
  rule.start = require_date(*r.start_date, "start date");
  if (r.start_time) rule.time = require_time(*r.start_time, "time");
  rule.repeat = r.repeat;
  rule.weekday = r.weekday;
  rule.week_of_month = r.week_of_month;
  rule.count = r.count;
  if (r.until_date) rule.until = require_date(*r.until_date, "until date");
  for (const auto& s : r.skip) rule.skip.push_back(require_date(s, "skip date"));
  return rule;
}

std::vector<date::year_month_day> expand_dates(const Rule& rule) {
  std::vector<date::year_month_day> out;
  const int limit = rule.count.value_or(k_max_occurrences);
  auto accept = [&](date::year_month_day d) {
    // true while the expansion should go on
    if (rule.until && d > *rule.until) return false;
    if (!skipped(rule.skip, d)) out.push_back(d);
    return static_cast<int>(out.size()) < limit;
  };
  if (!rule.repeat) {
    accept(rule.start);
    return out;
  }
  if (rule.repeat == domain::Repeat::weekly || rule.repeat == domain::Repeat::biweekly) {
    date::sys_days day{rule.start};
    if (rule.weekday) {
      const date::weekday want{static_cast<unsigned>(*rule.weekday)};
      day += want - date::weekday{day};
    }
    const date::days step{rule.repeat == domain::Repeat::weekly ? 7 : 14};
    for (int guard = 0; guard < 100 * k_max_occurrences; ++guard, day += step)
      if (!accept(date::year_month_day{day})) break;
    return out;
  }
  // monthly
  date::year_month ym{rule.start.year(), rule.start.month()};
  for (int guard = 0; guard < 12 * 200; ++guard, ym += date::months{1}) {
    std::optional<date::year_month_day> d;
    if (rule.week_of_month) {
      d = nth_weekday(ym.year(), ym.month(), rule.weekday.value_or(weekday_of(rule.start)), *rule.week_of_month);
    } else {
      const date::year_month_day candidate{ym.year(), ym.month(), rule.start.day()};
      if (candidate.ok()) d = candidate;
    }
    if (!d || *d < rule.start) continue;
    if (!accept(*d)) break;
  }
  return out;
}

namespace {

// util::format_hhmm's "HH:MM" for a time of day (0..24h), without fmt: every session of an
// import is placed.
std::string hhmm(std::chrono::seconds time_of_day) {
  const auto total = time_of_day.count();
  if (total < 0 || total >= 100 * 3600) return util::format_hhmm(time_of_day);
  const auto hours = static_cast<char>(total / 3600);
  const auto minutes = static_cast<char>((total / 60) % 60);
  return {static_cast<char>('0' + hours / 10), static_cast<char>('0' + hours % 10), ':',
          static_cast<char>('0' + minutes / 10), static_cast<char>('0' + minutes % 10)};
}

} // namespace

Placement place(const date::time_zone& zone, date::year_month_day day, std::chrono::seconds time_of_day) {
  const auto local = util::make_local(day, time_of_day);
  const auto r = util::local_to_utc(zone, local);
  const auto actual = util::utc_to_local(zone, r.utc);
  Placement p;
  p.local_date = util::format_date(util::local_date(actual));
  p.local_time = hhmm(util::local_time_of_day(actual));
  p.asked_time = hhmm(time_of_day);
  p.start_utc = util::format_utc(r.utc);
  p.utc = r.utc;
  p.kind = r.kind;
  return p;
}

std::string placement_warning(const Placement& p, const std::string& zone_name, const std::string& what) {
  using Kind = util::LocalToUtc::Kind;
  if (p.kind == Kind::gap)
    return fmt::format("{}: {} {} does not exist in {} (daylight-saving gap); scheduled at {} ({})", what, p.local_date,
                       p.asked_time, zone_name, p.local_time, p.start_utc);
  if (p.kind == Kind::overlap)
    return fmt::format("{}: {} {} occurs twice in {} (daylight-saving overlap); the earlier one is used ({})", what,
                       p.local_date, p.asked_time, zone_name, p.start_utc);
  return {};
}

} // namespace echo::schedule
