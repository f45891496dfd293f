#include "echo/schedule/service.hpp"
#include "echo/schedule/service_detail.hpp"

#include "echo/db/lookup.hpp"
#include "echo/db/series_repo.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/schedule/recurrence.hpp"
#include "echo/util/files.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"

#include <date/tz.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace echo::schedule {

using namespace detail;

// --- series ---------------------------------------------------------------------------------

std::vector<std::string> normalized_domains(std::vector<std::string> codes) {
  std::vector<std::string> out;
  for (auto& c : codes)
    if (auto t = util::trim(c); !t.empty()) out.emplace_back(t);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> resolve_domains(const std::vector<std::string>& codes, const std::vector<std::string>& known,
                                         Exit exit, const std::string& where) {
  std::vector<std::string> out;
  auto lower = [](std::string t) {
    for (auto& c : t) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return t;
  };
  for (const auto& code : normalized_domains(codes)) {
    const auto it =
        std::find_if(known.begin(), known.end(), [&](const std::string& k) { return lower(k) == lower(code); });
    if (it == known.end())
      throw Error(exit, fmt::format("{}unknown competency domain '{}': {}", where, code,
                                    known.empty() ? std::string("no [[competencies]] are configured")
                                                  : "the configured ones are " + util::join(known, ", ")));
    out.push_back(*it);
  }
  return normalized_domains(out);
}

domain::Series overlay(domain::Series s, const SeriesSpec& spec) {
  if (spec.title) s.title = *spec.title;
  if (spec.description) s.description = *spec.description;
  if (spec.timezone) s.timezone = *spec.timezone;
  if (spec.credit_hours) s.credit_hours = *spec.credit_hours;
  if (spec.duration) s.duration = *spec.duration;
  const auto& r = spec.rule;
  if (r.start_date) s.rule.start_date = r.start_date;
  if (r.start_time) s.rule.start_time = r.start_time;
  if (r.repeat) s.rule.repeat = r.repeat;
  if (r.weekday) s.rule.weekday = r.weekday;
  if (r.week_of_month) s.rule.week_of_month = r.week_of_month;
  if (r.count) {
    s.rule.count = r.count;
    s.rule.until_date.reset();
  }
  if (r.until_date) {
    s.rule.until_date = r.until_date;
    s.rule.count.reset();
  }
  if (spec.has_skip) s.rule.skip = r.skip;
  if (spec.domains) s.domains = normalized_domains(*spec.domains);
  return s;
}

domain::Series series_from_spec(const SeriesSpec& spec, const Defaults& defaults) {
  domain::Series s;
  s.code = spec.code;
  s.title = spec.title.value_or(spec.code);
  s.timezone = defaults.timezone;
  s.duration = defaults.duration;
  s.credit_hours = defaults.credit_hours;
  s = overlay(s, spec);
  if (!spec.title) throw Error(Exit::usage, fmt::format("series '{}' needs a title", spec.code));
  return s;
}

void validate_series(const domain::Series& s) {
  if (!domain::valid_series_code(s.code))
    throw Error(Exit::data,
                fmt::format("invalid series code '{}': use lowercase letters, digits and '-' (e.g. pc-2026)", s.code));
  if (util::trim(s.title).empty()) throw Error(Exit::usage, "the title must not be empty");
  require_zone(s.timezone);
  if (s.duration <= 0 || s.duration > 24 * 60)
    throw Error(Exit::data, fmt::format("invalid duration {}: minutes, 1..1440", s.duration));
  if (!std::isfinite(s.credit_hours) || s.credit_hours < 0 || s.credit_hours > k_max_credit_hours)
    throw Error(Exit::data,
                fmt::format("credit hours must be between 0 and {}, not {}", k_max_credit_hours, s.credit_hours));
  validate(s.rule);
}

domain::Series create_series(db::Database& db, const domain::Series& s, const std::string& actor) {
  validate_series(s);
  return db.write([&] {
    auto copy = s;
    copy.id = db::create_series(db, s);
    db::audit(db, actor, "series.create", "series", copy.id, "", json_text({{"code", s.code}}));
    return *db::get_series(db, s.code);
  });
}

domain::Series require_series(db::Database& db, const std::string& code) {
  if (auto s = db::get_series(db, code)) return *s;
  db::find_series(db, code); // throws with a did-you-mean
  throw Error(Exit::failure, fmt::format("no series '{}'", code));
}

namespace {

std::string text_or_none(const std::optional<std::string>& v) { return v ? *v : std::string("(none)"); }
std::string int_or_none(const std::optional<int>& v) { return v ? std::to_string(*v) : std::string("(none)"); }

} // namespace

std::vector<std::string> series_changes(const domain::Series& a, const domain::Series& b) {
  std::vector<std::string> out;
  auto add = [&](const char* name, const std::string& x, const std::string& y) {
    if (x != y) out.push_back(fmt::format("{} {} -> {}", name, x, y));
  };
  add("title", single_quoted(a.title), single_quoted(b.title));
  add("description", single_quoted(a.description), single_quoted(b.description));
  add("timezone", a.timezone, b.timezone);
  if (a.credit_hours != b.credit_hours)
    out.push_back(fmt::format("credit_hours {} -> {}", a.credit_hours, b.credit_hours));
  add("duration", std::to_string(a.duration), std::to_string(b.duration));
  add("start", text_or_none(a.rule.start_date), text_or_none(b.rule.start_date));
  add("time", text_or_none(a.rule.start_time), text_or_none(b.rule.start_time));
  auto repeat = [](const std::optional<domain::Repeat>& r) {
    return r ? std::string(domain::name(*r)) : std::string("(none)");
  };
  add("repeat", repeat(a.rule.repeat), repeat(b.rule.repeat));
  auto weekday = [](const std::optional<int>& w) { return w ? domain::weekday_name(*w) : std::string("(none)"); };
  add("weekday", weekday(a.rule.weekday), weekday(b.rule.weekday));
  add("week_of_month", int_or_none(a.rule.week_of_month), int_or_none(b.rule.week_of_month));
  add("count", int_or_none(a.rule.count), int_or_none(b.rule.count));
  add("until", text_or_none(a.rule.until_date), text_or_none(b.rule.until_date));
  auto list = [](const std::vector<std::string>& v) { return v.empty() ? std::string("(none)") : util::join(v, ","); };
  add("skip", list(a.rule.skip), list(b.rule.skip));
  add("domains", list(a.domains), list(b.domains));
  return out;
}

namespace detail {

std::vector<Rezoned> rezone(const domain::Series& s, std::vector<domain::Session> sessions) {
  std::vector<Rezoned> out;
  for (auto& session : sessions) {
    const auto p = place_in(s, session.local_date, session.local_time);
    Rezoned r;
    r.before = session;
    r.warning = placement_warning(p, s.timezone, s.code + " " + session.key);
    if (p.start_utc == session.start_utc && p.local_time == session.local_time && r.warning.empty()) continue;
    session.start_utc = p.start_utc;
    session.local_time = p.local_time;
    r.after = std::move(session);
    out.push_back(std::move(r));
  }
  return out;
}

} // namespace detail

std::vector<Rezoned> rezone_sessions(db::Database& db, const domain::Series& s) {
  if (s.id == 0) return {};
  db::SessionFilter f;
  f.series_id = s.id;
  return rezone(s, db::list_sessions(db, f));
}

std::string Rezoned::describe() const {
  return fmt::format("{} keeps {} {} local; start_utc {} -> {}", before.ref(), before.local_date, before.local_time,
                     before.start_utc, after.start_utc);
}

namespace detail {

// Writes what rezone_sessions computed; returns the DST warnings.
std::vector<std::string> apply_rezone(db::Database& db, const std::vector<Rezoned>& list) {
  std::vector<std::string> warnings;
  for (const auto& r : list) {
    if (!r.warning.empty()) warnings.push_back(r.warning);
    if (r.after.start_utc != r.before.start_utc || r.after.local_time != r.before.local_time)
      db::update_session(db, r.after);
  }
  return warnings;
}

} // namespace detail

SeriesUpdate update_series(db::Database& db, const domain::Series& s, const std::string& actor) {
  validate_series(s);
  return db.write([&] {
    const auto before = db::get_series(db, s.code);
    SeriesUpdate out;
    if (before) out.changes = series_changes(*before, s);
    if (before && before->timezone != s.timezone) out.rezoned = rezone_sessions(db, s);
    db::update_series(db, s);
    out.warnings = apply_rezone(db, out.rezoned);
    db::audit(db, actor, "series.update", "series", s.id, "", json_text({{"code", s.code}, {"changes", out.changes}}));
    return out;
  });
}

void archive_series(db::Database& db, const std::string& code, const std::string& actor) {
  db.write([&] {
    const auto s = require_series(db, code);
    if (!db::archive_series(db, s.id, db::now_text()))
      throw Error(Exit::failure,
                  fmt::format("series '{}' is already archived (since {})", code, s.archived_at.value_or("")));
    db::audit(db, actor, "series.archive", "series", s.id, "", json_text({{"code", code}}));
  });
}

ScheduleResult schedule_series(db::Database& db, const std::string& code, bool dry_run, util::SysSeconds now) {
  auto run = [&] {
    const auto s = require_series(db, code);
    require_open(s);
    // No time is no time: sessions at an invented hour would land in calendars and reports.
    if (s.rule.start_date && !s.rule.start_time)
      throw Error(Exit::failure,
                  fmt::format("series '{}' has no time: set it with `series update {} --time HH:MM`", code, code));
    const auto rule = rule_from(s.rule);
    const auto& zone = require_zone(s.timezone);
    db::SessionFilter f;
    f.series_id = s.id;
    const auto sessions = db::list_sessions(db, f);
    ScheduleResult result;
    const auto days = expand_dates(rule);
    // Dates are YYYY-MM-DD everywhere (files, exports, the database): a rule that runs past
    // 9999-12-31 is refused before anything is written.
    constexpr date::year_month_day last_day{date::year{9999}, date::December, date::day{31}};
    const util::SysSeconds last_instant{date::sys_days{last_day}.time_since_epoch() + std::chrono::hours{24}};
    for (const auto& day : days) {
      const auto text = fmt::format("{:04}-{:02}-{:02}", static_cast<int>(day.year()),
                                    static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
      if (day > last_day)
        throw Error(Exit::data, fmt::format("series '{}': a session on {} is after 9999-12-31, the last date echo can "
                                            "store; shorten the rule (--count or --until)",
                                            code, text));
      if (place(zone, day, rule.time).utc >= last_instant)
        throw Error(Exit::data,
                    fmt::format("series '{}': the session on {} starts after 9999-12-31 in UTC, the last date echo "
                                "can store; shorten the rule (--count or --until)",
                                code, text));
    }
    std::map<std::string, date::year_month_day> rule_days;
    for (const auto& day : days) rule_days.emplace(util::format_date(day), day);
    std::set<std::string> keys;
    const auto from = util::format_utc(now);
    const auto attended = db::attendance_counts(db, s.id);
    for (auto x : sessions) {
      const bool follows_rule = x.origin == "schedule" && x.status == domain::SessionStatus::scheduled &&
                                !domain::started_before(x.start_utc, from) && !attended.contains(x.id);
      const auto day = rule_days.find(x.local_date);
      if (follows_rule && day == rule_days.end()) {
        if (!x.topic.empty() || !x.presenters.empty() || x.facilitator || !db::list_cases(db, x.id).empty()) {
          result.warnings.push_back(fmt::format("{} on {} is no longer in the rule of series '{}' but has a topic, "
                                                "presenters or cases: kept; move it (session update {} --date) or "
                                                "cancel it",
                                                x.ref(), x.local_date, s.code, x.ref()));
        } else {
          if (!dry_run) db::delete_session(db, x.id);
          result.removed.push_back(x);
          continue;
        }
      } else if (follows_rule) {
        const auto p = place(zone, day->second, rule.time);
        if (p.local_time != x.local_time || p.start_utc != x.start_utc || s.duration != x.duration) {
          x.local_time = p.local_time;
          x.start_utc = p.start_utc;
          x.duration = s.duration;
          if (auto w = placement_warning(p, s.timezone, s.code + " " + x.key); !w.empty()) result.warnings.push_back(w);
          if (!dry_run) db::update_session(db, x);
          result.moved.push_back(x);
        }
      }
      // A date that already has a session (under any key: imported, added by hand) has its session.
      keys.insert(x.key);
      keys.insert(x.local_date);
    }
    for (const auto& day : days) {
      const auto key = util::format_date(day);
      if (keys.count(key)) {
        ++result.existing;
        continue;
      }
      const auto p = place(zone, day, rule.time);
      // The first run may fill in a series that already ran; later ones change only its future.
      if (!sessions.empty() && domain::started_before(p.start_utc, from)) {
        ++result.past_skipped;
        continue;
      }
      domain::Session session;
      session.series_id = s.id;
      session.series_code = s.code;
      session.key = key;
      session.origin = "schedule";
      session.local_date = p.local_date;
      session.local_time = p.local_time;
      session.start_utc = p.start_utc;
      session.duration = s.duration;
      if (auto w = placement_warning(p, s.timezone, s.code + " " + key); !w.empty()) result.warnings.push_back(w);
      result.created.push_back(session);
    }
    if (!dry_run && !result.created.empty()) {
      // The new sessions' numbers (CODE/N) reserved at once, as the schedule import does: one
      // update of the series' counter (and one line of its log entry), not one per session.
      db::ScheduleWriter writer(db);
      writer.reserve_numbers(s.id, static_cast<std::int64_t>(result.created.size()));
      for (auto& session : result.created) session.id = writer.insert_session(session);
      writer.finish();
    }
    return result;
  };
  if (dry_run) return db.read(run);
  return db.write(run);
}

} // namespace echo::schedule
