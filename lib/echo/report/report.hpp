#pragma once
// Report parameters, the plain structs the report queries return, and the pure rules that turn
// them into figures (rounding, certificates, tables). See man/echoctl-report.1 for the definitions.

#include "echo/domain/report.hpp"
#include "echo/util/table.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace echo::report {

// The parameters, rows and figures live in domain/report.hpp (db/ fills them).
using domain::Breakdown;
using domain::CreditRow;
using domain::Figures;
using domain::k_unknown;
using domain::Params;
using domain::ParticipantRow;
using domain::round_to;
using domain::SeriesCreditRow;
using domain::SessionRow;
using domain::sort_breakdown;

// --as-of: YYYY-MM-DD (local midnight), YYYY-MM-DDTHH:MM[:SS] or YYYY-MM-DD HH:MM[:SS], local to
// `timezone` unless it ends in Z (UTC). Returns UTC text. Error(usage) when malformed,
// Error(data) for an impossible date or time, Error(config) for an unknown time zone.
std::string parse_as_of(const std::string& text, const std::string& timezone);
// Error(usage) when from is after to.
void check_period(const Params& params);

// A tabular result: the table the CLI's output layer prints, unchanged.
using Value = util::Cell;
using Grid = util::Table;

Grid attendance_grid(const std::vector<SessionRow>& rows);
Grid participants_grid(const std::vector<ParticipantRow>& rows);
Grid credits_grid(const std::vector<CreditRow>& rows);
Grid credit_totals_grid(const std::vector<ParticipantRow>& rows);
Grid credits_by_series_grid(const std::vector<SeriesCreditRow>& rows);
// field/value pairs of `report series` (with_series) or `report summary`.
Grid figures_grid(const Figures& figures, bool summary);
// The same figures as one wide row (csv, tsv: a row per run appends well to a sheet), with
// by_profession and by_region as lists of "name=participants".
Grid figures_row_grid(const Figures& figures, bool summary);
Grid breakdown_grid(const std::vector<Breakdown>& rows, const std::string& label);

// The JSON object of `report series` (summary = false) or `report summary` (summary = true).
nlohmann::ordered_json figures_json(const Figures& figures, bool summary);

} // namespace echo::report
