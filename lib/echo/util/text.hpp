#pragma once
// Text helpers with no ECHO knowledge: trimming, case folding, display width, suggestions.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace echo::util {

// Text with the five HTML metacharacters (& < > " ') escaped, for element text and attributes.
std::string html_escape(std::string_view text);
// True when text has a digit at every '9' of the pattern and the same character elsewhere:
// shaped("2026-02-30", "9999-99-99").
bool shaped(std::string_view text, std::string_view pattern);

// Removes ASCII whitespace (and a UTF-8 no-break space) from both ends.
std::string trim(std::string_view s);
// trim without the copy: the trimmed part of s (valid as long as s is).
std::string_view trim_view(std::string_view s);
// Lowercases ASCII letters only; other bytes are kept.
std::string ascii_lower(std::string_view s);
// ascii_lower in place, eight bytes at a time.
void ascii_lower_in_place(std::string& s);
// True when s is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);
// Key for comparing person names: NFKD, case-folded, accents and punctuation dropped, runs of
// white space collapsed to one space. "  Émile  DUBÉ " and "emile dube" give the same key.
// Invalid UTF-8 is compared byte-wise after ASCII lowercasing.
std::string name_key(std::string_view s);
namespace detail {
// name_key through utf8proc_map, the whole text at once: what name_key gives for any text. name_key
// itself takes a path without allocation for names without control characters (unit tests compare
// the two).
std::string name_key_mapped(std::string_view s);
} // namespace detail
// Key for comparing labels such as professions and regions: name_key without its spaces, so
// that "R.N.", "r n" and "RN" meet.
std::string label_key(std::string_view s);
// True when text looks like an email address: one @ with something on both sides, and no
// white space, commas, semicolons or angle brackets.
bool looks_like_email(std::string_view text);
// Trimmed, lowercased email address (empty stays empty).
std::string normalize_email(std::string_view s);
// Columns a terminal uses to show s (East Asian wide = 2, combining marks = 0).
std::size_t display_width(std::string_view s);
// The longest prefix of s that fits in `width` columns, with "…" when cut.
std::string truncate_to_width(std::string_view s, std::size_t width);
// Splits on a single character; keeps empty fields.
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Edit distance (insert, delete, substitute, adjacent swap) between two ASCII-ish strings.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word` when it is close enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);
// The number with its thousands grouped by commas: 2000 -> "2,000", -1234567 -> "-1,234,567".
std::string group_digits(std::int64_t n);

} // namespace echo::util
