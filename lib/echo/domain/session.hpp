#pragma once
// A session of a series: when (wall-clock in the series' zone and as a UTC instant), what, who.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::domain {

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
  std::string status = "scheduled"; // scheduled | cancelled
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
  // recorded: not counted as held by reports). Same rule as db::recorded_sql.
  [[nodiscard]] std::string attendance_state(const std::string& now_utc) const {
    if (status == "cancelled" || start_utc >= now_utc) return "";
    if (has_records) return "recorded";
    return marked_held ? "none" : "unrecorded";
  }

  [[nodiscard]] std::string ref() const { return series_code + "/" + std::to_string(position); }
};

struct CasePresentation {
  std::int64_t id = 0;
  std::int64_t session_id = 0;
  std::string presenter; // email
  std::string title;
  std::string created_at;
};

} // namespace echo::domain
