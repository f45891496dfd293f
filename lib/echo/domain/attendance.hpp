#pragma once
// Attendance of a participant at a session, its roles, and unmatched import rows.

#include "echo/domain/names.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace echo::domain {

// attendance.role, as stored and printed.
enum class Role { participant, hub, presenter, facilitator };
inline constexpr std::array<std::string_view, 4> k_role_names{"participant", "hub", "presenter", "facilitator"};
// The one table of role ranks, in enum order: participant < hub < presenter = facilitator (an
// import never demotes a role). db::rules::role_rank generates the SQL CASE from it.
inline constexpr std::array<int, 4> k_role_ranks{0, 1, 2, 2};

constexpr std::string_view name(Role role) { return enum_name(k_role_names, role); }
constexpr std::optional<Role> parse_role(std::string_view text) { return enum_parse<Role>(k_role_names, text); }
constexpr int role_rank(Role role) { return k_role_ranks[static_cast<std::size_t>(role)]; }
// The higher-ranked of two roles (the first on a tie).
constexpr Role stronger_role(Role a, Role b) { return role_rank(b) > role_rank(a) ? b : a; }

// attendance.source, as stored and printed: who wrote the row (manual: `attendance record`, whose
// minutes an import never lowers nor raises), else the export's kind.
enum class Source { manual, zoom, csv, teams, meet };
inline constexpr std::array<std::string_view, 5> k_source_names{"manual", "zoom", "csv", "teams", "meet"};
constexpr std::string_view name(Source source) { return enum_name(k_source_names, source); }
constexpr std::optional<Source> parse_source(std::string_view text) { return enum_parse<Source>(k_source_names, text); }

struct AttendanceEntry {
  std::int64_t session_id = 0;
  std::string session; // CODE/N
  std::string start_utc;
  std::int64_t participant_id = 0;
  std::optional<std::string> email;
  std::string name;
  std::int64_t minutes = 0;
  Role role = Role::participant;
  bool eligible = false;
  Source source = Source::manual;
};

struct UnmatchedEntry {
  std::int64_t id = 0;
  std::int64_t session_id = 0;
  std::string session; // CODE/N
  std::string name;
  Role role = Role::participant;
  std::int64_t minutes = 0;
  std::string intervals; // JSON [[join_utc, leave_utc], ...]
  std::string file;
  std::optional<std::int64_t> line;
  std::optional<std::int64_t> import_id;
  std::optional<std::int64_t> resolved_participant_id;
};

} // namespace echo::domain
