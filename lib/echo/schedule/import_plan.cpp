#include "echo/schedule/import_plan.hpp"
#include "echo/schedule/service_detail.hpp"

#include "echo/db/series_repo.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/schedule/recurrence.hpp"
#include "echo/util/files.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <map>
#include <set>
#include <unordered_map>

namespace echo::schedule {

using namespace detail;

// --- the directory of a database --------------------------------------------------------------

std::optional<domain::Series> DbScheduleDirectory::series(const std::string& code) {
  return db::get_series(m_db, code);
}

std::vector<std::string> DbScheduleDirectory::series_codes() {
  std::vector<std::string> out;
  for (const auto& s : db::all_series(m_db)) out.push_back(s.code);
  return out;
}

std::vector<domain::Session> DbScheduleDirectory::sessions(std::int64_t series_id) {
  db::SessionFilter f;
  f.series_id = series_id;
  return db::list_sessions(m_db, f);
}

std::map<std::int64_t, int> DbScheduleDirectory::attendance_counts(std::int64_t series_id) {
  return db::attendance_counts(m_db, series_id);
}

bool DbScheduleDirectory::import_recorded(const std::string& kind, const std::string& hash, std::int64_t series_id) {
  return db::import_recorded(m_db, kind, hash, series_id);
}

bool DbScheduleDirectory::untouched_since_import(const std::string& kind, const std::string& hash,
                                                 std::int64_t series_id, const std::vector<std::string>& emails) {
  return db::schedule_untouched_since_import(m_db, kind, hash, series_id, emails);
}

// --- the planner --------------------------------------------------------------------------------

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
  if (old.status != n.status)
    out.push_back(fmt::format("status {} -> {}", domain::name(old.status), domain::name(n.status)));
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

// The emails the resolved entries name, when comparing them with what an earlier import stored
// can only say "unchanged": each someone's own normalised address, no domains (their spelling
// comes from the configuration). nullopt otherwise.
std::optional<std::vector<std::string>> plain_emails(const std::vector<Resolved>& list) {
  std::set<std::string> out;
  auto plain = [&](const std::string& e) {
    if (!util::looks_like_email(e) || util::normalize_email(e) != e) return false;
    out.insert(e);
    return true;
  };
  for (const auto& r : list) {
    if (r.domains) return std::nullopt;
    if (r.presenters)
      for (const auto& p : *r.presenters)
        if (!plain(p)) return std::nullopt;
    if (r.facilitator && !r.facilitator->empty() && !plain(*r.facilitator)) return std::nullopt;
  }
  return std::vector<std::string>(out.begin(), out.end());
}

class Planner {
public:
  Planner(ScheduleDirectory& hub, const ImportOptions& options, const ScheduleFile& file, util::Problems problems,
          std::string format, util::Progress& progress)
      : m_hub(hub), o(options), m_file(file), m_problems(std::move(problems)), m_format(std::move(format)),
        m_progress(progress) {}

  void run(ImportPlan& plan) {
    m_plan = &plan;
    plan.result.warnings = m_file.warnings;
    plan_series_spec();
    group_sessions();
    resolve_entries();
    m_problems.throw_if_any();
    plan_series_writes();
    for (const auto& code : m_order) plan_group(code);
  }

private:
  domain::Series require_series(const std::string& code) {
    if (auto s = m_hub.series(code)) return *s;
    std::string hint;
    if (auto m = util::closest_match(code, m_hub.series_codes())) hint = fmt::format(" (did you mean '{}'?)", *m);
    throw Error(Exit::failure, fmt::format("no series '{}'{}", code, hint));
  }

  // The series the file creates or updates ([series] table).
  void plan_series_spec() {
    if (!m_file.series) return;
    auto spec = *m_file.series;
    // Competency codes as the config names them; an unknown one is bad data at its line.
    if (spec.domains)
      spec.domains = resolve_domains(*spec.domains, o.competencies, Exit::data,
                                     (spec.domains_where.empty() ? o.path : spec.domains_where) + ": ");
    if (!o.series.empty() && o.series != spec.code)
      throw Error(Exit::usage, fmt::format("{} is the schedule of series '{}', not '{}'", o.path, spec.code, o.series));
    if (auto existing = m_hub.series(spec.code)) {
      auto updated = overlay(*existing, spec);
      validate_series(updated);
      m_spec_changed = updated.title != existing->title || updated.description != existing->description ||
                       updated.timezone != existing->timezone || updated.credit_hours != existing->credit_hours ||
                       updated.duration != existing->duration || updated.rule != existing->rule ||
                       updated.domains != existing->domains;
      m_spec_before = *existing;
      m_spec = updated;
    } else {
      if (!spec.title) {
        m_problems.add_at(o.path + ": [series]", fmt::format("new series '{}' needs a title", spec.code));
        m_problems.throw_if_any();
      }
      auto s = series_from_spec(spec, o.defaults);
      validate_series(s);
      m_spec = s;
      m_spec_is_new = true;
    }
  }

  // Sessions grouped by series, in file order.
  void group_sessions() {
    for (const auto& e : m_file.sessions) {
      std::string code = e.series;
      if (code.empty()) code = !o.series.empty() ? o.series : (m_file.series ? m_file.series->code : "");
      if (code.empty()) {
        m_problems.add_at(e.where, "no series: give --series CODE (or a series column)");
        continue;
      }
      if (!o.series.empty() && code != o.series) {
        m_problems.add_at(e.where, fmt::format("names series '{}' but --series is '{}'", code, o.series));
        continue;
      }
      auto it = m_groups.find(code);
      if (it == m_groups.end()) {
        Group g;
        if (m_spec && m_spec->code == code) {
          g.series = *m_spec;
        } else if (auto s = m_hub.series(code)) {
          g.series = *s;
        } else {
          m_problems.add_at(e.where,
                            fmt::format("no series '{}' (create it with `series create` or a [series] table)", code));
          continue;
        }
        it = m_groups.emplace(code, std::move(g)).first;
        m_order.push_back(code);
      }
      it->second.entries.push_back(&e);
    }
    if (!o.series.empty() && m_groups.empty() && !(m_spec && m_spec->code == o.series)) {
      // --prune with an empty file still needs its series.
      m_groups.emplace(o.series, Group{require_series(o.series), {}});
      m_order.push_back(o.series);
    }
    if (m_spec && !m_groups.count(m_spec->code)) {
      m_groups.emplace(m_spec->code, Group{*m_spec, {}});
      m_order.push_back(m_spec->code);
    }
  }

  // Every entry placed in its series' zone.
  void resolve_entries() {
    for (const auto& code : m_order) {
      auto& g = m_groups.at(code);
      require_open(g.series);
      const auto* zone = util::find_zone(g.series.timezone);
      if (!zone) {
        m_problems.add_at(o.path, fmt::format("series '{}' has an unknown time zone '{}'", code, g.series.timezone));
        continue;
      }
      std::unordered_map<std::string, const std::string*> seen; // key -> where it was first
      auto& list = m_resolved[code];
      for (const auto* e : g.entries) {
        Resolved r;
        r.where = e->where;
        auto& s = r.session;
        s.series_id = g.series.id;
        s.series_code = code;
        s.origin = m_format;
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
            m_problems.add_at(e->where, fmt::format("no time: give the session a time or set series '{}' time", code));
            continue;
          }
          const auto p = place(*zone, *util::parse_date(*e->date), *tod);
          s.local_date = p.local_date;
          s.local_time = p.local_time;
          s.start_utc = p.start_utc;
          const auto key = e->key.empty() ? p.local_date : e->key;
          if (auto w = placement_warning(p, g.series.timezone, code + " " + key); !w.empty())
            m_plan->result.warnings.push_back(w);
        }
        s.key = e->key.empty() ? s.local_date : (m_format == "ics" ? key_from_uid(e->key, "", code) : e->key);
        s.duration = e->duration.value_or(g.series.duration);
        s.topic = e->topic;
        s.status = e->cancelled ? domain::SessionStatus::cancelled : domain::SessionStatus::scheduled;
        r.presenters = e->presenters;
        r.facilitator = e->facilitator;
        if (e->domains) {
          try {
            r.domains = resolve_domains(*e->domains, o.competencies, Exit::data);
          } catch (const Error& err) {
            m_problems.add_at(e->where, err.what());
            continue;
          }
        }
        if (auto [it, added] = seen.emplace(s.key, &e->where); !added) {
          m_problems.add_at(e->where, fmt::format("session key '{}' appears twice in series '{}' (also {})", s.key,
                                                  code, *it->second));
          continue;
        }
        list.push_back(std::move(r));
      }
    }
  }

  void plan_series_writes() {
    if (!m_spec) return;
    auto& result = m_plan->result;
    if (m_spec_is_new) {
      result.plan.push_back({"create-series", m_spec->code, "", "", "", m_spec->title, ""});
      m_plan->create_series = m_spec;
      return;
    }
    if (!m_spec_changed) return;
    const auto& before = *m_spec_before;
    result.plan.push_back(
        {"update-series", m_spec->code, "", "", "", m_spec->title, util::join(series_changes(before, *m_spec), ", ")});
    m_plan->update_series = m_spec;
    // A new zone keeps every session's local date and time and recomputes its instant: the plan
    // lists each one, so that no instant moves silently.
    if (before.timezone == m_spec->timezone) return;
    auto& rezoned = m_plan->rezoned;
    rezoned = rezone(*m_spec, m_hub.sessions(m_spec->id));
    for (const auto& z : rezoned)
      result.plan.push_back({"rezone", m_spec->code, z.before.key, z.after.local_date, z.after.local_time,
                             z.before.topic,
                             fmt::format("timezone {} -> {}: local date and time kept, start_utc {} -> {}",
                                         before.timezone, m_spec->timezone, z.before.start_utc, z.after.start_utc)});
    if (!rezoned.empty())
      result.warnings.push_back(fmt::format(
          "series '{}' moves from {} to {}: its {} session{} keep their local date and time; their instants "
          "(start_utc) are recomputed",
          m_spec->code, before.timezone, m_spec->timezone, rezoned.size(), rezoned.size() == 1 ? "" : "s"));
    for (const auto& z : rezoned)
      if (!z.warning.empty()) result.warnings.push_back(z.warning);
  }

  // A file imported before for the series, with nothing changed since, changes nothing: every
  // session unchanged, without reading or comparing them.
  bool answered_by_ledger(const std::string& code, const Group& g, const std::vector<Resolved>& list) {
    if (o.prune || g.series.id == 0 || (m_spec && m_spec->code == code && (m_spec_changed || m_spec_is_new)))
      return false;
    const auto emails = plain_emails(list);
    if (!emails || !m_hub.untouched_since_import(m_plan->kind, m_plan->hash, g.series.id, *emails)) return false;
    for (const auto& r : list) {
      m_progress.row(m_progress.rows() + 1, m_file.sessions.size());
      const auto& n = r.session;
      m_plan->result.plan.push_back({"unchanged", code, n.key, n.local_date, n.local_time, n.topic, ""});
      ++m_plan->result.unchanged;
    }
    m_plan->unchanged_by_hash.push_back(code);
    return true;
  }

  void plan_group(const std::string& code) {
    auto& g = m_groups.at(code);
    auto& list = m_resolved[code];
    auto& result = m_plan->result;
    if (answered_by_ledger(code, g, list)) return;
    std::vector<domain::Session> existing;
    if (g.series.id != 0) existing = m_hub.sessions(g.series.id);
    // Plan against the new zone's instants (apply writes them first).
    if (m_spec && m_spec->code == code)
      for (auto& x : existing)
        for (const auto& z : m_plan->rezoned)
          if (z.before.id == x.id) x = z.after;
    std::map<std::string, const domain::Session*> by_key;
    for (const auto& x : existing) by_key.emplace(x.key, &x);
    std::set<std::string> file_keys;
    for (const auto& r : list) file_keys.insert(r.session.key);
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
      if (x.status != domain::SessionStatus::cancelled) start_of[x.id] = x.start_utc;
    std::vector<std::pair<std::string, std::string>> new_starts; // where, start_utc
    std::set<std::string> listed;
    for (auto& r : list) {
      m_progress.row(m_progress.rows() + 1, m_file.sessions.size());
      r.session.series_id = g.series.id;
      listed.insert(r.session.key);
      const auto& n = r.session;
      PlanLine line{"", code, n.key, n.local_date, n.local_time, n.topic, ""};
      auto it = by_key.find(n.key);
      const domain::Session* adopt = nullptr;
      if (it == by_key.end()) adopt = adoptable(n);
      if (it == by_key.end() && !adopt) {
        line.action = "insert";
        if (n.status == domain::SessionStatus::cancelled) line.detail = "cancelled";
        ++result.inserted;
        if (n.status != domain::SessionStatus::cancelled) new_starts.emplace_back(r.where, n.start_utc);
        PlannedSession w;
        w.kind = PlannedSession::Kind::insert;
        w.session = n;
        if (n.status == domain::SessionStatus::cancelled) w.session.cancel_reason = "cancelled in " + o.path;
        w.presenters = r.presenters;
        if (r.facilitator && !r.facilitator->empty()) w.facilitator = r.facilitator;
        w.domains = r.domains;
        m_plan->sessions.push_back(std::move(w));
      } else {
        const auto& old = adopt ? *adopt : *it->second;
        if (adopt) adopted.insert(old.id);
        if (n.status == domain::SessionStatus::cancelled)
          start_of.erase(old.id);
        else
          start_of[old.id] = n.start_utc;
        const auto diff = changes(old, r);
        if (diff.empty()) {
          line.action = "unchanged";
          ++result.unchanged;
        } else {
          line.detail = util::join(diff, ", ");
          const bool cancels =
              old.status == domain::SessionStatus::scheduled && n.status == domain::SessionStatus::cancelled;
          line.action = cancels ? "cancel" : (adopt ? "adopt" : "update");
          if (adopt) line.detail = fmt::format("{} {}: {}", old.ref(), old.origin, line.detail);
          ++(cancels ? result.cancelled : result.updated);
          if (adopt) ++result.adopted;
          PlannedSession w;
          w.kind = PlannedSession::Kind::update;
          w.session = n;
          w.session.id = old.id;
          // An adopted session now belongs to this file (--prune of this format may cancel it).
          w.session.origin = adopt ? m_format : old.origin;
          w.session.cancel_reason =
              n.status == domain::SessionStatus::cancelled
                  ? std::optional<std::string>(old.cancel_reason.value_or("cancelled in " + o.path))
                  : std::nullopt;
          if (r.presenters && *r.presenters != old.presenters) w.presenters = r.presenters;
          if (r.facilitator && *r.facilitator != old.facilitator.value_or("")) w.facilitator = r.facilitator;
          w.domains = r.domains;
          m_plan->sessions.push_back(std::move(w));
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
      std::map<std::int64_t, int> counts;
      if (g.series.id != 0) counts = m_hub.attendance_counts(g.series.id);
      for (const auto& x : existing) {
        if (x.origin != m_format || x.status != domain::SessionStatus::scheduled || listed.count(x.key) ||
            adopted.count(x.id))
          continue;
        std::string detail = "no longer in the file";
        // Cancelling is the contract, but a session that was held (has attendance) is rarely
        // meant to go: say so, by name and count, in the plan and as a warning.
        if (const auto c = counts.find(x.id); c != counts.end() && c->second > 0) {
          const int n = c->second;
          const auto records = fmt::format("{} attendance record{}", n, n == 1 ? "" : "s");
          detail += "; has " + records;
          result.warnings.push_back(fmt::format("--prune cancels session {} (key {}, {}) which has {}; the "
                                                "attendance is kept",
                                                x.ref(), x.key, x.local_date, records));
        }
        result.plan.push_back({"cancel", code, x.key, x.local_date, x.local_time, x.topic, detail});
        ++result.cancelled;
        PlannedSession w;
        w.kind = PlannedSession::Kind::update;
        w.session = x;
        w.session.status = domain::SessionStatus::cancelled;
        w.session.cancel_reason = "removed from " + o.path;
        m_plan->sessions.push_back(std::move(w));
      }
    }
    if (g.series.id == 0 || !m_hub.import_recorded(m_plan->kind, m_plan->hash, g.series.id))
      m_plan->ledger.push_back({code, g.series.id, static_cast<int>(list.size())});
  }

  ScheduleDirectory& m_hub;
  const ImportOptions& o;
  const ScheduleFile& m_file;
  util::Problems m_problems;
  std::string m_format;
  util::Progress& m_progress;
  ImportPlan* m_plan = nullptr;

  std::optional<domain::Series> m_spec;
  std::optional<domain::Series> m_spec_before;
  bool m_spec_is_new = false;
  bool m_spec_changed = false;
  std::map<std::string, Group> m_groups;
  std::vector<std::string> m_order;
  std::map<std::string, std::vector<Resolved>> m_resolved;
};

} // namespace

ImportPlan plan_import(ScheduleDirectory& hub, const ImportOptions& o) {
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
  ImportPlan plan;
  plan.path = o.path;
  plan.actor = o.actor;
  plan.kind = "schedule:" + format;
  plan.hash = fnv1a(text);
  util::Progress progress(o.progress);
  try {
    Planner(hub, o, file, file_problems, format, progress).run(plan);
  } catch (const Error& e) {
    // A bad value in the file is bad data (65), whatever check found it.
    if (e.code() == Exit::usage) throw Error(Exit::data, fmt::format("{}: {}", o.path, e.what()));
    throw;
  }
  progress.finish();
  return plan;
}

} // namespace echo::schedule
