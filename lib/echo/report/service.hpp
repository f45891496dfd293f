#pragma once
// The report use cases: what `report ...` asks of the hub, one function per report. Each takes
// the Database, the config pieces it needs and the request, resolves the references (--series,
// --participant, --session), loads the config's reference data where the report groups by it,
// and returns the rows and figures with their warnings; the row reports take a callback and hand
// it each row as the statement steps, so that output streams and memory stays flat. The CLI
// parses, calls and renders. Definitions of every figure: man/echoctl-report.1.

#include "echo/config/config.hpp"
#include "echo/db/database.hpp"
#include "echo/domain/registration.hpp"
#include "echo/domain/report.hpp"
#include "echo/report/evaluation.hpp"
#include "echo/report/html.hpp"
#include "echo/report/network.hpp"
#include "echo/report/report.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace echo::report {

// What every report over a period asks: the period, as-of and thresholds (params, its series_id
// left empty) and the series by code ("" for every series).
struct Request {
  Params params;
  std::string series;
  std::string program = "echoctl"; // the invoked name, for the advice in warnings
};

// The request resolved against the hub.
struct Scope {
  Params params;                     // series_id set when a series was asked
  std::string series;                // its code, as asked ("" for every series)
  std::string series_title;          // its title ("" when none or no series)
  std::vector<std::string> warnings; // the period's unrecorded sessions (past, no attendance recorded)
};

// Resolves the series (Error(failure) when unknown) and finds the unrecorded sessions of the
// period, which no report counts as held.
Scope open(db::Database& db, const Request& request);

// A participant by email (or alias) or id, for --participant; nullopt for "".
std::optional<std::int64_t> find_participant(db::Database& db, const std::string& ref);

// `report attendance`: the sessions of the period one by one, or all (for the HTML page's chart).
void each_session(db::Database& db, const Scope& scope, const std::function<void(const SessionRow&)>& fn);
std::vector<SessionRow> sessions(db::Database& db, const Scope& scope);
// `report participants` and `report credits --totals` (eligible_only), row by row.
void each_participant(db::Database& db, const Scope& scope, std::optional<std::int64_t> participant, bool eligible_only,
                      const std::function<void(const ParticipantRow&)>& fn);
// `report credits`: each eligible participation, row by row.
void each_credit(db::Database& db, const Scope& scope, std::optional<std::int64_t> participant,
                 const std::function<void(const CreditRow&)>& fn);
// `report credits --by-series`: each participant and series, row by row.
void each_credit_by_series(db::Database& db, const Scope& scope, std::optional<std::int64_t> participant,
                           const std::function<void(const SeriesCreditRow&)>& fn);

// `report series` (summary = false) and `report summary`.
struct FiguresResult {
  Figures figures; // with the series (report series), the period and as-of filled
  // With pages (HTML): the sessions of the period and, for the summary, each series' figures.
  std::vector<SessionRow> sessions;
  std::vector<html::SeriesFigures> by_series;
};
FiguresResult figures(db::Database& db, const Scope& scope, bool summary, bool pages);

struct ReachResult {
  std::vector<ReachRow> rows; // derived figures filled, gaps first
  std::vector<std::string> warnings;
};
// `report reach`, by region or by organization.
ReachResult reach(db::Database& db, const Scope& scope, const config::Config& config, bool by_organization);

using domain::CompetencyBy;
struct CompetencyResult {
  std::vector<CompetencyRow> rows;
  std::vector<std::string> warnings;
};
// `report competency`, per domain and with --by per profession, region or participant.
CompetencyResult competency(db::Database& db, const Scope& scope, const config::Config& config, CompetencyBy by);

// `report network`.
Network network(db::Database& db, const Scope& scope, const config::Config& config);
// `report retention` of the scope's series (Error(usage) without one); with across_series, who
// came back in another series.
Retention retention(db::Database& db, const Scope& scope, const config::Config& config, bool across_series);
// `report registrations`.
using domain::RegistrationReport;
RegistrationReport registrations(db::Database& db, const Scope& scope, const config::Config& config);
// Its session rows alone (json, jsonl, csv, tsv print nothing else): one statement, no per-person
// facts, no reference data; the same rows as registrations(...).sessions.
RegistrationReport registration_sessions(db::Database& db, const Scope& scope);
// The figures of `report registrations` from its rows (pure).
RegistrationReport registration_figures(const domain::RegistrationRows& rows);

// `report evaluation`: every evaluation, a series' (its own and its sessions') or a session's.
struct EvaluationRequest {
  std::string series;  // --series CODE
  std::string session; // --session REF
};
struct EvaluationSelection {
  std::optional<std::int64_t> series_id;
  std::optional<std::int64_t> session_id;
  std::string title;        // "Evaluation", "Evaluation — TITLE" or "Evaluation — CODE/N"
  std::string series_title; // the series' title, when --series
  std::string period;       // "series CODE", "session CODE/N" or "every evaluation"
};
// Resolves --series and --session; Error(usage) when the session is not in the series.
EvaluationSelection evaluation_selection(db::Database& db, const EvaluationRequest& request);
// The figures (with their warnings) of the selected evaluations.
EvaluationFigures evaluation(db::Database& db, const EvaluationSelection& selection);

} // namespace echo::report
