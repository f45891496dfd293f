#include "echo/util/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace echo::util {

namespace {

// The length of the UTF-8 sequence at s[i] and its code point; 0 when invalid there.
std::size_t utf8_at(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t n = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool is_control(char32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F); }

bool kept_space(char32_t cp) { return cp == '\t' || cp == '\n' || cp == '\r'; }

// Where, among the eight bytes at p, the first one that is not printable ASCII (0x20..0x7E) is:
// 8 when all are. Word tests ("has a byte less than n", "has a zero byte"): a flag can be wrong
// only above a right one, so the lowest flag is the first such byte (little-endian; elsewhere the
// answer is 0 unless all eight are printable, which only costs the byte-wise path).
std::size_t printable_ascii_run(const char* p) {
  std::uint64_t w = 0;
  std::memcpy(&w, p, sizeof w);
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const std::uint64_t below_space = (w - ones * 0x20) & ~w;
  const std::uint64_t x = w ^ (ones * 0x7F);
  const std::uint64_t del = (x - ones) & ~x;
  const std::uint64_t flags = (w | below_space | del) & highs;
  if (flags == 0) return 8;
  if constexpr (std::endian::native == std::endian::little)
    return static_cast<std::size_t>(std::countr_zero(flags)) / 8;
  return 0;
}

} // namespace

std::int64_t max_attendance_minutes(std::int64_t session_minutes) {
  const auto margin = std::chrono::duration_cast<std::chrono::minutes>(k_attend_before + k_attend_after).count();
  return std::min<std::int64_t>(std::max<std::int64_t>(session_minutes, 0) + margin, 24 * 60);
}

bool printable_ascii(std::string_view text) {
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8)
    if (printable_ascii_run(text.data() + i) != 8) return false;
  if (i == text.size()) return true;
  if (text.size() >= 8) return printable_ascii_run(text.data() + text.size() - 8) == 8; // the last eight
  for (; i < text.size(); ++i)
    if (const auto b = static_cast<unsigned char>(text[i]); b < 0x20 || b >= 0x7F) return false;
  return true;
}

std::optional<std::string> text_problem(std::string_view text, TextRule rule) {
  for (std::size_t i = 0; i < text.size();) {
    if (i + 8 <= text.size()) { // printable ASCII, eight bytes at a time
      const auto run = printable_ascii_run(text.data() + i);
      i += run;
      if (run == 8) continue;
    }
    if (const auto b = static_cast<unsigned char>(text[i]); b >= 0x20 && b < 0x7F) {
      ++i; // printable ASCII: the common case, decided without decoding
      continue;
    }
    if (const auto b0 = static_cast<unsigned char>(text[i]);
        b0 > 0xC2 && b0 <= 0xDF && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
      i += 2; // U+00C0..U+07FF (accented Latin, Greek, Cyrillic...): valid, and no control character
      continue;
    }
    char32_t cp = 0;
    const auto n = utf8_at(text, i, cp);
    if (n == 0)
      return fmt::format("is not valid UTF-8 text (byte 0x{:02X} at offset {})", static_cast<unsigned char>(text[i]),
                         i);
    if (cp == 0) return std::string("contains a NUL byte");
    if (is_control(cp) && !(rule == TextRule::multiline && kept_space(cp)))
      return fmt::format("contains the control character U+{:04X}", static_cast<unsigned>(cp));
    i += n;
  }
  return std::nullopt;
}

bool plausible_year(int year) { return year >= k_first_year && year <= k_last_year; }

std::optional<std::string> date_problem(date::year_month_day day) {
  if (day.ok() && plausible_year(static_cast<int>(day.year()))) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02} is outside {}-01-01..{}-12-31", static_cast<int>(day.year()),
                     static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()), k_first_year, k_last_year);
}

std::optional<double> parse_decimal(std::string_view text) {
  std::size_t i = 0;
  const auto digits = [&] {
    const auto start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const auto whole = digits();
  std::size_t fraction = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    fraction = digits();
  }
  if (whole + fraction == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  const std::string copy(text);
  char* end = nullptr;
  const double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<TextPosition> json_too_deep(std::string_view text, std::size_t max_depth) {
  TextPosition at;
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i, ++at.column;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return at;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    if (c == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
  }
  return std::nullopt;
}

bool needs_escaping(std::string_view text, bool keep_tab_newline) {
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0x20 && b < 0x7F) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    const auto n = utf8_at(text, i, cp);
    if (n == 0 || (is_control(cp) && !(keep_tab_newline && kept_space(cp)))) return true;
    i += n;
  }
  return false;
}

std::string escape_controls(std::string_view text, bool keep_tab_newline) {
  if (!needs_escaping(text, keep_tab_newline)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const auto n = utf8_at(text, i, cp);
    if (n == 0) {
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (is_control(cp) && !(keep_tab_newline && kept_space(cp)))
      out += cp < 0x80 ? fmt::format("\\x{:02X}", static_cast<unsigned>(cp))
                       : fmt::format("\\u{:04X}", static_cast<unsigned>(cp));
    else
      out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

} // namespace echo::util
