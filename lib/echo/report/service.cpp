#include "echo/report/service.hpp"

#include "echo/db/certificate_repo.hpp"
#include "echo/db/evaluation_repo.hpp"
#include "echo/db/lookup.hpp"
#include "echo/db/outcome_network_repo.hpp"
#include "echo/db/reference.hpp"
#include "echo/db/registration_repo.hpp"
#include "echo/db/report_repo.hpp"
#include "echo/error.hpp"
#include "echo/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace echo::report {

Scope open(db::Database& db, const Request& request) {
  Scope scope;
  scope.params = request.params;
  scope.series = request.series;
  if (!request.series.empty()) {
    scope.params.series_id = db::find_series(db, request.series).id;
    scope.series_title = db::CertificateRepo(db).series_title(*scope.params.series_id);
  }
  // Past sessions without attendance recorded are not held: every report says which.
  const auto rows = db::report_unrecorded(db, scope.params);
  if (!rows.empty()) {
    std::vector<std::string> refs;
    for (const auto& r : rows) refs.push_back(fmt::format("{} ({})", r.session, r.date));
    scope.warnings.push_back(
        fmt::format("{} past session{} with no attendance recorded, not counted as held nor in averages or "
                    "certificates: {}; import the attendance, or `{} session update REF --held` if nobody came",
                    rows.size(), rows.size() == 1 ? "" : "s", util::join(refs, ", "), request.program));
  }
  return scope;
}

std::optional<std::int64_t> find_participant(db::Database& db, const std::string& ref) {
  if (ref.empty()) return std::nullopt;
  return db::find_participant(db, ref);
}

void each_session(db::Database& db, const Scope& scope, const std::function<void(const SessionRow&)>& fn) {
  db::each_session(db, scope.params, fn);
}

std::vector<SessionRow> sessions(db::Database& db, const Scope& scope) { return db::report_sessions(db, scope.params); }

void each_participant(db::Database& db, const Scope& scope, std::optional<std::int64_t> participant, bool eligible_only,
                      const std::function<void(const ParticipantRow&)>& fn) {
  db::each_participant(db, scope.params, participant, eligible_only, fn);
}

void each_credit(db::Database& db, const Scope& scope, std::optional<std::int64_t> participant,
                 const std::function<void(const CreditRow&)>& fn) {
  db::each_credit(db, scope.params, participant, fn);
}

void each_credit_by_series(db::Database& db, const Scope& scope, std::optional<std::int64_t> participant,
                           const std::function<void(const SeriesCreditRow&)>& fn) {
  db::each_credit_by_series(db, scope.params, participant, fn);
}

FiguresResult figures(db::Database& db, const Scope& scope, bool summary, bool pages) {
  FiguresResult out;
  out.figures = db::report_figures(db, scope.params);
  if (!summary) out.figures.series = scope.series;
  out.figures.from = scope.params.from;
  out.figures.to = scope.params.to;
  out.figures.as_of = scope.params.as_of_utc;
  if (!pages) return out;
  out.sessions = db::report_sessions(db, scope.params);
  if (summary) {
    std::vector<std::string> codes;
    for (const auto& s : out.sessions)
      if (std::find(codes.begin(), codes.end(), s.series) == codes.end()) codes.push_back(s.series);
    std::sort(codes.begin(), codes.end());
    for (const auto& code : codes) {
      auto one = scope.params;
      one.series_id = db::find_series(db, code).id;
      out.by_series.push_back(
          {code, db::CertificateRepo(db).series_title(*one.series_id), db::report_figures(db, one)});
    }
  }
  return out;
}

ReachResult reach(db::Database& db, const Scope& scope, const config::Config& config, bool by_organization) {
  ReachResult out;
  const bool by_region = !by_organization;
  if (by_region && config.regions.empty())
    out.warnings.emplace_back("no [[regions]] in the config: regions are counted as written, without rates or gaps");
  db::load_reference(db, config);
  out.rows = db::report_reach(db, scope.params, by_organization);
  finish_reach(out.rows, config.reach_gap_threshold, by_region);
  return out;
}

CompetencyResult competency(db::Database& db, const Scope& scope, const config::Config& config, CompetencyBy by) {
  CompetencyResult out;
  if (config.competencies.empty())
    out.warnings.emplace_back(
        "no [[competencies]] in the config: tag series and sessions with --domain to report by domain");
  db::load_reference(db, config);
  out.rows = db::report_competency(db, scope.params, by);
  return out;
}

Network network(db::Database& db, const Scope& scope, const config::Config& config) {
  db::load_reference(db, config);
  auto rows = db::report_network(db, scope.params);
  // Organization pairs: most sessions first, then by name.
  std::sort(rows.organizations.begin(), rows.organizations.end(), [](const auto& x, const auto& y) {
    if (x.sessions != y.sessions) return x.sessions > y.sessions;
    if (x.a != y.a) return x.a < y.a;
    return x.b < y.b;
  });
  auto n = network_figures(rows.sessions, std::move(rows.matrix), std::move(rows.organizations));
  n.regions = std::move(rows.regions);
  return n;
}

Retention retention(db::Database& db, const Scope& scope, const config::Config& config, bool across_series) {
  if (!scope.params.series_id) throw Error(Exit::usage, "report retention: --series CODE is required");
  db::load_reference(db, config);
  auto rows = db::report_retention(db, scope.params, across_series);
  Retention r;
  r.series = std::move(rows.series);
  r.curve = std::move(rows.curve);
  if (!r.curve.empty()) r.first_session_attendees = r.curve.front().attendees;
  for (const auto& [sessions, participants] : rows.counts) r.distinct_attendees += participants;
  retention_distribution(r, rows.counts, static_cast<std::int64_t>(r.curve.size()));
  r.across_series = std::move(rows.across_series);
  return r;
}

RegistrationReport registrations(db::Database& db, const Scope& scope, const config::Config& config) {
  db::load_reference(db, config); // canonical profession and region: temp.participant_ref
  return registration_figures(db::report_registrations(db, scope.params));
}

RegistrationReport registration_sessions(db::Database& db, const Scope& scope) {
  RegistrationReport out;
  out.sessions = db::report_registration_sessions(db, scope.params);
  return out;
}

RegistrationReport registration_figures(const domain::RegistrationRows& rows) {
  using domain::RegistrationGroupRow;
  RegistrationReport out;
  for (const auto& s : rows.sessions) {
    domain::RegistrationReportRow row;
    row.session = s.session;
    row.series = s.series;
    row.date = s.date;
    row.held = s.held;
    if (row.held) row.attended = row.no_shows = row.walk_ins = 0;
    out.sessions.push_back(std::move(row));
  }
  // Who they are, the unknown label for a profession or region not recorded.
  struct Person {
    std::optional<std::string> email;
    std::string name, profession, region;
  };
  std::unordered_map<std::int64_t, Person> people;
  for (const auto& p : rows.people)
    people.emplace(p.id, Person{p.email, p.name, p.profession.value_or(k_unknown), p.region.value_or(k_unknown)});

  std::map<std::string, RegistrationGroupRow> series, professions, regions;
  struct Tally {
    std::int64_t registered_held = 0, attended_held = 0;
  };
  std::map<std::int64_t, Tally> tallies;
  for (const auto& f : rows.facts) {
    if (f.session >= out.sessions.size()) continue;
    auto& row = out.sessions[f.session];
    if (f.registered) ++row.registered;
    if (!row.held) continue;
    const auto& who = people[f.person];
    auto count = [&](RegistrationGroupRow& g) {
      if (f.registered) ++g.registered;
      if (f.registered && f.came) ++g.attended;
      if (f.registered && !f.came) ++g.no_shows;
      if (!f.registered && f.participant) ++g.walk_ins, ++g.attended;
    };
    if (f.participant) ++*row.attended;
    if (f.registered && !f.came) ++*row.no_shows;
    if (!f.registered && f.participant) ++*row.walk_ins;
    for (auto* m : {&series, &professions, &regions}) {
      const auto& key = m == &series ? row.series : m == &professions ? who.profession : who.region;
      auto& g = (*m)[key];
      g.name = key;
      count(g);
    }
    auto& t = tallies[f.person];
    if (f.registered) ++t.registered_held;
    if (f.came) ++t.attended_held;
  }
  for (auto* m : {&series, &professions, &regions}) {
    auto& target = m == &series ? out.series : m == &professions ? out.by_profession : out.by_region;
    for (auto& [key, g] : *m) target.push_back(g);
    if (m == &series) continue;
    // Most registrations first, then by name, the unknown label last.
    std::sort(target.begin(), target.end(), [](const RegistrationGroupRow& a, const RegistrationGroupRow& b) {
      const bool au = a.name == k_unknown, bu = b.name == k_unknown;
      return std::tie(au, b.registered, a.name) < std::tie(bu, a.registered, b.name);
    });
  }
  // Registered sessions of the period, held or not.
  std::unordered_map<std::int64_t, std::int64_t> registered_all;
  for (const auto& f : rows.facts)
    if (f.registered) ++registered_all[f.person];
  for (const auto& [person, t] : tallies) {
    if (t.registered_held < 2 || t.attended_held > 0) continue;
    const auto& who = people[person];
    out.never_attended.push_back({who.email, who.name, registered_all[person], t.registered_held});
  }
  std::sort(out.never_attended.begin(), out.never_attended.end(), [](const auto& a, const auto& b) {
    return std::tie(b.held_sessions, a.name) < std::tie(a.held_sessions, b.name);
  });
  return out;
}

EvaluationSelection evaluation_selection(db::Database& db, const EvaluationRequest& request) {
  EvaluationSelection sel;
  sel.title = "Evaluation";
  if (!request.series.empty()) {
    const auto s = db::find_series(db, request.series);
    sel.series_id = s.id;
    sel.series_title = db::CertificateRepo(db).series_title(s.id);
    sel.title += " \u2014 " + (sel.series_title.empty() ? s.code : sel.series_title);
    sel.period = "series " + s.code;
  }
  if (!request.session.empty()) {
    const auto s = db::find_session(db, request.session);
    if (sel.series_id && *sel.series_id != s.series_id)
      throw Error(Exit::usage,
                  fmt::format("report evaluation: session {} is not in series {}", s.ref(), request.series));
    sel.series_id.reset();
    sel.session_id = s.id;
    sel.title = "Evaluation \u2014 " + s.ref();
    sel.period = "session " + s.ref();
  }
  if (sel.period.empty()) sel.period = "every evaluation";
  return sel;
}

EvaluationFigures evaluation(db::Database& db, const EvaluationSelection& selection) {
  db::EvaluationScope scope;
  scope.series_id = selection.series_id;
  scope.session_id = selection.session_id;
  db::EvaluationRepo repo(db);
  return evaluation_figures(repo.scored(scope), repo.attendees(scope), repo.responses(scope));
}

} // namespace echo::report
