#pragma once
// A series: a recurring teleECHO program, its recurrence rule (wall-clock in its time zone) and
// its derived status.

#include "echo/domain/names.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace echo::domain {

// series.repeat (and a proposal's cadence), as stored and printed.
enum class Repeat { weekly, biweekly, monthly };
inline constexpr std::array<std::string_view, 3> k_repeat_names{"weekly", "biweekly", "monthly"};
constexpr std::string_view name(Repeat repeat) { return enum_name(k_repeat_names, repeat); }
constexpr std::optional<Repeat> parse_repeat(std::string_view text) { return enum_parse<Repeat>(k_repeat_names, text); }

// Weekday numbers as stored: 0 = Sunday ... 6 = Saturday.
struct Recurrence {
  std::optional<std::string> start_date; // YYYY-MM-DD of the first session
  std::optional<std::string> start_time; // HH:MM
  std::optional<Repeat> repeat;          // nullopt: one session
  std::optional<int> weekday;            // 0..6
  std::optional<int> week_of_month;      // 1..5, -1 = last
  std::optional<int> count;
  std::optional<std::string> until_date;
  std::vector<std::string> skip; // YYYY-MM-DD, sorted

  bool operator==(const Recurrence&) const = default;
};

struct Series {
  std::int64_t id = 0;
  std::string code;
  std::string title;
  std::string description;
  std::string timezone;
  double credit_hours = 1.0;
  int duration = 60;
  Recurrence rule;
  std::vector<std::string> domains; // competency codes ([[competencies]]), sorted, unique
  std::optional<std::string> archived_at;
  std::string created_at;
  std::string updated_at;
};

// Status derived at query time; only archived_at is stored.
//   archived  : archived_at is set
//   planned   : no session has started yet (held = not cancelled and started)
//   completed : every non-cancelled session has started (and at least one did)
//   active    : otherwise
struct SeriesCounts {
  int sessions = 0;   // all, cancelled included
  int held = 0;       // not cancelled, started before now, attendance recorded (see unrecorded)
  int upcoming = 0;   // not cancelled, not started yet
  int unrecorded = 0; // not cancelled, started before now, no attendance recorded
};
inline std::string series_status(bool archived, const SeriesCounts& counts) {
  if (archived) return "archived";
  if (counts.held + counts.unrecorded == 0) return "planned";
  if (counts.upcoming == 0) return "completed";
  return "active";
}

// Weekday name (mon..sun, or full names, any case) to 0..6 (0 = Sunday); nullopt when unknown.
inline std::optional<int> parse_weekday(const std::string& text) {
  static const char* const names[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  std::string t;
  for (char c : text) t += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (t.size() < 2) return std::nullopt;
  for (int i = 0; i < 7; ++i) {
    const std::string full = names[i];
    if (t == full || (t.size() >= 3 && full.compare(0, t.size(), t) == 0)) return i;
  }
  return std::nullopt;
}

// 0..6 to "sun".."sat".
inline std::string weekday_name(int weekday) {
  static const char* const names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  return weekday >= 0 && weekday < 7 ? names[weekday] : "?";
}

// True when code is a valid series code: [a-z0-9][a-z0-9-]*.
inline bool valid_series_code(const std::string& code) {
  if (code.empty() || code.front() == '-') return false;
  for (char c : code)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

} // namespace echo::domain
