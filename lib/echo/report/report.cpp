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

namespace {

template <class Row>
Grid grid_of(const std::vector<std::string>& columns, const std::vector<Row>& rows,
             void (*cells_of)(const Row&, std::vector<Value>&)) {
  Grid g;
  g.columns = columns;
  g.rows.reserve(rows.size());
  for (const auto& r : rows) {
    std::vector<Value> cells;
    cells_of(r, cells);
    g.rows.push_back(std::move(cells));
  }
  return g;
}

// Sets cell i of a row being refilled (assigning keeps the string capacity of the row before).
template <class T> void put(std::vector<Value>& cells, std::size_t i, T&& v) {
  if (i < cells.size())
    cells[i] = std::forward<T>(v);
  else
    cells.emplace_back(std::forward<T>(v));
}

void put_text(std::vector<Value>& cells, std::size_t i, const std::string& s) {
  if (i < cells.size()) {
    if (auto* t = std::get_if<std::string>(&cells[i])) {
      t->assign(s);
      return;
    }
    cells[i] = s;
  } else {
    cells.emplace_back(s);
  }
}

void put_opt(std::vector<Value>& cells, std::size_t i, const std::optional<std::string>& s) {
  if (s)
    put_text(cells, i, *s);
  else
    put(cells, i, std::monostate{});
}

} // namespace

const std::vector<std::string>& attendance_columns() {
  static const std::vector<std::string> columns{"session",  "date",  "topic",     "status", "participants",
                                                "eligible", "hub",   "minutes",   "series", "time",
                                                "held",     "cases", "unrecorded"};
  return columns;
}

void attendance_cells(const SessionRow& r, std::vector<Value>& c) {
  put_text(c, 0, r.session);
  put_text(c, 1, r.date);
  put_text(c, 2, r.topic);
  put_text(c, 3, std::string(domain::name(r.status)));
  put(c, 4, r.participants);
  put(c, 5, r.eligible);
  put(c, 6, r.hub);
  put(c, 7, r.minutes);
  put_text(c, 8, r.series);
  put_text(c, 9, r.time);
  put(c, 10, r.held);
  put(c, 11, r.cases);
  put(c, 12, r.unrecorded);
}

const std::vector<std::string>& participants_columns() {
  static const std::vector<std::string> columns{
      "email",   "name",         "profession",  "region",       "sessions", "eligible_sessions",
      "minutes", "credit_hours", "certificate", "certificates", "rural"};
  return columns;
}

void participants_cells(const ParticipantRow& r, std::vector<Value>& c) {
  put_opt(c, 0, r.email);
  put_text(c, 1, r.name);
  put_opt(c, 2, r.profession);
  put_opt(c, 3, r.region);
  put(c, 4, r.sessions);
  put(c, 5, r.eligible_sessions);
  put(c, 6, r.minutes);
  put(c, 7, r.credit_hours);
  put(c, 8, !r.certificates.empty());
  put(c, 9, r.certificates);
  put(c, 10, r.rural);
}

const std::vector<std::string>& credits_columns() {
  static const std::vector<std::string> columns{"email", "name",    "series",       "session",           "date",
                                                "topic", "minutes", "credit_hours", "total_credit_hours"};
  return columns;
}

void credits_cells(const CreditRow& r, std::vector<Value>& c) {
  put_opt(c, 0, r.email);
  put_text(c, 1, r.name);
  put_text(c, 2, r.series);
  put_text(c, 3, r.session);
  put_text(c, 4, r.date);
  put_text(c, 5, r.topic);
  put(c, 6, r.minutes);
  put(c, 7, r.credit_hours);
  put(c, 8, r.total_credit_hours);
}

const std::vector<std::string>& credit_totals_columns() {
  // eligible_sessions, as report participants calls the same count.
  static const std::vector<std::string> columns{
      "email", "name", "profession", "region", "eligible_sessions", "credit_hours", "certificate", "certificates"};
  return columns;
}

void credit_totals_cells(const ParticipantRow& r, std::vector<Value>& c) {
  put_opt(c, 0, r.email);
  put_text(c, 1, r.name);
  put_opt(c, 2, r.profession);
  put_opt(c, 3, r.region);
  put(c, 4, r.eligible_sessions);
  put(c, 5, r.credit_hours);
  put(c, 6, !r.certificates.empty());
  put(c, 7, r.certificates);
}

const std::vector<std::string>& credits_by_series_columns() {
  static const std::vector<std::string> columns{"name",         "email",     "series",     "title",
                                                "first_date",   "last_date", "sessions",   "eligible_sessions",
                                                "credit_hours", "earned",    "certificate"};
  return columns;
}

void credits_by_series_cells(const SeriesCreditRow& r, std::vector<Value>& c) {
  put_text(c, 0, r.name);
  put_opt(c, 1, r.email);
  put_text(c, 2, r.series);
  put_text(c, 3, r.title);
  put_text(c, 4, r.first_date);
  put_text(c, 5, r.last_date);
  put(c, 6, r.sessions);
  put(c, 7, r.eligible_sessions);
  put(c, 8, r.credit_hours);
  put(c, 9, r.earned);
  if (r.certificate)
    put(c, 10, *r.certificate);
  else
    put(c, 10, std::monostate{});
}

Grid attendance_grid(const std::vector<SessionRow>& rows) {
  return grid_of(attendance_columns(), rows, &attendance_cells);
}
Grid participants_grid(const std::vector<ParticipantRow>& rows) {
  return grid_of(participants_columns(), rows, &participants_cells);
}
Grid credits_grid(const std::vector<CreditRow>& rows) { return grid_of(credits_columns(), rows, &credits_cells); }
Grid credit_totals_grid(const std::vector<ParticipantRow>& rows) {
  return grid_of(credit_totals_columns(), rows, &credit_totals_cells);
}
Grid credits_by_series_grid(const std::vector<SeriesCreditRow>& rows) {
  return grid_of(credits_by_series_columns(), rows, &credits_by_series_cells);
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

namespace echo::report {

std::optional<std::pair<std::string, std::string>> previous_period(const Params& params) {
  if (!params.from || !params.to) return std::nullopt;
  return util::previous_period(*params.from, *params.to);
}

void finish_reach(std::vector<ReachRow>& rows, double gap_threshold, bool by_region) {
  for (auto& r : rows) {
    if (r.population && *r.population > 0)
      r.per_100k = round_to(static_cast<double>(r.participants) * 100000.0 / static_cast<double>(*r.population), 2);
    if (r.providers && *r.providers > 0)
      r.per_100_providers =
          round_to(static_cast<double>(r.participants) * 100.0 / static_cast<double>(*r.providers), 2);
    if (r.participants > 0)
      r.rural_share = round_to(static_cast<double>(r.rural) / static_cast<double>(r.participants), 4);
    // Compared unrounded, so that a rate just under the threshold is a gap even when it rounds up to it.
    const bool below =
        r.population && *r.population > 0 &&
        static_cast<double>(r.participants) * 100000.0 / static_cast<double>(*r.population) < gap_threshold;
    r.gap = by_region && r.configured && (r.participants == 0 || below);
  }
  // Rows arrive in the configured order of the regions (configured first), the others by
  // participants then name; the stable sort keeps that order within each group.
  std::stable_sort(rows.begin(), rows.end(), [](const ReachRow& a, const ReachRow& b) {
    auto rank = [](const ReachRow& r) { return r.key == k_unknown ? 2 : r.gap ? 0 : 1; };
    return rank(a) < rank(b);
  });
}

Grid reach_grid(const std::vector<ReachRow>& rows, bool by_region) {
  Grid g;
  g.columns = {by_region ? "region" : "organization",
               "participants",
               "participations",
               "learning_hours",
               "per_100k",
               "per_100_providers",
               "rural_share",
               "previous_participants",
               "gap"};
  auto num = [](const auto& v) -> Value {
    if (v) return Value(*v);
    return Value(std::monostate{});
  };
  for (const auto& r : rows)
    g.rows.push_back({r.key, r.participants, r.participations, r.learning_hours(), num(r.per_100k),
                      num(r.per_100_providers), num(r.rural_share), num(r.previous), r.gap});
  return g;
}

Grid competency_grid(const std::vector<CompetencyRow>& rows) {
  Grid g;
  g.columns = {"domain", "key", "hours", "participants"};
  for (const auto& r : rows) g.rows.push_back({r.domain, cell(r.key), r.hours(), r.participants});
  return g;
}

} // namespace echo::report
