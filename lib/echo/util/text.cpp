#include "echo/util/text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

namespace echo::util {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

bool shaped(std::string_view text, std::string_view pattern) {
  if (text.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (pattern[i] == '9') {
      if (text[i] < '0' || text[i] > '9') return false;
    } else if (pattern[i] != text[i]) {
      return false;
    }
  }
  return true;
}

namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

} // namespace

std::string_view trim_view(std::string_view s) {
  // Most values start and end with neither white space nor a no-break space: nothing to trim.
  if (!s.empty()) {
    const auto front = static_cast<unsigned char>(s.front());
    const auto back = static_cast<unsigned char>(s.back());
    if (front > 0x20 && front != 0xC2 && back > 0x20 && back != 0xA0) return s;
  }
  auto nbsp_at = [&](std::size_t i) {
    return i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0xA0;
  };
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e) {
    if (is_space(static_cast<unsigned char>(s[b])))
      ++b;
    else if (nbsp_at(b))
      b += 2;
    else
      break;
  }
  while (e > b) {
    if (is_space(static_cast<unsigned char>(s[e - 1])))
      --e;
    else if (e - b >= 2 && nbsp_at(e - 2))
      e -= 2;
    else
      break;
  }
  return s.substr(b, e - b);
}

std::string trim(std::string_view s) { return std::string(trim_view(s)); }

void ascii_lower_in_place(std::string& s) {
  std::size_t i = 0;
  // Eight bytes at a time: a byte below 0x80 between 'A' and 'Z' gets 0x20 added (bit 7 of each
  // byte's sum with 0x80 - 'A' and with 0x7F - 'Z' tells >= 'A' and > 'Z' without carries across).
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const auto lower_word = [&s](std::size_t at) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + at, sizeof w);
    const std::uint64_t low7 = w & ~highs;
    const std::uint64_t at_least_a = low7 + ones * (0x80 - 'A');
    const std::uint64_t above_z = low7 + ones * (0x7F - 'Z');
    const std::uint64_t upper = (at_least_a ^ above_z) & ~w & highs;
    if (upper == 0) return;
    w |= upper >> 2; // 0x80 >> 2 == 0x20: 'A' | 0x20 == 'a'
    std::memcpy(s.data() + at, &w, sizeof w);
  };
  for (; i + 8 <= s.size(); i += 8) lower_word(i);
  if (i < s.size() && s.size() >= 8) {
    lower_word(s.size() - 8); // the last eight: bytes lowered already stay as they are
    return;
  }
  for (; i < s.size(); ++i)
    if (s[i] >= 'A' && s[i] <= 'Z') s[i] = static_cast<char>(s[i] - 'A' + 'a');
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  ascii_lower_in_place(out);
  return out;
}

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  auto left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    if (left >= 8) { // ASCII is valid on its own: eight bytes at a time, up to the first that is not
      std::uint64_t word = 0;
      std::memcpy(&word, p, sizeof word);
      const auto high = word & 0x8080808080808080ULL;
      const auto skip = high == 0 ? 8 : std::endian::native == std::endian::little ? std::countr_zero(high) / 8 : 0;
      p += skip;
      left -= skip;
      if (skip == 8) continue;
    }
    if (*p < 0x80) { // ASCII is valid on its own: no need to decode it
      ++p;
      --left;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) return false;
    p += n;
    left -= n;
  }
  return true;
}

std::string label_key(std::string_view s) {
  auto key = name_key(s);
  std::erase(key, ' ');
  return key;
}

namespace {

constexpr auto k_name_key_options = static_cast<utf8proc_option_t>(
    UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_STRIPCC | UTF8PROC_IGNORE);

bool name_key_keeps(utf8proc_int32_t cp) {
  const auto category = utf8proc_category(cp);
  return (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) ||
         (category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO);
}

// Appends the letters and digits of `cps` to `out`, lower-cased by the caller's mapping, and turns
// every run of anything else (spaces, dots, hyphens, apostrophes) into one space between them, so
// that "Lee, A." and "lee a" meet.
template <class Next> std::string keep_letters_and_digits(std::size_t reserve, Next next) {
  std::string out;
  out.reserve(reserve);
  bool pending_space = false;
  utf8proc_int32_t cp = 0;
  while (next(cp)) {
    if (name_key_keeps(cp)) {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else {
        utf8proc_uint8_t bytes[4];
        out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(utf8proc_encode_char(cp, bytes)));
      }
    } else {
      pending_space = true;
    }
  }
  return out;
}

// The key of text with no control character (C0, DEL, C1), which is what names are: each code
// point decomposed and folded on its own by utf8proc_decompose into a buffer on the stack. This is
// what utf8proc_map does, less its allocation, its second pass and its re-encoding; its
// control-character rules (line ends to spaces, the rest removed) are what this path leaves to it.
// nullopt when the text has a control character, is not UTF-8 or decomposes to more than fits.
std::optional<std::string> name_key_direct(std::string_view s) {
  constexpr std::size_t capacity = 256;
  if (s.size() > capacity) return std::nullopt;
  bool ascii = true;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) return std::nullopt;
    if (c >= 0x80) ascii = false;
  }
  if (ascii) { // compatibility, marks and ignorables leave printable ASCII as it is; folding lowers it
    std::size_t i = 0;
    return keep_letters_and_digits(s.size(), [&](utf8proc_int32_t& cp) {
      if (i == s.size()) return false;
      const auto c = static_cast<unsigned char>(s[i++]);
      cp = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
      return true;
    });
  }
  utf8proc_int32_t decomposed[capacity];
  const auto n =
      utf8proc_decompose(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
                         decomposed, static_cast<utf8proc_ssize_t>(capacity), k_name_key_options);
  if (n < 0 || n > static_cast<utf8proc_ssize_t>(capacity)) return std::nullopt;
  for (utf8proc_ssize_t i = 0; i < n; ++i)
    if (decomposed[i] >= 0x80 && decomposed[i] < 0xA0) return std::nullopt; // C1 controls
  utf8proc_ssize_t i = 0;
  return keep_letters_and_digits(s.size(), [&](utf8proc_int32_t& cp) {
    if (i == n) return false;
    cp = decomposed[i++];
    return true;
  });
}

} // namespace

namespace detail {

std::string name_key_mapped(std::string_view s) {
  if (!is_valid_utf8(s)) {
    std::string folded = ascii_lower(trim(s));
    return folded;
  }
  utf8proc_uint8_t* raw = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                              static_cast<utf8proc_ssize_t>(s.size()), &raw, k_name_key_options);
  if (n < 0) return ascii_lower(trim(s));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> holder(raw, &std::free);
  const auto* p = raw;
  auto left = n;
  return keep_letters_and_digits(static_cast<std::size_t>(n), [&](utf8proc_int32_t& cp) {
    if (left <= 0) return false;
    const auto len = utf8proc_iterate(p, left, &cp);
    if (len <= 0) return false;
    p += len;
    left -= len;
    return true;
  });
}

} // namespace detail

std::string name_key(std::string_view s) {
  if (auto key = name_key_direct(s)) return std::move(*key);
  return detail::name_key_mapped(s);
}
bool looks_like_email(std::string_view text) {
  // The bytes that matter, by table: one load a byte instead of a chain of compares.
  static constexpr auto k_kind = [] {
    std::array<unsigned char, 256> kind{}; // 0: any other byte, 1: '@', 2: refused
    kind['@'] = 1;
    for (const char c : {' ', '\t', ',', ';', '<', '>'}) kind[static_cast<unsigned char>(c)] = 2;
    return kind;
  }();
  std::size_t at = std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto kind = k_kind[static_cast<unsigned char>(text[i])];
    if (kind == 0) continue;
    if (kind == 2) return false;
    if (at != std::string_view::npos) return false; // a second @
    at = i;
  }
  return at != std::string_view::npos && at != 0 && at + 1 < text.size();
}

std::string normalize_email(std::string_view s) {
  std::string out(trim_view(s)); // one copy, lowercased in place
  ascii_lower_in_place(out);
  return out;
}

std::size_t display_width(std::string_view s) {
  if (!is_valid_utf8(s)) return s.size();
  std::size_t width = 0;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  auto left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) break;
    const int w = utf8proc_charwidth(cp);
    if (w > 0) width += static_cast<std::size_t>(w);
    p += n;
    left -= n;
  }
  return width;
}

std::string truncate_to_width(std::string_view s, std::size_t width) {
  if (display_width(s) <= width) return std::string(s);
  if (width == 0) return {};
  std::string out;
  std::size_t used = 0;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  auto left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) break;
    const int cw = std::max(0, utf8proc_charwidth(cp));
    if (used + static_cast<std::size_t>(cw) + 1 > width) break;
    used += static_cast<std::size_t>(cw);
    out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    p += n;
    left -= n;
  }
  return out + "…";
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance: Levenshtein plus adjacent transpositions.
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const auto dist = edit_distance(ascii_lower(word), ascii_lower(c));
    if (!best || dist < best_distance) {
      best = c;
      best_distance = dist;
    }
  }
  // Close enough: at most a third of the longer word, and never more than 3 edits.
  if (!best) return std::nullopt;
  const auto longest = std::max(word.size(), best->size());
  if (best_distance > 3 || best_distance * 3 > longest + 1) return std::nullopt;
  return best;
}

std::string group_digits(std::int64_t n) {
  const auto digits = std::to_string(n);
  const std::size_t sign = n < 0 ? 1 : 0;
  std::string out = digits.substr(0, sign);
  for (std::size_t i = sign; i < digits.size(); ++i) {
    out += digits[i];
    const auto left = digits.size() - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out;
}

} // namespace echo::util
