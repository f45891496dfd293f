#include "echo/attendance/generic_names.hpp"

#include "echo/util/text.hpp"

#include <algorithm>
#include <array>

namespace echo::attendance {

namespace {

std::vector<std::string> words(std::string_view name) {
  std::vector<std::string> out;
  const auto key = util::name_key(name);
  std::size_t start = 0;
  while (start < key.size()) {
    auto end = key.find(' ', start);
    if (end == std::string::npos) end = key.size();
    if (end > start) out.push_back(key.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool all_digits(const std::string& w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool has_digit(const std::string& w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool one_of(const std::string& w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// Trailing numbers Zoom adds to tell equal names apart ("Call-in User_1", "iPad (2)").
std::vector<std::string> without_trailing_numbers(std::vector<std::string> w) {
  while (w.size() > 1 && all_digits(w.back())) w.pop_back();
  return w;
}

// "+1 (604) 555-0199", "16045550199": digits only, at least 7 of them.
bool is_phone_number(std::string_view name) {
  std::size_t digits = 0;
  for (char c : name) {
    if (c >= '0' && c <= '9')
      ++digits;
    else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')' && c != '.' && c != '*' && c != '#')
      return false;
  }
  return digits >= 7;
}

bool is_caller(const std::vector<std::string>& w) {
  if (w.empty()) return false;
  // "call in user", "call-in user 1", "dial in user", "phone user", "telephone user", "caller 3"
  const auto& first = w.front();
  if (one_of(first, {"caller", "callin", "dialin", "phone", "telephone", "teleconference"})) {
    if (w.size() == 1) return true;
    for (std::size_t i = 1; i < w.size(); ++i)
      if (!one_of(w[i], {"user", "participant", "caller", "guest", "in"}) && !all_digits(w[i])) return false;
    return true;
  }
  if (w.size() >= 2 && one_of(first, {"call", "dial"}) && w[1] == "in") {
    for (std::size_t i = 2; i < w.size(); ++i)
      if (!one_of(w[i], {"user", "participant", "caller", "guest"}) && !all_digits(w[i])) return false;
    return true;
  }
  return false;
}

bool is_device(const std::vector<std::string>& w) {
  if (w.empty()) return false;
  if (!one_of(w.front(), {"iphone",  "ipad",       "ipod",       "android", "galaxy",  "samsung", "pixel",  "huawei",
                          "oneplus", "motorola",   "moto",       "sm",      "redmi",   "xiaomi",  "nokia",  "macbook",
                          "imac",    "chromebook", "surface",    "windows", "mac",     "pc",      "laptop", "desktop",
                          "tablet",  "ipadpro",    "smartphone", "mobile",  "computer"}))
    return false;
  // Whatever follows is a model, not a name: "Galaxy S21", "iPad Pro", "Pixel 7a", "SM-G991B".
  for (std::size_t i = 1; i < w.size(); ++i)
    if (!has_digit(w[i]) && !one_of(w[i], {"pro", "max", "plus",    "mini", "ultra",  "air",   "note",   "tab", "lite",
                                           "se",  "fe",  "fold",    "flip", "edge",   "phone", "galaxy", "xl",  "a",
                                           "s",   "g",   "android", "user", "device", "book",  "go"}))
      return false;
  return true;
}

bool is_room(const std::vector<std::string>& w) {
  for (const auto& x : w)
    if (one_of(x, {"room", "boardroom", "classroom", "auditorium", "conference", "meetingroom", "zoomroom"}))
      return true;
  return false;
}

bool is_placeholder(const std::vector<std::string>& w) {
  // "Zoom user", "Guest", "Unknown", "User 12", "Participant"
  if (w.size() == 1)
    return one_of(w.front(), {"guest", "unknown", "user", "participant", "attendee", "anonymous", "host", "cohost",
                              "admin", "zoom", "zoomuser", "noname"});
  if (w.size() == 2)
    return (w[0] == "zoom" && one_of(w[1], {"user", "guest", "participant", "room"})) ||
           (w[0] == "unknown" && one_of(w[1], {"user", "caller", "participant"})) ||
           (w[0] == "guest" && w[1] == "user") || (w[0] == "co" && w[1] == "host") || (w[0] == "no" && w[1] == "name");
  return false;
}

} // namespace

bool is_generic_name(std::string_view name, const std::vector<std::string>& extra) {
  if (is_phone_number(name)) return true;
  const auto all = words(name);
  if (all.empty()) return false;
  const auto w = without_trailing_numbers(all);
  if (is_caller(w) || is_device(w) || is_room(w) || is_placeholder(w)) return true;
  for (const auto& e : extra) {
    const auto ew = without_trailing_numbers(words(e));
    if (!ew.empty() && (ew == w || ew == all)) return true;
  }
  return false;
}

} // namespace echo::attendance
