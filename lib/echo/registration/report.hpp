#pragma once
// `report registrations`: the tables, the JSON array and the HTML page (stacked registered /
// attended columns per session, inline SVG) of db::report_registrations. Pure functions.

#include "echo/db/registration_repo.hpp"
#include "echo/report/html.hpp"
#include "echo/report/report.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace echo::registration {

// no_shows / registered at a held session, 4 decimals; nullopt when not held or nobody registered.
std::optional<double> no_show_rate(const db::RegistrationReportRow& row);

// One row per session: session, series, date, held, registered, attended, no_shows, no_show_rate,
// walk_ins.
report::Grid sessions_grid(const db::RegistrationReport& r);
// One row per group (series, profession or region): name, registered, attended, no_shows,
// no_show_rate, walk_ins; `label` names the first column.
report::Grid groups_grid(const std::vector<db::RegistrationGroupRow>& rows, const std::string& label);
// name, email, registered_sessions, held_sessions.
report::Grid never_attended_grid(const db::RegistrationReport& r);
// The rows of the JSON array, as a grid (json and jsonl): session, registered, attended, no_shows,
// no_show_rate, walk_ins.
report::Grid json_grid(const db::RegistrationReport& r);
// The JSON array: {session, registered, attended, no_shows, no_show_rate, walk_ins} per session.
nlohmann::ordered_json sessions_json(const db::RegistrationReport& r);
std::string page(const report::html::Meta& meta, const db::RegistrationReport& r);

} // namespace echo::registration
