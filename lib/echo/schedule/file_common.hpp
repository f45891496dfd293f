#pragma once
// Helpers shared by the schedule file parsers and writers (internal to echo::schedule).

#include "echo/schedule/schedule_file.hpp"
#include "echo/util/problems.hpp"

#include <string>
#include <vector>

namespace echo::schedule::detail {

// Keys of the [series] table and of a session, for unknown-key messages.
const std::vector<std::string>& series_keys();
const std::vector<std::string>& session_keys();

// Checks an entry's values (date, time, duration, emails, status); reports to `problems` at
// `where` and returns false when something is wrong.
bool check_entry(const Entry& e, util::Problems& problems);
// Reports keys (explicit, or the local date) that appear twice for the same series.
void check_duplicate_keys(const std::vector<Entry>& entries, util::Problems& problems);
// Checks a [series] table's values (code, zone, dates, repeat ...).
void check_series(const SeriesSpec& s, const std::string& where, util::Problems& problems);
// One problem for an unknown key, with a did-you-mean.
std::string unknown_key(const std::string& key, const std::vector<std::string>& known);
// "yes" when the status word means cancelled, "no" when scheduled, "" when unknown.
std::string status_word(const std::string& text);
// Parses week_of_month text ("1".."5", "last"); nullopt when invalid.
std::optional<int> parse_week_of_month(const std::string& text);

} // namespace echo::schedule::detail
