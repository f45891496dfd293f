#pragma once
// Helpers shared by the schedule file parsers and writers (internal to echo::schedule).

#include "echo/schedule/schedule_file.hpp"
#include "echo/util/problems.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace echo::schedule::detail {

// One value of a schedule file, whichever its format: each reading is nullopt when the value is
// not of that kind. The TOML and JSON readers wrap their nodes in it so that the keys of the
// [series] table are read by one piece of code.
class FileValue {
public:
  virtual ~FileValue() = default;
  // Where the value is, for problems: "file:line" or "file: series".
  [[nodiscard]] virtual std::string where() const = 0;
  // Where its key is written (for an unknown key); where() when the format cannot tell.
  [[nodiscard]] virtual std::string key_where() const { return where(); }
  [[nodiscard]] virtual std::optional<std::string> text() const = 0;
  [[nodiscard]] virtual std::optional<std::string> date() const = 0; // a date value, or its text
  [[nodiscard]] virtual std::optional<std::string> time() const = 0; // a time value, or its text
  [[nodiscard]] virtual std::optional<double> number() const = 0;
  [[nodiscard]] virtual std::optional<int> whole() const = 0;                                     // within +-1,000,000
  [[nodiscard]] virtual std::optional<std::vector<std::unique_ptr<FileValue>>> items() const = 0; // an array's
};

// How problems name the table and its keys: "[series] duration" in TOML, "series.duration" in JSON.
struct SeriesLabel {
  std::string section;
  std::string join;
};
// Reads one key of a [series] table into `s`.
void read_series_key(SeriesSpec& s, const std::string& key, const FileValue& value, const SeriesLabel& label,
                     util::Problems& problems);

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
// The end of a reader: its problems go to the sink when there is one, else they are thrown.
void hand_over(const util::Problems& problems, util::Problems* sink);
// One problem for an unknown key, with a did-you-mean.
std::string unknown_key(const std::string& key, const std::vector<std::string>& known);
// "yes" when the status word means cancelled, "no" when scheduled, "" when unknown.
std::string status_word(const std::string& text);
// Parses week_of_month text ("1".."5", "last"); nullopt when invalid.
std::optional<int> parse_week_of_month(const std::string& text);

} // namespace echo::schedule::detail
