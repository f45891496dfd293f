#pragma once
// Dates in words, as hledger and GNU date take them: `today`, `yesterday`, `tomorrow`, weekday
// names (the most recent such day, today included), `this week`/`last week`/`next week` (weeks
// start on Monday), `this month`/`last month`/`next month`, `this year`/`last year`, `2026Q1`,
// `2026-03`, `2026` and `YYYY-MM-DD`. Each names a period of whole days: an option that takes
// the start of a range (--from, --start) uses its first day, one that takes its end (--to,
// --until) its last day, and --period both.

#include <date/date.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace echo::util {

struct Period {
  date::year_month_day first;
  date::year_month_day last; // inclusive
};

// The period a text names, relative to `today`; nullopt when it names none (a malformed or
// non-existent date included).
std::optional<Period> parse_period(std::string_view text, date::year_month_day today);

// "Today" for dates in words: in the hub's zone, set by the program once it knows the zone.
// $ECHO_TODAY (YYYY-MM-DD), when set, overrides it: tests and reproducible cron dry runs.
void set_today_provider(std::function<date::year_month_day()> provider);
date::year_month_day today();

// The words and forms accepted, for help and error messages.
const char* period_forms();

} // namespace echo::util
