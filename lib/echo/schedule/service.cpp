#include "echo/schedule/service.hpp"

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

namespace {

std::string fnv1a(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return fmt::format("fnv1a64:{:016x}", h);
}

std::vector<std::int64_t> participants_for(db::Database& db, const std::vector<std::string>& emails) {
  std::vector<std::int64_t> ids;
  for (const auto& e : emails)
    ids.push_back(util::looks_like_email(util::trim(e)) ? db::ensure_participant(db, e) : db::find_participant(db, e));
  return ids;
}

// The placement of a session at `date` (and `time`, else the series' time) in the series' zone.
Placement place_in(const domain::Series& s, const std::string& date, const std::optional<std::string>& time) {
  const auto& zone = require_zone(s.timezone);
  const auto day = require_date(date, "date");
  std::chrono::seconds tod{12 * 3600};
  if (time)
    tod = require_time(*time, "time");
  else if (s.rule.start_time)
    tod = require_time(*s.rule.start_time, "time");
  else
    throw Error(Exit::usage, fmt::format("series '{}' has no default time: give --time HH:MM", s.code));
  return place(zone, day, tod);
}

std::string json_text(const nlohmann::json& j) { return j.dump(); }

} // namespace

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

// An archived series keeps its sessions as they are: adding, changing, cancelling, removing or
// importing them is refused (exit 1). Attendance can still be corrected.
void require_open(const domain::Series& s) {
  if (s.archived_at)
    throw Error(Exit::failure, fmt::format("series '{}' is archived (since {}): its sessions are kept as they are",
                                           s.code, *s.archived_at));
}

} // namespace

namespace {

std::string text_or_none(const std::optional<std::string>& v) { return v ? *v : std::string("(none)"); }
std::string int_or_none(const std::optional<int>& v) { return v ? std::to_string(*v) : std::string("(none)"); }
std::string single_quoted(const std::string& v) { return "'" + v + "'"; }

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
  add("repeat", text_or_none(a.rule.repeat), text_or_none(b.rule.repeat));
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

std::vector<Rezoned> rezone_sessions(db::Database& db, const domain::Series& s) {
  std::vector<Rezoned> out;
  if (s.id == 0) return out;
  db::SessionFilter f;
  f.series_id = s.id;
  for (auto session : db::list_sessions(db, f)) {
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

std::string Rezoned::describe() const {
  return fmt::format("{} keeps {} {} local; start_utc {} -> {}", before.ref(), before.local_date, before.local_time,
                     before.start_utc, after.start_utc);
}

namespace {

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

} // namespace

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
      const bool follows_rule =
          x.origin == "schedule" && x.status == "scheduled" && x.start_utc > from && !attended.contains(x.id);
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
      if (!sessions.empty() && p.start_utc <= from) {
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
      if (!dry_run) session.id = db::insert_session(db, session);
      result.created.push_back(session);
    }
    return result;
  };
  if (dry_run) return db.read(run);
  return db.write(run);
}

// --- sessions -------------------------------------------------------------------------------

namespace {

// Two sessions of one series at one start (neither cancelled) are refused unless allowed.
void require_no_overlap(db::Database& db, const domain::Series& s, const domain::Session& session) {
  if (session.status == "cancelled") return;
  db::SessionFilter f;
  f.series_id = s.id;
  for (const auto& x : db::list_sessions(db, f))
    if (x.id != session.id && x.status != "cancelled" && x.start_utc == session.start_utc)
      throw Error(Exit::failure, fmt::format("series '{}' already has {} (key {}) at {} {} ({}): give --allow-overlap "
                                             "to keep two sessions at one start",
                                             s.code, x.ref(), x.key, x.local_date, x.local_time, x.start_utc));
}

} // namespace

SessionWrite add_session(db::Database& db, const std::string& series_code, const SessionInput& in) {
  if (!in.date) throw Error(Exit::usage, "--date is required");
  return db.write([&] {
    const auto s = require_series(db, series_code);
    require_open(s);
    const auto p = place_in(s, *in.date, in.time);
    domain::Session session;
    session.series_id = s.id;
    session.series_code = s.code;
    session.key = in.key.value_or(p.local_date);
    if (session.key.empty()) throw Error(Exit::usage, "the key must not be empty");
    session.origin = "manual";
    session.local_date = p.local_date;
    session.local_time = p.local_time;
    session.start_utc = p.start_utc;
    session.duration = in.duration.value_or(s.duration);
    if (session.duration <= 0 || session.duration > 24 * 60)
      throw Error(Exit::data, fmt::format("invalid duration {}: minutes, 1..1440", session.duration));
    session.topic = in.topic.value_or("");
    if (session_key_exists(db, s.id, session.key))
      throw Error(Exit::failure, fmt::format("series '{}' already has a session with key '{}' (on {}); give --key "
                                             "to add another one that day",
                                             s.code, session.key, session.local_date));
    if (!in.allow_overlap) require_no_overlap(db, s, session);
    session.id = db::insert_session(db, session);
    if (in.presenters) db::set_presenters(db, session.id, participants_for(db, *in.presenters));
    if (in.facilitator && !in.facilitator->empty())
      db::set_facilitator(db, session.id, db::ensure_participant(db, *in.facilitator));
    SessionWrite out;
    out.session = db::get_session(db, session.id);
    out.warning = placement_warning(p, s.timezone, out.session.ref());
    return out;
  });
}

SessionWrite update_session(db::Database& db, const std::string& ref, const SessionInput& in, const std::string& actor,
                            util::SysSeconds now) {
  return db.write([&] {
    const auto r = db::find_session(db, ref);
    auto session = db::get_session(db, r.id);
    const auto s = require_series(db, session.series_code);
    require_open(s);
    SessionWrite out;
    if (in.date || in.time) {
      const auto p = place_in(s, in.date.value_or(session.local_date), in.time ? in.time : session.local_time);
      session.local_date = p.local_date;
      session.local_time = p.local_time;
      session.start_utc = p.start_utc;
      out.warning = placement_warning(p, s.timezone, ref);
    }
    if (in.key) {
      if (in.key->empty()) throw Error(Exit::usage, "the key must not be empty");
      if (*in.key != session.key && db::session_key_exists(db, s.id, *in.key))
        throw Error(Exit::failure, fmt::format("series '{}' already has a session with key '{}'", s.code, *in.key));
      session.key = *in.key;
    }
    if (in.duration) {
      if (*in.duration <= 0 || *in.duration > 24 * 60)
        throw Error(Exit::data, fmt::format("invalid duration {}: minutes, 1..1440", *in.duration));
      session.duration = *in.duration;
    }
    if (in.topic) session.topic = *in.topic;
    if ((in.date || in.time) && !in.allow_overlap) require_no_overlap(db, s, session);
    if (in.held) {
      if (session.status == "cancelled")
        throw Error(Exit::failure, fmt::format("session {} is cancelled: it cannot be marked held", ref));
      if (session.start_utc >= util::format_utc(now))
        throw Error(Exit::failure,
                    fmt::format("session {} starts {}: it has not been held yet", ref, session.start_utc));
    }
    db::update_session(db, session);
    if (in.held) db::set_marked_held(db, session.id, true);
    if (in.presenters) db::set_presenters(db, session.id, participants_for(db, *in.presenters));
    if (in.domains) db::set_session_domains(db, session.id, normalized_domains(*in.domains));
    if (in.facilitator)
      db::set_facilitator(db, session.id,
                          in.facilitator->empty()
                              ? std::nullopt
                              : std::optional<std::int64_t>(db::ensure_participant(db, *in.facilitator)));
    auto details = nlohmann::json{{"ref", ref}};
    if (in.held) details["held"] = true;
    if (in.domains) details["domains"] = normalized_domains(*in.domains);
    db::audit(db, actor, "session.update", "session", session.id, "", json_text(details));
    out.session = db::get_session(db, session.id);
    return out;
  });
}

domain::Session cancel_session(db::Database& db, const std::string& ref, const std::string& reason,
                               const std::string& actor) {
  return db.write([&] {
    const auto r = db::find_session(db, ref);
    auto session = db::get_session(db, r.id);
    require_open(require_series(db, session.series_code));
    if (session.status == "cancelled") throw Error(Exit::failure, fmt::format("session {} is already cancelled", ref));
    session.status = "cancelled";
    if (!reason.empty()) session.cancel_reason = reason;
    db::update_session(db, session);
    db::audit(db, actor, "session.cancel", "session", session.id, reason, json_text({{"ref", session.ref()}}));
    return db::get_session(db, session.id);
  });
}

domain::Session remove_session(db::Database& db, const std::string& ref, bool force, const std::string& actor) {
  return db.write([&] {
    const auto r = db::find_session(db, ref);
    auto session = db::get_session(db, r.id);
    require_open(require_series(db, session.series_code));
    const int n = db::attendance_count(db, session.id);
    if (n > 0 && !force)
      throw Error(Exit::failure, fmt::format("session {} has {} attendance record{}: cancel it instead, or use --force "
                                             "to delete it with its attendance",
                                             session.ref(), n, n == 1 ? "" : "s"));
    db::delete_session(db, session.id);
    db::audit(
        db, actor, "session.remove", "session", session.id, "",
        json_text({{"ref", session.ref()}, {"key", session.key}, {"date", session.local_date}, {"attendance", n}}));
    return session;
  });
}

// --- import ---------------------------------------------------------------------------------

std::string ImportResult::summary() const {
  return fmt::format("inserted {}, updated {}, unchanged {}, cancelled {}", inserted, updated, unchanged, cancelled);
}

namespace {

struct Resolved {
  std::string where;
  domain::Session session; // key, times, duration, topic, status
  std::optional<std::vector<std::string>> presenters;
  std::optional<std::string> facilitator;
  std::optional<std::vector<std::string>> domains; // resolved competency codes; nullopt: the file does not say
};

struct Group {
  domain::Series series; // id 0 when it does not exist yet
  std::vector<const Entry*> entries;
};

std::string emails_or_none(const std::vector<std::string>& v) { return v.empty() ? "(none)" : util::join(v, ","); }

// Every field that changes, as "field old -> new".
std::vector<std::string> changes(const domain::Session& old, const Resolved& r) {
  std::vector<std::string> out;
  const auto& n = r.session;
  if (old.key != n.key) out.push_back(fmt::format("key {} -> {}", old.key, n.key));
  if (old.local_date != n.local_date) out.push_back(fmt::format("date {} -> {}", old.local_date, n.local_date));
  if (old.local_time != n.local_time) out.push_back(fmt::format("time {} -> {}", old.local_time, n.local_time));
  if (old.start_utc != n.start_utc) out.push_back(fmt::format("start_utc {} -> {}", old.start_utc, n.start_utc));
  if (old.duration != n.duration) out.push_back(fmt::format("duration {} -> {}", old.duration, n.duration));
  if (old.topic != n.topic)
    out.push_back(fmt::format("topic {} -> {}", single_quoted(old.topic), single_quoted(n.topic)));
  if (old.status != n.status) out.push_back(fmt::format("status {} -> {}", old.status, n.status));
  if (r.presenters && *r.presenters != old.presenters)
    out.push_back(fmt::format("presenters {} -> {}", emails_or_none(old.presenters), emails_or_none(*r.presenters)));
  if (r.facilitator && *r.facilitator != old.facilitator.value_or(""))
    out.push_back(fmt::format("facilitator {} -> {}", old.facilitator.value_or("(none)"),
                              r.facilitator->empty() ? std::string("(none)") : *r.facilitator));
  if (r.domains && *r.domains != old.domains)
    out.push_back(fmt::format("domains {} -> {}", old.domains.empty() ? "(none)" : util::join(old.domains, ","),
                              r.domains->empty() ? "(none)" : util::join(*r.domains, ",")));
  return out;
}

} // namespace

ImportResult import_schedule(db::Database& db, const ImportOptions& o) {
  const auto text = o.content ? *o.content : util::read_file(o.path);
  std::string format = o.format;
  if (format.empty()) {
    const auto f = format_from_extension(o.path);
    if (!f)
      throw Error(
          Exit::usage,
          fmt::format("cannot tell the format of {} from its extension: give --format toml|csv|ics|json", o.path));
    format = *f;
  }
  // An ICS calendar names no series (no series column): without --series every event would fail
  // with the same message, so say it once, before reading the events.
  if (format == "ics" && o.series.empty())
    throw Error(Exit::usage, fmt::format("{} is an ICS calendar, which names no series: give --series CODE", o.path));
  // Problems with sessions are collected, not thrown, so that those only the database can find
  // (a series that does not exist) are listed with them.
  util::Problems file_problems(o.path);
  const auto file = parse_schedule(text, o.path, format, &file_problems);
  // A [series] table's own problems would make what follows misleading: list what there is.
  if (file.sessions.empty() || file.series) file_problems.throw_if_any();
  // A file without sessions is almost always a mistake (an empty or truncated file); with --prune
  // it would cancel every session of the series. Only a TOML [series] table alone (which creates
  // or updates the series) may come without sessions, and never with --prune.
  if (file.sessions.empty()) {
    if (!file.series) throw Error(Exit::data, fmt::format("no sessions in {}", o.path));
    if (o.prune)
      throw Error(Exit::data, fmt::format("no sessions in {}: --prune would cancel every session of series '{}'",
                                          o.path, file.series->code));
  }
  const std::string origin = format;
  const auto hash = fnv1a(text);

  util::Progress progress(o.progress);
  auto import_checked = [&]() -> ImportResult {
    ImportResult result;
    result.warnings = file.warnings;
    util::Problems problems = file_problems;

    // The series the file creates or updates ([series] table).
    std::optional<domain::Series> spec_series;
    bool spec_is_new = false;
    bool spec_changed = false;
    if (file.series) {
      auto spec = *file.series;
      // Competency codes as the config names them; an unknown one is bad data at its line.
      if (spec.domains)
        spec.domains = resolve_domains(*spec.domains, o.competencies, Exit::data,
                                       (spec.domains_where.empty() ? o.path : spec.domains_where) + ": ");
      if (!o.series.empty() && o.series != spec.code)
        throw Error(Exit::usage,
                    fmt::format("{} is the schedule of series '{}', not '{}'", o.path, spec.code, o.series));
      if (auto existing = db::get_series(db, spec.code)) {
        auto updated = overlay(*existing, spec);
        validate_series(updated);
        spec_changed = updated.title != existing->title || updated.description != existing->description ||
                       updated.timezone != existing->timezone || updated.credit_hours != existing->credit_hours ||
                       updated.duration != existing->duration || updated.rule != existing->rule ||
                       updated.domains != existing->domains;
        spec_series = updated;
      } else {
        if (!spec.title) {
          problems.add_at(o.path + ": [series]", fmt::format("new series '{}' needs a title", spec.code));
          problems.throw_if_any();
        }
        auto s = series_from_spec(spec, o.defaults);
        validate_series(s);
        spec_series = s;
        spec_is_new = true;
      }
    }

    // Sessions grouped by series, in file order.
    std::map<std::string, Group> groups;
    std::vector<std::string> order;
    for (const auto& e : file.sessions) {
      std::string code = e.series;
      if (code.empty()) code = !o.series.empty() ? o.series : (file.series ? file.series->code : "");
      if (code.empty()) {
        problems.add_at(e.where, "no series: give --series CODE (or a series column)");
        continue;
      }
      if (!o.series.empty() && code != o.series) {
        problems.add_at(e.where, fmt::format("names series '{}' but --series is '{}'", code, o.series));
        continue;
      }
      auto it = groups.find(code);
      if (it == groups.end()) {
        Group g;
        if (spec_series && spec_series->code == code) {
          g.series = *spec_series;
        } else if (auto s = db::get_series(db, code)) {
          g.series = *s;
        } else {
          problems.add_at(e.where,
                          fmt::format("no series '{}' (create it with `series create` or a [series] table)", code));
          continue;
        }
        it = groups.emplace(code, std::move(g)).first;
        order.push_back(code);
      }
      it->second.entries.push_back(&e);
    }
    if (!o.series.empty() && groups.empty() && !(spec_series && spec_series->code == o.series)) {
      // --prune with an empty file still needs its series.
      const auto s = require_series(db, o.series);
      groups.emplace(o.series, Group{s, {}});
      order.push_back(o.series);
    }
    if (spec_series && !groups.count(spec_series->code)) {
      groups.emplace(spec_series->code, Group{*spec_series, {}});
      order.push_back(spec_series->code);
    }

    // Resolve every entry in its series' zone.
    std::map<std::string, std::vector<Resolved>> resolved;
    for (const auto& code : order) {
      auto& g = groups.at(code);
      require_open(g.series);
      const auto* zone = util::find_zone(g.series.timezone);
      if (!zone) {
        problems.add_at(o.path, fmt::format("series '{}' has an unknown time zone '{}'", code, g.series.timezone));
        continue;
      }
      std::map<std::string, std::string> seen;
      auto& list = resolved[code];
      for (const auto* e : g.entries) {
        Resolved r;
        r.where = e->where;
        auto& s = r.session;
        s.series_id = g.series.id;
        s.series_code = code;
        s.origin = origin;
        if (e->utc) {
          const auto local = util::utc_to_local(*zone, *e->utc);
          s.local_date = util::format_date(util::local_date(local));
          s.local_time = util::format_hhmm(util::local_time_of_day(local));
          s.start_utc = util::format_utc(*e->utc);
        } else {
          std::optional<std::chrono::seconds> tod;
          if (e->time)
            tod = util::parse_time_of_day(*e->time);
          else if (g.series.rule.start_time)
            tod = util::parse_time_of_day(*g.series.rule.start_time);
          if (!tod) {
            problems.add_at(e->where, fmt::format("no time: give the session a time or set series '{}' time", code));
            continue;
          }
          const auto p = place(*zone, *util::parse_date(*e->date), *tod);
          s.local_date = p.local_date;
          s.local_time = p.local_time;
          s.start_utc = p.start_utc;
          const auto key = e->key.empty() ? p.local_date : e->key;
          if (auto w = placement_warning(p, g.series.timezone, code + " " + key); !w.empty())
            result.warnings.push_back(w);
        }
        s.key = e->key.empty() ? s.local_date : (format == "ics" ? key_from_uid(e->key, "", code) : e->key);
        s.duration = e->duration.value_or(g.series.duration);
        s.topic = e->topic;
        s.status = e->cancelled ? "cancelled" : "scheduled";
        r.presenters = e->presenters;
        r.facilitator = e->facilitator;
        if (e->domains) {
          try {
            r.domains = resolve_domains(*e->domains, o.competencies, Exit::data);
          } catch (const Error& err) {
            problems.add_at(e->where, err.what());
            continue;
          }
        }
        if (auto [it, added] = seen.emplace(s.key, e->where); !added) {
          problems.add_at(e->where, fmt::format("session key '{}' appears twice in series '{}' (also {})", s.key, code,
                                                it->second));
          continue;
        }
        list.push_back(std::move(r));
      }
    }
    problems.throw_if_any();

    // Plan and apply.
    std::vector<Rezoned> rezoned;
    if (spec_series) {
      if (spec_is_new) {
        result.plan.push_back({"create-series", spec_series->code, "", "", "", spec_series->title, ""});
        if (!o.dry_run) {
          spec_series->id = db::create_series(db, *spec_series);
          db::audit(db, o.actor, "series.create", "series", spec_series->id, "",
                    json_text({{"code", spec_series->code}, {"file", o.path}}));
        }
      } else if (spec_changed) {
        const auto before = *db::get_series(db, spec_series->code);
        result.plan.push_back({"update-series", spec_series->code, "", "", "", spec_series->title,
                               util::join(series_changes(before, *spec_series), ", ")});
        // A new zone keeps every session's local date and time and recomputes its instant: the
        // plan lists each one, so that no instant moves silently.
        if (before.timezone != spec_series->timezone) {
          rezoned = rezone_sessions(db, *spec_series);
          for (const auto& z : rezoned)
            result.plan.push_back(
                {"rezone", spec_series->code, z.before.key, z.after.local_date, z.after.local_time, z.before.topic,
                 fmt::format("timezone {} -> {}: local date and time kept, start_utc {} -> {}", before.timezone,
                             spec_series->timezone, z.before.start_utc, z.after.start_utc)});
          if (!rezoned.empty())
            result.warnings.push_back(fmt::format(
                "series '{}' moves from {} to {}: its {} session{} keep their local date and time; their instants "
                "(start_utc) are recomputed",
                spec_series->code, before.timezone, spec_series->timezone, rezoned.size(),
                rezoned.size() == 1 ? "" : "s"));
        }
        if (!o.dry_run) {
          db::update_series(db, *spec_series);
          for (auto& w : apply_rezone(db, rezoned)) result.warnings.push_back(w);
        } else {
          for (const auto& z : rezoned)
            if (!z.warning.empty()) result.warnings.push_back(z.warning);
        }
      }
    }
    for (const auto& code : order) {
      auto& g = groups.at(code);
      if (spec_series && spec_series->code == code) g.series.id = spec_series->id;
      std::vector<domain::Session> existing;
      if (g.series.id != 0) {
        db::SessionFilter f;
        f.series_id = g.series.id;
        existing = db::list_sessions(db, f);
      }
      // A dry run has not written the new zone's instants: plan against them all the same.
      if (o.dry_run && spec_series && spec_series->code == code)
        for (auto& x : existing)
          for (const auto& z : rezoned)
            if (z.before.id == x.id) x = z.after;
      std::map<std::string, const domain::Session*> by_key;
      for (const auto& x : existing) by_key.emplace(x.key, &x);
      std::set<std::string> file_keys;
      for (const auto& r : resolved[code]) file_keys.insert(r.session.key);
      // An entry whose key is new adopts the existing session it lands on (same local date and
      // time, or same date for one `series schedule` made) instead of adding a second one, as long
      // as no entry of the file names that session's key.
      std::set<std::int64_t> adopted;
      auto adoptable = [&](const domain::Session& n) -> const domain::Session* {
        const domain::Session* by_date = nullptr;
        for (const auto& x : existing) {
          if (adopted.count(x.id) || file_keys.count(x.key) || x.local_date != n.local_date) continue;
          if (x.local_time == n.local_time) return &x;
          if (x.origin == "schedule" && !by_date) by_date = &x;
        }
        return by_date;
      };
      // Where every session of the series will start, to refuse two at one start.
      std::map<std::int64_t, std::string> start_of; // existing sessions by id
      for (const auto& x : existing)
        if (x.status != "cancelled") start_of[x.id] = x.start_utc;
      std::vector<std::pair<std::string, std::string>> new_starts; // where, start_utc
      std::set<std::string> listed;
      for (auto& r : resolved[code]) {
        progress.row(progress.rows() + 1, file.sessions.size());
        r.session.series_id = g.series.id;
        listed.insert(r.session.key);
        const auto& n = r.session;
        PlanLine line{"", code, n.key, n.local_date, n.local_time, n.topic, ""};
        auto it = by_key.find(n.key);
        const domain::Session* adopt = nullptr;
        if (it == by_key.end()) adopt = adoptable(n);
        if (it == by_key.end() && !adopt) {
          line.action = "insert";
          if (n.status == "cancelled") line.detail = "cancelled";
          ++result.inserted;
          if (n.status != "cancelled") new_starts.emplace_back(r.where, n.start_utc);
          if (!o.dry_run) {
            auto copy = n;
            if (copy.status == "cancelled") copy.cancel_reason = "cancelled in " + o.path;
            const auto id = db::insert_session(db, copy);
            if (r.presenters) db::set_presenters(db, id, participants_for(db, *r.presenters));
            if (r.facilitator && !r.facilitator->empty())
              db::set_facilitator(db, id, db::ensure_participant(db, *r.facilitator));
            if (r.domains) db::set_session_domains(db, id, *r.domains);
          }
        } else {
          const auto& old = adopt ? *adopt : *it->second;
          if (adopt) adopted.insert(old.id);
          if (n.status == "cancelled")
            start_of.erase(old.id);
          else
            start_of[old.id] = n.start_utc;
          const auto diff = changes(old, r);
          if (diff.empty()) {
            line.action = "unchanged";
            ++result.unchanged;
          } else {
            line.detail = util::join(diff, ", ");
            const bool cancels = old.status == "scheduled" && n.status == "cancelled";
            line.action = cancels ? "cancel" : (adopt ? "adopt" : "update");
            if (adopt) line.detail = fmt::format("{} {}: {}", old.ref(), old.origin, line.detail);
            ++(cancels ? result.cancelled : result.updated);
            if (adopt) ++result.adopted;
            if (!o.dry_run) {
              auto copy = n;
              copy.id = old.id;
              // An adopted session now belongs to this file (--prune of this format may cancel it).
              copy.origin = adopt ? origin : old.origin;
              copy.cancel_reason =
                  n.status == "cancelled"
                      ? std::optional<std::string>(old.cancel_reason.value_or("cancelled in " + o.path))
                      : std::nullopt;
              db::update_session(db, copy);
              if (r.presenters && *r.presenters != old.presenters)
                db::set_presenters(db, old.id, participants_for(db, *r.presenters));
              if (r.facilitator && *r.facilitator != old.facilitator.value_or(""))
                db::set_facilitator(db, old.id,
                                    r.facilitator->empty()
                                        ? std::nullopt
                                        : std::optional<std::int64_t>(db::ensure_participant(db, *r.facilitator)));
              if (r.domains) db::set_session_domains(db, old.id, *r.domains);
            }
          }
        }
        result.plan.push_back(std::move(line));
      }
      if (!o.allow_overlap) {
        std::map<std::string, std::vector<std::string>> at; // start_utc -> who
        for (const auto& x : existing)
          if (auto st = start_of.find(x.id); st != start_of.end())
            at[st->second].push_back(fmt::format("{} (key {})", x.ref(), x.key));
        for (const auto& [where, start] : new_starts) at[start].push_back(where);
        std::vector<std::string> clashes;
        for (const auto& [start, who] : at)
          if (who.size() > 1) clashes.push_back(fmt::format("{}: {}", start, util::join(who, " and ")));
        if (!clashes.empty())
          throw Error(Exit::failure,
                      fmt::format("series '{}' would have two sessions at one start (nothing was written; give "
                                  "--allow-overlap to keep both): {}",
                                  code, util::join(clashes, "; ")));
      }
      if (o.prune) {
        for (const auto& x : existing) {
          if (x.origin != origin || x.status != "scheduled" || listed.count(x.key) || adopted.count(x.id)) continue;
          std::string detail = "no longer in the file";
          // Cancelling is the contract, but a session that was held (has attendance) is rarely
          // meant to go: say so, by name and count, in the plan and as a warning.
          if (const int n = db::attendance_count(db, x.id); n > 0) {
            const auto records = fmt::format("{} attendance record{}", n, n == 1 ? "" : "s");
            detail += "; has " + records;
            result.warnings.push_back(fmt::format("--prune cancels session {} (key {}, {}) which has {}; the "
                                                  "attendance is kept",
                                                  x.ref(), x.key, x.local_date, records));
          }
          result.plan.push_back({"cancel", code, x.key, x.local_date, x.local_time, x.topic, detail});
          ++result.cancelled;
          if (!o.dry_run) {
            auto copy = x;
            copy.status = "cancelled";
            copy.cancel_reason = "removed from " + o.path;
            db::update_session(db, copy);
          }
        }
      }
      if (!o.dry_run && g.series.id != 0 && !db::import_recorded(db, "schedule:" + format, hash, g.series.id))
        db::record_import(db, "schedule:" + format, hash, o.path, g.series.id, static_cast<int>(resolved[code].size()),
                          o.actor);
    }
    progress.finish();
    return result;
  };
  auto run = [&]() -> ImportResult {
    try {
      return import_checked();
    } catch (const Error& e) {
      // A bad value in the file is bad data (65), whatever check found it.
      if (e.code() == Exit::usage) throw Error(Exit::data, fmt::format("{}: {}", o.path, e.what()));
      throw;
    }
  };
  if (o.dry_run) return db.read(run);
  return db.write(run);
}

// --- export ---------------------------------------------------------------------------------

std::string export_schedule(db::Database& db, const std::optional<std::string>& series_code, const std::string& format,
                            util::SysSeconds now) {
  std::vector<domain::Series> series;
  db::SessionFilter f;
  if (series_code) {
    series.push_back(require_series(db, *series_code));
    f.series_id = series.front().id;
  } else {
    series = db::all_series(db);
  }
  auto sessions = db::list_sessions(db, f);
  if (format == "csv") return write_csv(sessions);
  if (format == "json") return write_json(series, sessions);
  if (format == "toml") return write_toml(series, sessions);
  if (format == "ics") return write_ics(series, sessions, now);
  throw Error(Exit::usage, fmt::format("unknown export format '{}': use ics, csv, json or toml", format));
}

} // namespace echo::schedule
