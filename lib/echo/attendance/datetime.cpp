#include "echo/attendance/datetime.hpp"

#include "echo/util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace echo::attendance {

namespace {

// A small cursor over the text.
struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i >= s.size(); }
  void spaces() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  }
  bool eat(char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  // 1 to max_digits decimal digits.
  [[gnu::always_inline]] std::optional<int> number(std::size_t max_digits) { // called 5 times a date
    const std::size_t start = i;
    const std::size_t end = std::min(s.size(), start + max_digits);
    int v = 0;
    for (; i < end; ++i) { // std::isdigit without its call: '0'..'9' only
      const unsigned digit = static_cast<unsigned>(static_cast<unsigned char>(s[i])) - unsigned{'0'};
      if (digit > 9) break; // below '0' wraps around to a large value
      v = v * 10 + static_cast<int>(digit);
    }
    if (i == start) return std::nullopt;
    return v;
  }
  // The letters at the cursor (a view of the text: no copy).
  std::string_view word() {
    const auto start = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    return s.substr(start, i - start);
  }
};

// True when text, its ASCII letters lowercased, is `lower` (what ascii_lower(text) == lower was,
// without the copy).
bool lower_equals(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t k = 0; k < text.size(); ++k) {
    char c = text[k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[k]) return false;
  }
  return true;
}

std::optional<int> month_from_name(std::string_view word) {
  static constexpr std::array<std::string_view, 12> names{"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
  static constexpr std::array<std::string_view, 12> full{"january",   "february", "march",    "april",
                                                         "may",       "june",     "july",     "august",
                                                         "september", "october",  "november", "december"};
  for (std::size_t m = 0; m < 12; ++m)
    if (lower_equals(word, names[m]) || lower_equals(word, full[m]) || (m == 8 && lower_equals(word, "sept")))
      return static_cast<int>(m + 1);
  return std::nullopt;
}

// HH:MM[:SS][ AM|PM] at the cursor, then the end of the text.
std::optional<std::chrono::seconds> time_part(Cursor& c) {
  c.spaces();
  auto h = c.number(2);
  if (!h || !c.eat(':')) return std::nullopt;
  auto m = c.number(2);
  if (!m) return std::nullopt;
  int s = 0;
  if (c.eat(':')) {
    auto sec = c.number(2);
    if (!sec) return std::nullopt;
    s = *sec;
  }
  c.spaces();
  const auto suffix = c.word();
  c.spaces();
  if (!c.done()) return std::nullopt;
  int hour = *h;
  const bool pm = lower_equals(suffix, "pm");
  if (pm || lower_equals(suffix, "am")) {
    if (hour < 1 || hour > 12) return std::nullopt;
    if (hour == 12) hour = 0;
    if (pm) hour += 12;
  } else if (!suffix.empty()) {
    return std::nullopt;
  }
  if (hour > 23 || *m > 59 || s > 59) return std::nullopt;
  return std::chrono::hours(hour) + std::chrono::minutes(*m) + std::chrono::seconds(s);
}

std::optional<util::LocalSeconds> make(int y, int mo, int d, std::chrono::seconds tod) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  const date::year_month_day ymd{date::year(y), date::month(static_cast<unsigned>(mo)),
                                 date::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  return util::make_local(ymd, tod);
}

} // namespace

std::string_view date_order_name(DateOrder order) { return order == DateOrder::dmy ? "dmy" : "mdy"; }

std::optional<DateOrder> parse_date_order(std::string_view text) {
  if (text == "mdy") return DateOrder::mdy;
  if (text == "dmy") return DateOrder::dmy;
  return std::nullopt;
}

std::optional<std::pair<int, int>> slash_date_fields(std::string_view text) {
  const auto trimmed = util::trim_view(text);
  Cursor c{trimmed};
  const auto a = c.number(2);
  if (!a || !c.eat('/')) return std::nullopt;
  const auto b = c.number(2);
  if (!b || !c.eat('/')) return std::nullopt;
  const auto year_start = c.i;
  if (!c.number(4) || (c.i - year_start != 4 && c.i - year_start != 2)) return std::nullopt;
  return std::pair<int, int>{*a, *b};
}

std::optional<util::LocalSeconds> parse_export_time(std::string_view text, DateOrder order) {
  const auto trimmed = util::trim_view(text);
  Cursor c{trimmed};
  if (c.done()) return std::nullopt;
  if (std::isalpha(static_cast<unsigned char>(trimmed[0]))) {
    // Mar 28, 2020 08:07:27
    const auto month = month_from_name(c.word());
    if (!month) return std::nullopt;
    c.eat('.');
    c.spaces();
    auto day = c.number(2);
    if (!day) return std::nullopt;
    c.eat(',');
    c.spaces();
    auto year = c.number(4);
    if (!year || *year < 1000) return std::nullopt;
    c.eat(',');
    auto tod = time_part(c);
    if (!tod) return std::nullopt;
    return make(*year, *month, *day, *tod);
  }
  auto first = c.number(4);
  if (!first) return std::nullopt;
  if (c.eat('-')) {
    // 2020-09-24 11:35:16
    if (c.i != 5) return std::nullopt;
    auto mo = c.number(2);
    if (!mo || !c.eat('-')) return std::nullopt;
    auto d = c.number(2);
    if (!d) return std::nullopt;
    if (!c.eat('T') && !c.eat(' ')) return std::nullopt;
    auto tod = time_part(c);
    if (!tod) return std::nullopt;
    return make(*first, *mo, *d, *tod);
  }
  if (c.i == 4 && c.eat('/')) {
    // 2020/9/24 11:35:16
    auto mo = c.number(2);
    if (!mo || !c.eat('/')) return std::nullopt;
    auto d = c.number(2);
    if (!d) return std::nullopt;
    if (c.done() || (trimmed[c.i] != ' ' && trimmed[c.i] != '\t')) return std::nullopt;
    auto tod = time_part(c);
    if (!tod) return std::nullopt;
    return make(*first, *mo, *d, *tod);
  }
  if (c.i <= 2 && c.eat('/')) {
    // 09/24/2020 11:35:16 AM, or 24/09/2020 11:35 day first
    auto second = c.number(2);
    if (!second || !c.eat('/')) return std::nullopt;
    const auto year_start = c.i;
    auto y = c.number(4);
    if (!y || (c.i - year_start != 4 && c.i - year_start != 2)) return std::nullopt;
    if (c.i - year_start == 2) *y += 2000; // Teams: 1/27/26, 11:52:03 AM
    c.eat(',');
    if (c.done() || (trimmed[c.i] != ' ' && trimmed[c.i] != '\t')) return std::nullopt;
    auto tod = time_part(c);
    if (!tod) return std::nullopt;
    return order == DateOrder::dmy ? make(*y, *second, *first, *tod) : make(*y, *first, *second, *tod);
  }
  return std::nullopt;
}

} // namespace echo::attendance
