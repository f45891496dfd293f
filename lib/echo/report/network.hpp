#pragma once
// `report network` (inter-professional networks) and `report retention` (who keeps coming): the
// pure rules that turn counts into figures (Shannon diversity, shares, the distribution), their
// tables, JSON and HTML pages. Definitions of every
// figure: man/echoctl-report.1 (REPORT NETWORK, REPORT RETENTION) and the HTML pages.

#include "echo/domain/network.hpp"
#include "echo/report/html.hpp"
#include "echo/report/report.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::report {

// The rows and figures live in domain/network.hpp (db/ fills the rows, the report service makes
// the figures).
using domain::MatrixCell;
using domain::Network;
using domain::NetworkRows;
using domain::NetworkSeries;
using domain::NetworkSession;
using domain::OrganizationPair;
using domain::ProfessionCount;
using domain::SessionProfessions;

// Shannon entropy H = -sum p_i ln p_i of the counts' shares (natural log; unknown ignored),
// unrounded; 0 for no count or a single profession.
double shannon(const std::vector<ProfessionCount>& counts);
// The per-session and per-series figures from the query's rows (sessions in their order; series
// by code). Matrix and organizations are passed through.
Network network_figures(const std::vector<SessionProfessions>& sessions, std::vector<MatrixCell> matrix,
                        std::vector<OrganizationPair> organizations);

Grid network_series_grid(const Network& n);
Grid network_sessions_grid(const Network& n);
Grid network_matrix_grid(const Network& n);
Grid network_organizations_grid(const Network& n);
// {series: [...], sessions: [...], matrix: [...], organizations: [...]}
nlohmann::ordered_json network_json(const Network& n);

using domain::AcrossSeries;
using domain::Retention;
using domain::RetentionPoint;
using domain::RetentionRows;

// Fills one_time, returning and the distribution from participants' session counts
// (counts[i] = {sessions attended, participants}), for a series of `held` held sessions.
void retention_distribution(Retention& r, const std::vector<std::pair<std::int64_t, std::int64_t>>& counts,
                            std::int64_t held);

Grid retention_curve_grid(const Retention& r);
Grid retention_distribution_grid(const Retention& r);
Grid retention_summary_grid(const Retention& r);
Grid retention_across_grid(const Retention& r);
// {series, first_session_attendees, curve, distribution, one_time, returning, share_of_all...}
nlohmann::ordered_json retention_json(const Retention& r);

namespace html {
// The profession x region matrix as a heat-coloured table, the per-series and per-session tables,
// the organization pairs, and the definitions.
std::string network_page(const Meta& meta, const Network& n);
// The retention curve as an inline SVG line chart (share of the first session's attendees and of
// all attendees per session k), the distribution as bars, and the definitions.
std::string retention_page(const Meta& meta, const Retention& r);
// Line chart: one or more lines of values 0..1 over points labelled labels[i].
struct Line {
  std::string name;
  std::string colour;
  std::vector<double> values;
};
std::string line_chart(const std::string& title, const std::vector<std::string>& labels,
                       const std::vector<Line>& lines);
} // namespace html

} // namespace echo::report
