#pragma once
// Attendance of a participant at a session, its roles, and unmatched import rows.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace echo::domain {

// participant < hub < presenter = facilitator: an import never demotes a role.
inline int role_rank(std::string_view role) {
  if (role == "presenter" || role == "facilitator") return 2;
  if (role == "hub") return 1;
  return 0;
}

inline bool is_role(std::string_view role) {
  return role == "participant" || role == "presenter" || role == "facilitator" || role == "hub";
}

// The higher-ranked of two roles (the first on a tie).
inline std::string stronger_role(const std::string& a, const std::string& b) {
  return role_rank(b) > role_rank(a) ? b : a;
}

struct AttendanceEntry {
  std::int64_t session_id = 0;
  std::string session; // CODE/N
  std::string start_utc;
  std::int64_t participant_id = 0;
  std::optional<std::string> email;
  std::string name;
  std::int64_t minutes = 0;
  std::string role;
  bool eligible = false;
  std::string source; // manual, zoom, csv
};

struct UnmatchedEntry {
  std::int64_t id = 0;
  std::int64_t session_id = 0;
  std::string session; // CODE/N
  std::string name;
  std::string role;
  std::int64_t minutes = 0;
  std::string intervals; // JSON [[join_utc, leave_utc], ...]
  std::string file;
  std::optional<std::int64_t> line;
  std::optional<std::int64_t> import_id;
  std::optional<std::int64_t> resolved_participant_id;
};

} // namespace echo::domain
