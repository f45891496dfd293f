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

#include <cmath>
#include <map>
#include <set>

namespace echo::schedule {

using namespace detail;

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

} // namespace echo::schedule
