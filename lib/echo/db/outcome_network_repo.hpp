#pragma once
// The queries of `report network` and `report retention`: set-based, read-only. They join
// temp.participant_ref, so the caller runs db::load_reference on the connection first. The
// definitions of the figures are in report/network.hpp and man/echoctl-report.1.

#include "echo/db/database.hpp"
#include "echo/report/network.hpp"
#include "echo/report/report.hpp"

#include <vector>

namespace echo::db {

// Per held session of the period (by start), its participants counted by canonical profession;
// the profession x region matrix (distinct participants, non-empty cells, by profession then
// region, the unknown label last); organization pairs that met (most sessions first).
report::Network report_network(Database& db, const report::Params& params);

// The retention of params.series_id (required) over its held sessions of the period; with
// across_series, its participants who attended another series' held session after their last
// session of this one.
report::Retention report_retention(Database& db, const report::Params& params, bool across_series);

} // namespace echo::db
