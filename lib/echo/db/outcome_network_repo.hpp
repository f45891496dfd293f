#pragma once
// The queries of `report network` and `report retention`: set-based, read-only. They join
// temp.participant_ref, so the caller runs db::load_reference on the connection first. The
// definitions of the figures are in man/echoctl-report.1; the report service makes them from
// these rows.

#include "echo/db/database.hpp"
#include "echo/domain/network.hpp"
#include "echo/domain/report.hpp"

#include <vector>

namespace echo::db {

// Per held session of the period (by start), its participants counted by canonical profession;
// the profession x region matrix (distinct participants, non-empty cells, by profession then
// region, the unknown label last); organization pairs that met (a < b, in no order); the
// configured regions (temp.region_info) in their order.
domain::NetworkRows report_network(Database& db, const domain::Params& params);

// The retention counts of params.series_id (required) over its held sessions of the period: the
// sessions numbered k with their attendees and those of session 1, the participants per number
// of sessions attended; with across_series, its participants who attended another series' held
// session after their last session of this one.
domain::RetentionRows report_retention(Database& db, const domain::Params& params, bool across_series);

} // namespace echo::db
