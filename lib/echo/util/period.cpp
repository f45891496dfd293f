#include "echo/util/period.hpp"

#include "echo/util/text.hpp"
#include "echo/util/time.hpp"

#include <array>
#include <chrono>
#include <cstdlib>

namespace echo::util {

namespace {

std::function<date::year_month_day()>& provider() {
  static std::function<date::year_month_day()> p;
  return p;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int number(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

date::year_month_day month_last(date::year y, date::month m) {
  return date::year_month_day{date::year_month_day_last{y, date::month_day_last{m}}};
}

Period whole_month(date::year y, date::month m) { return {date::year_month_day{y, m, date::day{1}}, month_last(y, m)}; }

Period whole_year(date::year y) {
  return {date::year_month_day{y, date::January, date::day{1}}, y / date::December / 31};
}

Period one_day(date::sys_days d) { return {date::year_month_day{d}, date::year_month_day{d}}; }

// The Monday on or before d.
date::sys_days monday_of(date::sys_days d) {
  const date::weekday wd{d};
  const unsigned since_monday = (wd.c_encoding() + 6) % 7; // Monday 0 .. Sunday 6
  return d - date::days{since_monday};
}

std::optional<date::weekday> weekday_named(std::string_view w) {
  static const std::array<std::pair<const char*, unsigned>, 14> names{{{"sunday", 0},
                                                                       {"monday", 1},
                                                                       {"tuesday", 2},
                                                                       {"wednesday", 3},
                                                                       {"thursday", 4},
                                                                       {"friday", 5},
                                                                       {"saturday", 6},
                                                                       {"sun", 0},
                                                                       {"mon", 1},
                                                                       {"tue", 2},
                                                                       {"wed", 3},
                                                                       {"thu", 4},
                                                                       {"fri", 5},
                                                                       {"sat", 6}}};
  for (const auto& [name, n] : names)
    if (w == name) return date::weekday{n};
  return std::nullopt;
}

// Collapses runs of spaces, lowers ASCII: "Last  Week" -> "last week".
std::string normalised(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : trim(text)) {
    if (c == ' ' || c == '\t' || c == '_') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

} // namespace

std::optional<Period> parse_period(std::string_view text, date::year_month_day today) {
  const std::string t = normalised(text);
  const date::sys_days now{today};
  if (t == "today") return one_day(now);
  if (t == "yesterday") return one_day(now - date::days{1});
  if (t == "tomorrow") return one_day(now + date::days{1});
  if (auto wd = weekday_named(t)) {
    // The most recent such day, today included: `monday` on a Monday is today.
    const auto back = (date::weekday{now} - *wd).count();
    return one_day(now - date::days{back});
  }
  const auto week = [&](int offset) {
    const auto first = monday_of(now) + date::days{7 * offset};
    return Period{date::year_month_day{first}, date::year_month_day{first + date::days{6}}};
  };
  const auto month = [&](int offset) {
    const auto ym = date::year_month{today.year(), today.month()} + date::months{offset};
    return whole_month(ym.year(), ym.month());
  };
  if (t == "this week") return week(0);
  if (t == "last week") return week(-1);
  if (t == "next week") return week(1);
  if (t == "this month") return month(0);
  if (t == "last month") return month(-1);
  if (t == "next month") return month(1);
  if (t == "this year") return whole_year(today.year());
  if (t == "last year") return whole_year(today.year() - date::years{1});
  if (t == "next year") return whole_year(today.year() + date::years{1});

  // 2026, 2026Q1, 2026-03, 2026-03-05.
  if (t.size() >= 4 && all_digits(std::string_view(t).substr(0, 4))) {
    const date::year y{number(std::string_view(t).substr(0, 4))};
    const auto rest = std::string_view(t).substr(4);
    if (rest.empty()) return whole_year(y);
    if (rest.size() == 2 && rest[0] == 'q' && rest[1] >= '1' && rest[1] <= '4') {
      const unsigned q = static_cast<unsigned>(rest[1] - '0');
      const date::month first{3 * q - 2};
      return Period{date::year_month_day{y, first, date::day{1}}, month_last(y, first + date::months{2})};
    }
    if (rest.size() == 3 && rest[0] == '-' && all_digits(rest.substr(1))) {
      const unsigned m = static_cast<unsigned>(number(rest.substr(1)));
      if (m < 1 || m > 12) return std::nullopt;
      return whole_month(y, date::month{m});
    }
    if (auto d = parse_date(t)) return Period{*d, *d};
  }
  return std::nullopt;
}

void set_today_provider(std::function<date::year_month_day()> p) { provider() = std::move(p); }

date::year_month_day today() {
  if (const char* fixed = std::getenv("ECHO_TODAY"); fixed && *fixed)
    if (auto d = parse_date(fixed)) return *d;
  if (provider()) return provider()();
  return date::year_month_day{date::floor<date::days>(std::chrono::system_clock::now())};
}

const char* period_forms() {
  return "YYYY-MM-DD, today, yesterday, tomorrow, a weekday name (the most recent), this/last/next week, "
         "this/last/next month, this/last/next year, YYYY, YYYYQ1..YYYYQ4, YYYY-MM";
}

} // namespace echo::util
