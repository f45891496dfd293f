#pragma once
// Report parameters, the plain structs the report queries return, and the pure rules that turn
// them into figures (rounding, certificates, tables). See man/echoctl-report.1 for the definitions.

#include "echo/util/table.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace echo::report {

// What every report selects: sessions of one series (or all), local dates from..to inclusive,
// and the instant that separates past sessions from future ones.
struct Params {
  std::optional<std::int64_t> series_id;
  std::optional<std::string> from; // YYYY-MM-DD, inclusive, compared with session.local_date
  std::optional<std::string> to;   // YYYY-MM-DD, inclusive
  std::string as_of_utc;           // YYYY-MM-DDTHH:MM:SSZ; held = not cancelled, start_utc < as_of and
                                   // attendance recorded (else unrecorded)
  int min_minutes = 45;            // attendance.min_minutes
  double min_percent = 75.0;       // certificates.min_percent
};

// Label under which a missing or blank profession or region is counted.
inline constexpr const char* k_unknown = "(unknown)";

// --as-of: YYYY-MM-DD (local midnight), YYYY-MM-DDTHH:MM[:SS] or YYYY-MM-DD HH:MM[:SS], local to
// `timezone` unless it ends in Z (UTC). Returns UTC text. Error(usage) when malformed,
// Error(data) for an impossible date or time, Error(config) for an unknown time zone.
std::string parse_as_of(const std::string& text, const std::string& timezone);
// Error(usage) when from is after to.
void check_period(const Params& params);

// Rounds half away from zero to `places` decimals.
double round_to(double value, int places);

// One row of `report attendance`: a session in the period.
struct SessionRow {
  std::string session; // CODE/N
  std::string series;
  std::string date; // local date
  std::string time; // local HH:MM
  std::string topic;
  std::string status; // scheduled | cancelled (as stored)
  bool held = false;
  std::int64_t participants = 0; // participations (0 unless held)
  std::int64_t eligible = 0;
  std::int64_t hub = 0;     // presenter, facilitator and hub attendance records
  std::int64_t minutes = 0; // participants' minutes
  std::int64_t cases = 0;   // case presentations
  bool unrecorded = false;  // past, not cancelled, no attendance recorded: not held
};

// One row of `report participants` (and of `report credits --totals`).
struct ParticipantRow {
  std::int64_t id = 0;
  std::optional<std::string> email;
  std::string name;
  std::optional<std::string> profession;
  std::optional<std::string> region;
  bool rural = false;
  std::int64_t sessions = 0; // participations
  std::int64_t eligible_sessions = 0;
  std::int64_t minutes = 0;
  double credit_hours = 0;               // rounded to 2 decimals
  std::vector<std::string> certificates; // series codes whose certificate rule is met, sorted
};

// One row of `report credits`: an eligible participation.
struct CreditRow {
  std::optional<std::string> email;
  std::string name;
  std::string series;
  std::string session; // CODE/N
  std::string date;
  std::string topic;
  std::int64_t minutes = 0;
  double credit_hours = 0;       // the series' credit hours
  double total_credit_hours = 0; // the participant's total over the report (2 decimals)
};

// One row of `report credits --by-series`: a participant and a series with an eligible
// participation in the period (a mail-merge row).
struct SeriesCreditRow {
  std::int64_t participant_id = 0;
  std::string name;
  std::optional<std::string> email;
  std::string series; // code
  std::string title;
  std::string first_date; // first and last local dates of the held sessions attended
  std::string last_date;
  std::int64_t sessions = 0;               // participations at held sessions
  std::int64_t eligible_sessions = 0;      // of them, at or above min_minutes
  double credit_hours = 0;                 // eligible_sessions x the series' credit hours, 2 decimals
  bool earned = false;                     // the certificate rule is met in the period
  std::optional<std::int64_t> certificate; // number in the register (not revoked), if issued
};

struct Breakdown {
  std::string name;
  std::int64_t participants = 0;
};

// `report series` and `report summary`.
struct Figures {
  std::optional<std::string> series; // set for `report series`
  std::optional<std::string> from;   // the period as asked (null: open)
  std::optional<std::string> to;
  std::string as_of;
  std::int64_t series_count = 0; // series with at least one held session in the period
  std::int64_t sessions_scheduled = 0;
  std::int64_t sessions_held = 0;       // past, not cancelled, attendance recorded (or marked held)
  std::int64_t sessions_unrecorded = 0; // past, not cancelled, no attendance recorded: not held
  std::int64_t sessions_cancelled = 0;
  std::int64_t participations = 0;
  std::int64_t unique_participants = 0;
  std::int64_t eligible_participations = 0;
  std::int64_t minutes = 0;
  double credit_hours = 0; // unrounded sum; rounded when presented
  std::int64_t certificates = 0;
  std::int64_t new_participants = 0;
  std::int64_t rural_participants = 0;
  std::int64_t cases_presented = 0;
  std::vector<Breakdown> by_profession; // participants desc, name, "(unknown)" last
  std::vector<Breakdown> by_region;

  // participations / sessions held, 2 decimals (0 when nothing was held).
  [[nodiscard]] double average_attendance() const;
  // participants' minutes / 60, 2 decimals.
  [[nodiscard]] double learning_hours() const;
  // rural unique participants / unique participants, 4 decimals (0 when nobody took part).
  [[nodiscard]] double rural_share() const;
};

// Sorts a breakdown: most participants first, then by name, the unknown label last.
void sort_breakdown(std::vector<Breakdown>& rows);

// `report reach`: one row per configured region (then regions as written that match none, as
// "(unknown)"), or per organization with --by organization.
struct ReachRow {
  std::string key;                         // the region's configured name, the organization, or "(unknown)"
  bool configured = false;                 // a configured [[regions]] entry
  std::optional<std::int64_t> population;  // [[regions]] population
  std::optional<std::int64_t> providers;   // [[regions]] providers
  std::int64_t participants = 0;           // unique participants at held sessions of the period
  std::int64_t participations = 0;         // their attendances (participant role) at those sessions
  std::int64_t minutes = 0;                // their minutes
  std::int64_t rural = 0;                  // of the participants, those recorded as rural
  std::optional<std::int64_t> previous;    // unique participants in the previous period (null: no period)
  std::optional<double> per_100k;          // participants * 100,000 / population, 2 decimals
  std::optional<double> per_100_providers; // participants * 100 / providers, 2 decimals
  std::optional<double> rural_share;       // rural / participants, 4 decimals (null: nobody)
  bool gap = false;                        // a configured region with nobody, or per_100k below the threshold

  [[nodiscard]] double learning_hours() const { return round_to(static_cast<double>(minutes) / 60.0, 2); }
};

// The previous period of the same length: the days just before `from` (both dates needed).
// nullopt when the period is open at either end.
std::optional<std::pair<std::string, std::string>> previous_period(const Params& params);

// Fills the derived figures (rates, share, gap) and orders the rows: gaps first, then the rest,
// each in the configured order of the regions (rows not configured after them by participants,
// then name), "(unknown)" last.
void finish_reach(std::vector<ReachRow>& rows, double gap_threshold, bool by_region);

// `report competency`: learning hours per competency domain (and per key with --by).
struct CompetencyRow {
  std::string domain;             // a [[competencies]] code, or "(none)" for sessions without one
  std::string title;              // its configured title ("" when not configured)
  std::optional<std::string> key; // profession, region or participant (email, else name); null without --by
  std::int64_t minutes = 0;       // participants' minutes at held sessions of the domain
  std::int64_t participants = 0;  // unique participants among them
  [[nodiscard]] double hours() const { return round_to(static_cast<double>(minutes) / 60.0, 2); }
};

// Label of the sessions (and their hours) that have no competency domain, theirs or their series'.
inline constexpr const char* k_no_domain = "(none)";

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
