#pragma once
// Every report query: a few set-based statements per report, read-only. The definitions of the
// figures are in report/report.hpp and man/echoctl-report.1.

#include "echo/db/database.hpp"
#include "echo/domain/report.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace echo::db {

// One row per session of the period (cancelled and future ones included), by start time.
std::vector<domain::SessionRow> report_sessions(Database& db, const domain::Params& params);

// One row per participant with at least one participation in the period (only those with an
// eligible one when eligible_only), ordered by name; `participant` restricts to one person.
std::vector<domain::ParticipantRow> report_participants(Database& db, const domain::Params& params,
                                                        std::optional<std::int64_t> participant = std::nullopt,
                                                        bool eligible_only = false);

// One row per eligible participation in the period, by participant then session start.
std::vector<domain::CreditRow> report_credits(Database& db, const domain::Params& params,
                                              std::optional<std::int64_t> participant = std::nullopt);

// One row per participant and series with an eligible participation in the period, by name then
// series code, with the certificate number from the register when one was issued (not revoked).
std::vector<domain::SeriesCreditRow> report_credits_by_series(Database& db, const domain::Params& params,
                                                              std::optional<std::int64_t> participant = std::nullopt);

// The figures of `report series` / `report summary` for the period (series and period fields of
// the result are left for the caller to fill).
domain::Figures report_figures(Database& db, const domain::Params& params);
// The unrecorded sessions of the period (past, not cancelled, no attendance recorded), by start:
// every report warns about them, since they count neither as held nor in any denominator.
std::vector<domain::SessionRow> report_unrecorded(Database& db, const domain::Params& params);

} // namespace echo::db
