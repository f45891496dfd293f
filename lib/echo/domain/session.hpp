#pragma once
// A session of a series: when (wall-clock in the series' zone and as a UTC instant), what, who.

#include "echo/domain/names.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace echo::domain {

// session.status, as stored and printed.
enum class SessionStatus { scheduled, cancelled };
inline constexpr std::array<std::string_view, 2> k_session_status_names{"scheduled", "cancelled"};
constexpr std::string_view name(SessionStatus status) { return enum_name(k_session_status_names, status); }
constexpr std::optional<SessionStatus> parse_session_status(std::string_view text) {
  return enum_parse<SessionStatus>(k_session_status_names, text);
}

// The one definition of "started" (held, unrecorded, past), as man/echoctl-report.1 gives it: the
// session started before the as-of instant, start_utc < as_of (both UTC ISO text, whose order is
// time order). A session that starts at the as-of instant has not started. db::rules::past is
// the same rule in SQL.
constexpr bool started_before(std::string_view start_utc, std::string_view as_of_utc) { return start_utc < as_of_utc; }

// The session reference CODE/N (db::rules::session_ref in SQL).
inline std::string session_ref(std::string_view series_code, int number) {
  return std::string(series_code) + "/" + std::to_string(number);
}

struct Session {
  std::int64_t id = 0;
  std::int64_t series_id = 0;
  std::string series_code;
  int position = 0; // N of CODE/N (session.number: given once, never renumbered or reused)
  std::string key;
  std::string origin = "manual"; // manual | schedule | toml | csv | ics | json
  std::string local_date;        // YYYY-MM-DD
  std::string local_time;        // HH:MM
  std::string start_utc;         // YYYY-MM-DDTHH:MM:SSZ
  int duration = 60;
  std::string topic;
  SessionStatus status = SessionStatus::scheduled;
  std::optional<std::string> cancel_reason;
  std::vector<std::string> presenters; // emails, in order
  std::optional<std::string> facilitator;
  std::vector<std::string> domains; // its own competency codes, sorted; empty: the series' stand
  std::string created_at;
  std::string updated_at;
  bool marked_held = false; // held without attendees (`session update REF --held`)
  bool has_records = false; // attendance records or unmatched import rows exist

  // Where its attendance stands at `now_utc` (ISO text): "" for a cancelled session or one still to
  // come, "recorded", "none" (marked held, nobody attended) or "unrecorded" (past, nothing
  // recorded: not counted as held by reports). Same rule as db::rules::held and unrecorded.
  [[nodiscard]] std::string attendance_state(const std::string& now_utc) const {
    if (status == SessionStatus::cancelled || !started_before(start_utc, now_utc)) return "";
    if (has_records) return "recorded";
    return marked_held ? "none" : "unrecorded";
  }

  [[nodiscard]] std::string ref() const { return session_ref(series_code, position); }
};

struct CasePresentation {
  std::int64_t id = 0;
  std::int64_t session_id = 0;
  std::string presenter; // email
  std::string title;
  std::string created_at;
};

} // namespace echo::domain
