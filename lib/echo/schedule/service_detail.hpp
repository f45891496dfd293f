#pragma once
// Helpers the schedule services share (series.cpp, sessions.cpp, import.cpp): not part of the
// library's interface.

#include "echo/db/database.hpp"
#include "echo/domain/series.hpp"
#include "echo/schedule/recurrence.hpp"
#include "echo/schedule/service.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace echo::schedule::detail {

// "fnv1a64:<16 hex digits>" of the text.
std::string fnv1a(std::string_view text);
// Participant ids for emails (created when new) or other references (must exist).
std::vector<std::int64_t> participants_for(db::Database& db, const std::vector<std::string>& emails);
// The placement of a session at `date` (and `time`, else the series' time) in the series' zone.
Placement place_in(const domain::Series& s, const std::string& date, const std::optional<std::string>& time);
std::string json_text(const nlohmann::json& j);
// An archived series keeps its sessions as they are: adding, changing, cancelling, removing or
// importing them is refused (exit 1). Attendance can still be corrected.
void require_open(const domain::Series& s);
std::string single_quoted(const std::string& v);
// The sessions of series `s` placed in the zone `s` names now: those whose start or local time
// moves, or that fall in a DST gap or overlap (rezone_sessions reads them from the database).
std::vector<Rezoned> rezone(const domain::Series& s, std::vector<domain::Session> sessions);
// Writes what rezone_sessions computed; returns the DST warnings (series.cpp).
std::vector<std::string> apply_rezone(db::Database& db, const std::vector<Rezoned>& list);

} // namespace echo::schedule::detail
