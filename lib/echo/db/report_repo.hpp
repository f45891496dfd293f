#pragma once
// Every report query: a few set-based statements per report, read-only. The definitions of the
// figures are in man/echoctl-report.1.

#include "echo/db/database.hpp"
#include "echo/domain/report.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace echo::db {

// One row per session of the period (cancelled and future ones included), by start time.
std::vector<domain::SessionRow> report_sessions(Database& db, const domain::Params& params);

// One row per participant with at least one participation in the period (only those with an
// eligible one when eligible_only: then sessions and minutes count the eligible participations
// alone, as credit totals need), ordered by name; `participant` restricts to one person.
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

// The same reports row by row, for output that streams: fn sees each row as the statement
// steps (the row object is reused; copy what must outlive the call).
void each_session(Database& db, const domain::Params& params, const std::function<void(const domain::SessionRow&)>& fn);
void each_participant(Database& db, const domain::Params& params, std::optional<std::int64_t> participant,
                      bool eligible_only, const std::function<void(const domain::ParticipantRow&)>& fn);
void each_credit(Database& db, const domain::Params& params, std::optional<std::int64_t> participant,
                 const std::function<void(const domain::CreditRow&)>& fn);
void each_credit_by_series(Database& db, const domain::Params& params, std::optional<std::int64_t> participant,
                           const std::function<void(const domain::SeriesCreditRow&)>& fn);

// The figures of `report series` / `report summary` for the period (series and period fields of
// the result are left for the caller to fill).
domain::Figures report_figures(Database& db, const domain::Params& params);
// The unrecorded sessions of the period (past, not cancelled, no attendance recorded), by start:
// every report warns about them, since they count neither as held nor in any denominator.
std::vector<domain::SessionRow> report_unrecorded(Database& db, const domain::Params& params);

// `report reach`: participants, participations, minutes and rural participants per region (the
// configured ones, each even with nobody, then the values that match none as "(unknown)"), or
// per organization, at the held sessions of the period; and the unique participants of the
// previous period of the same length when the period is closed. Needs db::load_reference on the
// connection (temp.participant_ref, temp.region_info). The derived figures are the report
// service's.
std::vector<domain::ReachRow> report_reach(Database& db, const domain::Params& params, bool by_organization);

// Participants whose recorded region (not blank) matches no configured [[regions]] name or
// alias, by id. Needs db::load_reference on the connection.
std::vector<std::int64_t> participants_region_unknown(Database& db);

using domain::CompetencyBy;
// `report competency`: participants' minutes and unique participants per competency domain (a
// session's own domains, else its series'; "(none)" for sessions with neither) at the held
// sessions of the period, and per key with `by`. By profession or region, every domain taught in
// the period has a row for every key seen in the period (and every configured region): zeros
// where nobody of that key attended. Needs db::load_reference on the connection.
std::vector<domain::CompetencyRow> report_competency(Database& db, const domain::Params& params, CompetencyBy by);

} // namespace echo::db
