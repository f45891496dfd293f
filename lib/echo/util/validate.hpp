#pragma once
// The one validation layer for values, shared by every reader (schedule, attendance, participant
// and proposal files, the config) and by the command line: text, dates, numbers, nesting depth,
// and the escaping that keeps terminal control characters out of text output.

#include <date/date.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace echo::util {

// Dates a hub can mean: sessions, series rules, proposals (CLI.md "Limits").
inline constexpr int k_first_year = 1990;
inline constexpr int k_last_year = 2100;
// JSON arrays/objects nested deeper than this are refused before parsing. (TOML: toml++ itself
// refuses values nested deeper than 256 with a location, TOML_MAX_NESTED_VALUES.)
inline constexpr std::size_t k_max_nesting = 64;
// An attendance interval must lie within [start - 2 h, end + 12 h] of its session.
inline constexpr std::chrono::hours k_attend_before{2};
inline constexpr std::chrono::hours k_attend_after{12};
// Minutes per person per session: at most the session's span plus those margins, and never more
// than a day.
std::int64_t max_attendance_minutes(std::int64_t session_minutes);

enum class TextRule {
  line,      // one line: no control characters at all
  multiline, // tab, line feed and carriage return allowed (descriptions, notes)
};

// Why text is not acceptable as a value, or nullopt: invalid UTF-8, a NUL byte, or a control
// character (C0, DEL or C1; tab and line breaks allowed by TextRule::multiline).
std::optional<std::string> text_problem(std::string_view text, TextRule rule = TextRule::line);
// True when text is printable ASCII only (0x20..0x7E) or empty: a value text_problem accepts under
// either rule, decided eight bytes at a time.
bool printable_ascii(std::string_view text);

// True when the year is within k_first_year..k_last_year.
bool plausible_year(int year);
// "2150-01-01 is outside 1990-01-01..2100-12-31", or nullopt.
std::optional<std::string> date_problem(date::year_month_day day);

// A finite decimal number as people write one: [+-]digits[.digits][e[+-]digits] (or .5). No
// hexadecimal, no inf or nan, nothing before or after; nullopt otherwise or when out of range.
std::optional<double> parse_decimal(std::string_view text);

struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
// Where JSON text nests arrays/objects deeper than max_depth (strings skipped), or nullopt.
// Linear and without recursion, so that it runs before a parser that would recurse.
std::optional<TextPosition> json_too_deep(std::string_view text, std::size_t max_depth = k_max_nesting);

// Text for a terminal or a text file: every control character (C0 other than those kept, DEL,
// C1) and every byte that is not valid UTF-8 is written as a visible escape (\x1B, \u009B).
// keep_tab_newline keeps tab, LF and CR for the caller to handle.
std::string escape_controls(std::string_view text, bool keep_tab_newline = false);
// True when escape_controls would change the text (a fast path for the common case).
bool needs_escaping(std::string_view text, bool keep_tab_newline = false);

} // namespace echo::util
