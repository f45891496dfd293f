#include "echo/report/report.hpp"

#include "echo/util/text.hpp"

#include "echo/error.hpp"
#include "echo/util/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace echo::report {

namespace {

std::optional<std::string> opt_text(const std::optional<std::string>& s) { return s; }

nlohmann::json nullable(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

Value cell(const std::optional<std::string>& s) { return s ? Value(*s) : Value(std::monostate{}); }

} // namespace

std::string parse_as_of(const std::string& text, const std::string& timezone) {
  std::string body = text;
  const bool utc = !body.empty() && (body.back() == 'Z' || body.back() == 'z');
  if (utc) body.pop_back();
  if (body.size() > 10 && body[10] == ' ') body[10] = 'T';
  const bool ok = util::shaped(body, "9999-99-99") || util::shaped(body, "9999-99-99T99:99") ||
                  util::shaped(body, "9999-99-99T99:99:99");
  if (!ok)
    throw Error(Exit::usage, fmt::format("--as-of: '{}' is not a date or time (use YYYY-MM-DD, YYYY-MM-DDTHH:MM, "
                                         "YYYY-MM-DD HH:MM[:SS], or any of them with a trailing Z for UTC)",
                                         text));
  const auto day = util::parse_date(body.substr(0, 10));
  if (!day) throw Error(Exit::data, fmt::format("--as-of: no such date '{}'", text));
  std::chrono::seconds tod{0};
  if (body.size() > 10) {
    const auto t = util::parse_time_of_day(body.substr(11));
    if (!t) throw Error(Exit::data, fmt::format("--as-of: no such time of day '{}'", text));
    tod = *t;
  }
  if (utc) return util::format_utc(util::SysSeconds{date::sys_days{*day}} + tod);
  const auto* zone = util::find_zone(timezone);
  if (zone == nullptr) throw Error(Exit::config, fmt::format("hub.timezone: unknown time zone '{}'", timezone));
  return util::format_utc(util::local_to_utc(*zone, util::make_local(*day, tod)).utc);
}

void check_period(const Params& params) {
  if (params.from && params.to && *params.from > *params.to)
    throw Error(Exit::usage, fmt::format("--from {} is after --to {}", *params.from, *params.to));
}

Grid attendance_grid(const std::vector<SessionRow>& rows) {
  Grid g;
  g.columns = {"session", "date",   "topic", "status", "participants", "eligible",  "hub",
               "minutes", "series", "time",  "held",   "cases",        "unrecorded"};
  for (const auto& r : rows)
    g.rows.push_back({r.session, r.date, r.topic, r.status, r.participants, r.eligible, r.hub, r.minutes, r.series,
                      r.time, r.held, r.cases, r.unrecorded});
  return g;
}

Grid participants_grid(const std::vector<ParticipantRow>& rows) {
  Grid g;
  g.columns = {"email",   "name",         "profession",  "region",       "sessions", "eligible_sessions",
               "minutes", "credit_hours", "certificate", "certificates", "rural"};
  for (const auto& r : rows)
    g.rows.push_back({cell(r.email), r.name, cell(r.profession), cell(r.region), r.sessions, r.eligible_sessions,
                      r.minutes, r.credit_hours, !r.certificates.empty(), r.certificates, r.rural});
  return g;
}

Grid credits_grid(const std::vector<CreditRow>& rows) {
  Grid g;
  g.columns = {"email", "name", "series", "session", "date", "topic", "minutes", "credit_hours", "total_credit_hours"};
  for (const auto& r : rows)
    g.rows.push_back(
        {cell(r.email), r.name, r.series, r.session, r.date, r.topic, r.minutes, r.credit_hours, r.total_credit_hours});
  return g;
}

Grid credit_totals_grid(const std::vector<ParticipantRow>& rows) {
  Grid g;
  // eligible_sessions, as report participants calls the same count.
  g.columns = {"email",        "name",        "profession",  "region", "eligible_sessions",
               "credit_hours", "certificate", "certificates"};
  for (const auto& r : rows)
    g.rows.push_back({cell(r.email), r.name, cell(r.profession), cell(r.region), r.eligible_sessions, r.credit_hours,
                      !r.certificates.empty(), r.certificates});
  return g;
}

Grid credits_by_series_grid(const std::vector<SeriesCreditRow>& rows) {
  Grid g;
  g.columns = {"name",         "email",     "series",     "title",
               "first_date",   "last_date", "sessions",   "eligible_sessions",
               "credit_hours", "earned",    "certificate"};
  for (const auto& r : rows)
    g.rows.push_back({r.name, cell(r.email), r.series, r.title, r.first_date, r.last_date, r.sessions,
                      r.eligible_sessions, r.credit_hours, r.earned, r.certificate ? Value(*r.certificate) : Value()});
  return g;
}

Grid figures_grid(const Figures& f, bool summary) {
  Grid g;
  g.columns = {"field", "value"};
  auto add = [&](const char* name, Value v) { g.rows.push_back({std::string(name), std::move(v)}); };
  if (!summary) add("series", f.series.value_or(""));
  add("from", cell(opt_text(f.from)));
  add("to", cell(opt_text(f.to)));
  add("as_of", f.as_of);
  if (summary) add("series_count", f.series_count);
  add("sessions_scheduled", f.sessions_scheduled);
  add("sessions_held", f.sessions_held);
  add("sessions_unrecorded", f.sessions_unrecorded);
  add("sessions_cancelled", f.sessions_cancelled);
  add("participations", f.participations);
  add("unique_participants", f.unique_participants);
  add("eligible_participations", f.eligible_participations);
  add("average_attendance", f.average_attendance());
  add("learning_hours", f.learning_hours());
  add("credit_hours", round_to(f.credit_hours, 2));
  add("certificates", f.certificates);
  add("new_participants", f.new_participants);
  if (summary) {
    add("rural_share", f.rural_share());
    add("cases_presented", f.cases_presented);
  }
  return g;
}

Grid figures_row_grid(const Figures& figures, bool summary) {
  const auto tall = figures_grid(figures, summary);
  Grid g;
  g.rows.emplace_back();
  for (const auto& row : tall.rows) {
    g.columns.push_back(std::get<std::string>(row[0]));
    g.rows[0].push_back(row[1]);
  }
  auto list = [](const std::vector<Breakdown>& rows) {
    std::vector<std::string> items;
    for (const auto& r : rows) items.push_back(r.name + "=" + std::to_string(r.participants));
    return items;
  };
  g.columns.emplace_back("by_profession");
  g.rows[0].emplace_back(list(figures.by_profession));
  g.columns.emplace_back("by_region");
  g.rows[0].emplace_back(list(figures.by_region));
  return g;
}

Grid breakdown_grid(const std::vector<Breakdown>& rows, const std::string& label) {
  Grid g;
  g.columns = {label, "participants"};
  for (const auto& r : rows) g.rows.push_back({r.name, r.participants});
  return g;
}

nlohmann::ordered_json figures_json(const Figures& f, bool summary) {
  auto breakdown = [](const std::vector<Breakdown>& rows) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& r : rows) arr.push_back({{"name", r.name}, {"participants", r.participants}});
    return arr;
  };
  nlohmann::ordered_json j = {{"from", nullable(f.from)},
                              {"to", nullable(f.to)},
                              {"as_of", f.as_of},
                              {"sessions_scheduled", f.sessions_scheduled},
                              {"sessions_held", f.sessions_held},
                              {"sessions_unrecorded", f.sessions_unrecorded},
                              {"sessions_cancelled", f.sessions_cancelled},
                              {"participations", f.participations},
                              {"unique_participants", f.unique_participants},
                              {"eligible_participations", f.eligible_participations},
                              {"average_attendance", f.average_attendance()},
                              {"learning_hours", f.learning_hours()},
                              {"credit_hours", round_to(f.credit_hours, 2)},
                              {"certificates", f.certificates},
                              {"new_participants", f.new_participants},
                              {"by_profession", breakdown(f.by_profession)},
                              {"by_region", breakdown(f.by_region)}};
  if (summary) {
    j["series_count"] = f.series_count;
    j["rural_share"] = f.rural_share();
    j["cases_presented"] = f.cases_presented;
  } else {
    j["series"] = f.series.value_or("");
  }
  return j;
}

} // namespace echo::report
