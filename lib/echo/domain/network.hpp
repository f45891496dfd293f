#pragma once
// What the queries of `report network` and `report retention` return and the figures they
// become: db/outcome_network_repo fills the raw rows (NetworkRows, RetentionRows), the report
// service turns them into Network and Retention, report/network presents them. Definitions of
// every figure: man/echoctl-report.1 (REPORT NETWORK, REPORT RETENTION).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace echo::domain {

// Participants of one held session with one canonical profession (profession unset: unknown).
struct ProfessionCount {
  std::optional<std::string> profession;
  std::int64_t participants = 0;
};

// One held session of the period with its participants counted by profession (the query's rows).
struct SessionProfessions {
  std::string session; // CODE/N
  std::string series;  // CODE
  std::string date;    // local date
  std::vector<ProfessionCount> counts;
};

// A session's figures: distinct known professions and the Shannon index over them.
struct NetworkSession {
  std::string session;
  std::string series;
  std::string date;
  std::int64_t participants = 0; // participants (role participant), unknown profession included
  std::int64_t unknown = 0;      // of them without a (known) profession
  std::int64_t professions = 0;  // distinct canonical professions, unknown not counted
  double diversity = 0;          // Shannon H = -sum p_i ln p_i, 4 decimals (0 with < 2 professions)
};

struct NetworkSeries {
  std::string series;
  std::int64_t sessions = 0;   // held sessions of the period
  double mean_professions = 0; // mean of the sessions' professions, 2 decimals
  double diversity = 0;        // mean of the sessions' Shannon H, 4 decimals
  double share_3plus = 0;      // sessions with >= 3 professions / sessions, 4 decimals
};

// Distinct participants of one profession from one region (either may be k_unknown).
struct MatrixCell {
  std::string profession;
  std::string region;
  std::int64_t participants = 0;
};

// Two organizations (a < b) whose people attended the same held sessions.
struct OrganizationPair {
  std::string a;
  std::string b;
  std::int64_t sessions = 0;
};

struct Network {
  std::vector<NetworkSeries> series;
  std::vector<NetworkSession> sessions;
  std::vector<MatrixCell> matrix;
  std::vector<OrganizationPair> organizations;
  std::vector<std::string> regions; // the configured regions, in their order (matrix columns in html)
};

// The rows of the network queries, before any figure: sessions by start with their counts, the
// matrix (by profession then region, the unknown label last), the organization pairs (as the
// query gives them, each with a < b) and the configured regions in their order.
struct NetworkRows {
  std::vector<SessionProfessions> sessions;
  std::vector<MatrixCell> matrix;
  std::vector<OrganizationPair> organizations;
  std::vector<std::string> regions;
};

// `report retention`: one held session of the series, k = 1, 2, ... in order.
struct RetentionPoint {
  std::int64_t k = 0;
  std::string session; // CODE/N
  std::string date;
  std::int64_t attendees = 0;           // participants at session k
  std::int64_t retained_from_first = 0; // of them, attendees of the first session
};

// A participant of the series who attended a held session of another series after their last
// session of this one.
struct AcrossSeries {
  std::optional<std::string> email;
  std::string name;
  std::vector<std::string> series; // the other series' codes, sorted
  std::string first_date;          // the first such later session's local date
};

struct Retention {
  std::string series;
  std::int64_t first_session_attendees = 0;
  std::int64_t distinct_attendees = 0; // distinct participants of the series' held sessions
  std::vector<RetentionPoint> curve;
  // sessions attended -> participants, for 1 .. number of held sessions (zeros included)
  std::vector<std::pair<std::int64_t, std::int64_t>> distribution;
  std::int64_t one_time = 0;                              // participants who attended exactly one held session
  std::int64_t returning = 0;                             // participants who attended two or more
  std::optional<std::vector<AcrossSeries>> across_series; // set with --across-series

  // attendees at k / first_session_attendees, 4 decimals (0 when the first session had nobody).
  [[nodiscard]] double share_of_first(const RetentionPoint& p) const;
  // attendees at k / distinct attendees of the series, 4 decimals.
  [[nodiscard]] double share_of_all(const RetentionPoint& p) const;
};

// The rows of the retention queries: the series' code, its held sessions numbered k with their
// attendees and those retained from the first, participants' session counts ({sessions
// attended, participants}, by sessions attended) and, when asked, who came back elsewhere.
struct RetentionRows {
  std::string series;
  std::vector<RetentionPoint> curve;
  std::vector<std::pair<std::int64_t, std::int64_t>> counts;
  std::optional<std::vector<AcrossSeries>> across_series;
};

} // namespace echo::domain
