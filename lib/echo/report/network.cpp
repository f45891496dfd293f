#include "echo/report/network.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace echo::report {

double shannon(const std::vector<ProfessionCount>& counts) {
  double total = 0;
  for (const auto& c : counts)
    if (c.profession && c.participants > 0) total += static_cast<double>(c.participants);
  if (total <= 0) return 0;
  double h = 0;
  for (const auto& c : counts) {
    if (!c.profession || c.participants <= 0) continue;
    const double p = static_cast<double>(c.participants) / total;
    h -= p * std::log(p);
  }
  // A single profession gives -1 ln 1 = 0 (never -0).
  return h <= 0 ? 0.0 : h;
}

Network network_figures(const std::vector<SessionProfessions>& sessions, std::vector<MatrixCell> matrix,
                        std::vector<OrganizationPair> organizations) {
  Network n;
  struct Sums {
    std::int64_t sessions = 0;
    std::int64_t professions = 0;
    std::int64_t three_plus = 0;
    double diversity = 0; // unrounded sum of the sessions' H
  };
  std::map<std::string, Sums> by_series;
  for (const auto& s : sessions) {
    NetworkSession row;
    row.session = s.session;
    row.series = s.series;
    row.date = s.date;
    for (const auto& c : s.counts) {
      row.participants += c.participants;
      if (!c.profession)
        row.unknown += c.participants;
      else if (c.participants > 0)
        ++row.professions;
    }
    const double h = shannon(s.counts);
    row.diversity = round_to(h, 4);
    auto& sum = by_series[s.series];
    ++sum.sessions;
    sum.professions += row.professions;
    if (row.professions >= 3) ++sum.three_plus;
    sum.diversity += h;
    n.sessions.push_back(std::move(row));
  }
  for (const auto& [code, sum] : by_series) {
    NetworkSeries row;
    row.series = code;
    row.sessions = sum.sessions;
    const auto held = static_cast<double>(sum.sessions);
    row.mean_professions = round_to(static_cast<double>(sum.professions) / held, 2);
    row.diversity = round_to(sum.diversity / held, 4);
    row.share_3plus = round_to(static_cast<double>(sum.three_plus) / held, 4);
    n.series.push_back(std::move(row));
  }
  n.matrix = std::move(matrix);
  n.organizations = std::move(organizations);
  return n;
}

Grid network_series_grid(const Network& n) {
  Grid g;
  g.columns = {"series", "sessions", "mean_professions", "diversity", "share_3plus"};
  for (const auto& r : n.series)
    g.rows.push_back({r.series, r.sessions, r.mean_professions, r.diversity, r.share_3plus});
  return g;
}

Grid network_sessions_grid(const Network& n) {
  Grid g;
  g.columns = {"session", "date", "participants", "unknown_profession", "professions", "diversity"};
  for (const auto& r : n.sessions)
    g.rows.push_back({r.session, r.date, r.participants, r.unknown, r.professions, r.diversity});
  return g;
}

Grid network_matrix_grid(const Network& n) {
  Grid g;
  g.columns = {"profession", "region", "participants"};
  for (const auto& r : n.matrix) g.rows.push_back({r.profession, r.region, r.participants});
  return g;
}

Grid network_organizations_grid(const Network& n) {
  Grid g;
  g.columns = {"a", "b", "sessions"};
  for (const auto& r : n.organizations) g.rows.push_back({r.a, r.b, r.sessions});
  return g;
}

nlohmann::ordered_json network_json(const Network& n) {
  nlohmann::ordered_json series = nlohmann::ordered_json::array();
  for (const auto& r : n.series)
    series.push_back({{"series", r.series},
                      {"sessions", r.sessions},
                      {"mean_professions", r.mean_professions},
                      {"diversity", r.diversity},
                      {"share_3plus", r.share_3plus}});
  nlohmann::ordered_json sessions = nlohmann::ordered_json::array();
  for (const auto& r : n.sessions)
    sessions.push_back({{"session", r.session}, {"professions", r.professions}, {"diversity", r.diversity}});
  nlohmann::ordered_json matrix = nlohmann::ordered_json::array();
  for (const auto& r : n.matrix)
    matrix.push_back({{"profession", r.profession}, {"region", r.region}, {"participants", r.participants}});
  nlohmann::ordered_json organizations = nlohmann::ordered_json::array();
  for (const auto& r : n.organizations) organizations.push_back({{"a", r.a}, {"b", r.b}, {"sessions", r.sessions}});
  return {{"series", series}, {"sessions", sessions}, {"matrix", matrix}, {"organizations", organizations}};
}

void retention_distribution(Retention& r, const std::vector<std::pair<std::int64_t, std::int64_t>>& counts,
                            std::int64_t held) {
  std::map<std::int64_t, std::int64_t> by;
  for (const auto& [sessions, participants] : counts) by[sessions] += participants;
  r.distribution.clear();
  r.one_time = 0;
  r.returning = 0;
  for (std::int64_t k = 1; k <= held; ++k) r.distribution.emplace_back(k, by.count(k) ? by[k] : 0);
  for (const auto& [sessions, participants] : by) {
    if (sessions == 1)
      r.one_time += participants;
    else if (sessions > 1)
      r.returning += participants;
  }
}

Grid retention_curve_grid(const Retention& r) {
  Grid g;
  g.columns = {"k", "session", "date", "attendees", "retained_from_first", "share_of_first", "share_of_all"};
  for (const auto& p : r.curve)
    g.rows.push_back(
        {p.k, p.session, p.date, p.attendees, p.retained_from_first, r.share_of_first(p), r.share_of_all(p)});
  return g;
}

Grid retention_distribution_grid(const Retention& r) {
  Grid g;
  g.columns = {"sessions", "participants"};
  for (const auto& [sessions, participants] : r.distribution) g.rows.push_back({sessions, participants});
  return g;
}

Grid retention_summary_grid(const Retention& r) {
  Grid g;
  g.columns = {"field", "value"};
  g.rows.push_back({std::string("series"), r.series});
  g.rows.push_back({std::string("first_session_attendees"), r.first_session_attendees});
  g.rows.push_back({std::string("attendees"), r.distinct_attendees});
  g.rows.push_back({std::string("one_time"), r.one_time});
  g.rows.push_back({std::string("returning"), r.returning});
  if (r.across_series)
    g.rows.push_back({std::string("across_series"), static_cast<std::int64_t>(r.across_series->size())});
  return g;
}

Grid retention_across_grid(const Retention& r) {
  Grid g;
  g.columns = {"email", "name", "series", "first_date"};
  if (r.across_series)
    for (const auto& a : r.across_series.value())
      g.rows.push_back({a.email ? Value(*a.email) : Value(std::monostate{}), a.name, a.series, a.first_date});
  return g;
}

nlohmann::ordered_json retention_json(const Retention& r) {
  nlohmann::ordered_json curve = nlohmann::ordered_json::array();
  for (const auto& p : r.curve)
    curve.push_back({{"session", p.session},
                     {"attendees", p.attendees},
                     {"retained_from_first", p.retained_from_first},
                     {"share_of_first", r.share_of_first(p)},
                     {"share_of_all", r.share_of_all(p)}});
  nlohmann::ordered_json distribution = nlohmann::ordered_json::array();
  for (const auto& [sessions, participants] : r.distribution)
    distribution.push_back({{"sessions", sessions}, {"participants", participants}});
  nlohmann::ordered_json j = {{"series", r.series},     {"first_session_attendees", r.first_session_attendees},
                              {"curve", curve},         {"distribution", distribution},
                              {"one_time", r.one_time}, {"returning", r.returning}};
  if (r.across_series) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& a : r.across_series.value())
      list.push_back({{"email", a.email ? nlohmann::ordered_json(*a.email) : nlohmann::ordered_json(nullptr)},
                      {"name", a.name},
                      {"series", a.series},
                      {"first_date", a.first_date}});
    j["across_series"] = {{"count", r.across_series->size()}, {"participants", list}};
  }
  return j;
}

} // namespace echo::report
