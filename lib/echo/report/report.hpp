#pragma once
// Report parameters, the plain structs the report queries return, and the pure rules that turn
// them into figures (rounding, certificates, tables). See man/echoctl-report.1 for the definitions.

#include "echo/domain/report.hpp"
#include "echo/util/table.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace echo::report {

// The parameters, rows and figures live in domain/report.hpp (db/ fills them).
using domain::Breakdown;
using domain::CompetencyRow;
using domain::CreditRow;
using domain::Figures;
using domain::k_no_domain;
using domain::k_unknown;
using domain::Params;
using domain::ParticipantRow;
using domain::ReachRow;
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

// The previous period of the same length: the days just before `from` (both dates needed).
// nullopt when the period is open at either end.
std::optional<std::pair<std::string, std::string>> previous_period(const Params& params);

// Fills the derived figures (rates, share, gap) and orders the rows: gaps first, then the rest,
// each in the configured order of the regions (rows not configured after them by participants,
// then name), "(unknown)" last.
void finish_reach(std::vector<ReachRow>& rows, double gap_threshold, bool by_region);

// A tabular result: the table the CLI's output layer prints, unchanged.
using Value = util::Cell;
using Grid = util::Table;

// The columns of each row report and one row's cells (reused by the caller, so that a report
// streamed row by row allocates no table): the grids below are these, row after row.
const std::vector<std::string>& attendance_columns();
void attendance_cells(const SessionRow& row, std::vector<Value>& cells);
const std::vector<std::string>& participants_columns();
void participants_cells(const ParticipantRow& row, std::vector<Value>& cells);
const std::vector<std::string>& credits_columns();
void credits_cells(const CreditRow& row, std::vector<Value>& cells);
const std::vector<std::string>& credit_totals_columns();
void credit_totals_cells(const ParticipantRow& row, std::vector<Value>& cells);
const std::vector<std::string>& credits_by_series_columns();
void credits_by_series_cells(const SeriesCreditRow& row, std::vector<Value>& cells);

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
// `report reach` (first column region, or organization) and `report competency`.
Grid reach_grid(const std::vector<ReachRow>& rows, bool by_region);
Grid competency_grid(const std::vector<CompetencyRow>& rows);

// The JSON object of `report series` (summary = false) or `report summary` (summary = true).
nlohmann::ordered_json figures_json(const Figures& figures, bool summary);

} // namespace echo::report
