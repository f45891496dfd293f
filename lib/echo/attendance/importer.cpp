#include "echo/attendance/importer.hpp"

#include "echo/attendance/csv_stream.hpp"
#include "echo/attendance/export_reader.hpp"
#include "echo/attendance/generic_names.hpp"
#include "echo/attendance/intervals.hpp"
#include "echo/db/attendance_repo.hpp"
#include "echo/db/lookup.hpp"
#include "echo/db/participant_repo.hpp"
#include "echo/domain/attendance.hpp"
#include "echo/registration/service.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"
#include "echo/util/validate.hpp"

#include <date/tz.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace echo::attendance {

namespace {

std::optional<std::int64_t> parse_positive(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

// The people of one session's rows, to count them once each: 8 bytes a person, kept sorted and
// unique whenever it has doubled, so that a long file does not grow it by its rows.
class PeopleSeen {
public:
  void add(std::int64_t id) {
    if (!m_ids.empty() && m_ids.back() == id) return;
    m_ids.push_back(id);
    if (m_ids.size() >= 2 * m_compacted + 1024) compact();
  }
  const std::vector<std::int64_t>& ids() {
    compact();
    return m_ids;
  }

private:
  void compact() {
    std::sort(m_ids.begin(), m_ids.end());
    m_ids.erase(std::unique(m_ids.begin(), m_ids.end()), m_ids.end());
    m_compacted = m_ids.size();
  }
  std::vector<std::int64_t> m_ids;
  std::size_t m_compacted = 0;
};

struct SessionState {
  SessionSummary summary;
  PeopleSeen people; // matched or created
  std::unordered_set<std::string> unmatched;
  std::map<std::int64_t, domain::Role> roles; // presenters and facilitator
  std::optional<std::size_t> import;          // zoom: the ledger row for this session (in Plan::imports)
  util::SysSeconds start{};                   // the session's start and scheduled minutes, for
  std::int64_t duration = 0;                  // the plausibility checks of rows (util/validate.hpp)
  std::int64_t series_id = 0;
};

struct PendingUnmatched {
  std::int64_t session_id = 0;
  std::string name;
  std::string key;
  domain::Role role = domain::Role::participant;
  std::vector<Interval> intervals;
  std::int64_t minutes = 0;
  std::size_t line = 0;
};

std::map<std::int64_t, std::int64_t> project_eligible(Directory& dir, const Plan& plan,
                                                      const std::vector<std::int64_t>& session_ids, int min_minutes);

// Reads the file's rows as they stream past and plans them against the directory: finds the
// sessions, matches the people, and records what the import would write; writes nothing.
class Planner {
public:
  Planner(Directory& dir, const ImportOptions& o, const date::time_zone& zone, std::string hash,
          std::optional<db::SessionRef> fixed, std::optional<db::SeriesRef> series)
      : m_dir(dir), m_o(o), m_zone(zone), m_hash(std::move(hash)), m_fixed(std::move(fixed)),
        m_series(std::move(series)), m_matcher(dir, MatchOptions{o.create_missing, o.generic_names}),
        m_problems(o.file.string()), m_reader(m_problems, o.source) {
    if (const auto order = parse_date_order(o.date_order))
      m_reader.set_date_order(*order);
    else
      m_reader.set_date_order_decider([this] { return decide_date_order(); });
  }

  Plan run() {
    std::exception_ptr failure;
    // Progress by the bytes read of the file's size (the rows are not known before the end).
    std::error_code size_error;
    const auto size = std::filesystem::file_size(m_o.file, size_error);
    m_file_bytes = size_error ? 0 : static_cast<std::uint64_t>(size);
    const auto streamed = stream_csv_file(
        m_o.file,
        [&](const std::vector<std::string>& fields, std::size_t line) {
          try {
            return on_record(fields, line);
          } catch (...) {
            failure = std::current_exception();
            return false;
          }
        },
        &m_bytes_read);
    m_progress.finish();
    if (failure) std::rethrow_exception(failure);
    if (streamed.error) {
      m_problems.add(streamed.error->line, streamed.error->message, streamed.error->column);
    } else if (streamed.binary) {
      m_problems.add(streamed.binary_line, "binary content (a NUL byte): not a CSV text file");
    } else if (!m_stop_unchanged) {
      while (!m_stop_unchanged && m_reader.flush_open()) on_row();
      m_reader.finish();
    }
    m_problems.throw_if_any(Exit::data);

    Plan plan;
    auto& result = plan.result;
    result.layout = std::string(layout_name(m_reader.layout()));
    result.encoding = std::string(encoding_name(streamed.encoding));
    result.delimiter = streamed.delimiter;
    result.dry_run = m_o.dry_run;
    if (m_stop_unchanged) {
      plan.unchanged = true;
      result.sessions.push_back(m_unchanged);
      return plan;
    }
    plan.kind = kind();
    plan.source = source();
    plan.hash = m_hash;
    plan.file_name = m_o.file.filename().string();
    plan.actor = m_o.actor;
    plan.imports = std::move(m_imports);
    plan.clears = std::move(m_clears);
    plan.people = m_matcher.created();
    plan.namings = m_matcher.namings();
    plan.rows = std::move(m_rows);
    finish_plan(plan);
    std::vector<std::int64_t> session_ids;
    for (const auto& entry : m_order) session_ids.push_back(entry.first);
    const auto eligible = project_eligible(m_dir, plan, session_ids, m_o.min_minutes);
    std::unordered_set<std::int64_t> everyone; // matched or created, in any session
    std::unordered_set<std::string> unmatched_names;
    for (const auto& entry : m_order) {
      const auto id = entry.first;
      auto& state = m_sessions.at(id);
      auto& s = state.summary;
      for (const auto person : state.people.ids()) {
        const auto created = m_created.find(person);
        ++(created != m_created.end() && created->second == id ? s.created : s.matched);
        everyone.insert(person);
      }
      s.unmatched = static_cast<std::int64_t>(state.unmatched.size());
      unmatched_names.insert(state.unmatched.begin(), state.unmatched.end());
      const auto e = eligible.find(id);
      s.eligible = e == eligible.end() ? 0 : e->second;
      result.sessions.push_back(s);
      ++result.totals.sessions;
      result.totals.rows += s.rows;
    }
    // A participant created by this import counts once, as created; everyone else it found, once
    // as matched.
    for (const auto person : everyone) ++(m_created.count(person) != 0 ? result.totals.created : result.totals.matched);
    result.totals.unmatched = static_cast<std::int64_t>(unmatched_names.size());
    return plan;
  }

private:
  std::string kind() const { return "attendance:" + std::string(m_reader.source()); }
  domain::Source source() const {
    const auto parsed = domain::parse_source(m_reader.source());
    if (!parsed) throw Error(Exit::failure, fmt::format("unknown export source '{}'", m_reader.source()));
    return *parsed;
  }

  bool on_record(const std::vector<std::string>& fields, std::size_t line) {
    const auto event = m_reader.read(fields, line);
    if (event == ExportReader::Event::row) m_progress.row(m_bytes_read, m_file_bytes);
    switch (event) {
    case ExportReader::Event::stop: return false;
    case ExportReader::Event::none: return true;
    case ExportReader::Event::meeting: return on_meeting();
    case ExportReader::Event::row:
      if (m_reader.take_meeting_fresh() && !on_meeting()) return false;
      return on_row();
    }
    return true;
  }

  bool on_meeting() {
    if (m_zoom_session) return true; // a webinar report's second block
    const auto& meeting = m_reader.meeting();
    if (!meeting.start) return true; // problem recorded; keep checking rows
    if (m_fixed) return begin_zoom_session(m_fixed->id);
    return begin_zoom_session(find_session_for(*meeting.start, meeting.line, "the meeting's start"));
  }

  // A participants-only export has no meeting block: its earliest join (of the rows that count)
  // stands for the meeting's start. Read in a first pass over the file; nullopt when no row has
  // a join time (the unique-users variant).
  std::optional<util::LocalSeconds> earliest_join() const {
    util::Problems ignored(m_o.file.string());
    ExportReader reader(ignored, m_o.source);
    if (const auto order = m_reader.date_order()) reader.set_date_order(*order);
    std::optional<util::LocalSeconds> first;
    stream_csv_file(m_o.file, [&](const std::vector<std::string>& fields, std::size_t line) {
      if (reader.read(fields, line) == ExportReader::Event::row) {
        const auto& row = reader.row();
        if (!row.ignored && row.join && (!first || *row.join < *first)) first = row.join;
      }
      return true;
    });
    while (reader.flush_open())
      if (const auto& row = reader.row(); row.join && (!first || *row.join < *first)) first = row.join;
    return first;
  }

  // The sessions running at `start` (matcher.hpp: from 60 minutes before a session starts to its end).
  std::vector<db::SessionTime> sessions_at(util::SysSeconds start) {
    return attendance::sessions_at(m_dir, start, m_series ? std::optional<std::int64_t>(m_series->id) : std::nullopt,
                                   m_fixed ? std::optional<std::int64_t>(m_fixed->id) : std::nullopt);
  }

  // The order of N/N/YYYY dates, for the whole file: a field above 12 settles it; when every
  // date reads both ways, the reading whose time matches a session wins.
  DateOrder decide_date_order() {
    util::Problems ignored(m_o.file.string());
    ExportReader survey(ignored, m_o.source);
    stream_csv_file(m_o.file, [&](const std::vector<std::string>& fields, std::size_t line) {
      survey.read(fields, line);
      return true;
    });
    const auto& day = survey.day_first();
    const auto& month = survey.month_first();
    const auto file = m_o.file.string();
    if (day.line != 0 && month.line != 0)
      throw Error(Exit::data, fmt::format("{}:{}: '{}' is month first (MM/DD/YYYY) but line {} has '{}', day first: "
                                          "the file mixes date orders",
                                          file, month.line, month.text, day.line, day.text));
    if (day.line != 0) return DateOrder::dmy;
    if (month.line != 0) return DateOrder::mdy;
    const auto& anchor = survey.anchor();
    if (anchor.line == 0) return DateOrder::mdy;
    const auto as_mdy = parse_export_time(anchor.text, DateOrder::mdy);
    const auto as_dmy = parse_export_time(anchor.text, DateOrder::dmy);
    if (!as_dmy || as_mdy == as_dmy) return DateOrder::mdy;
    if (!as_mdy) return DateOrder::dmy;
    const bool mdy = !sessions_at(util::local_to_utc(m_zone, *as_mdy).utc).empty();
    const bool dmy = !sessions_at(util::local_to_utc(m_zone, *as_dmy).utc).empty();
    if (mdy != dmy) return mdy ? DateOrder::mdy : DateOrder::dmy;
    const auto day_of = [](util::LocalSeconds t) { return util::format_date(util::local_date(t)); };
    throw Error(Exit::data,
                fmt::format("{}:{}: every date in the file reads both ways ('{}' is {} month first, {} day first) and "
                            "{} a session{}: give --date-order mdy|dmy (or set [attendance] date_order)",
                            file, anchor.line, anchor.text, day_of(*as_mdy), day_of(*as_dmy),
                            mdy ? "both readings match" : "neither reading matches",
                            m_fixed ? fmt::format(" ({})", m_o.session_ref) : std::string()));
  }

  // When the file's times, read in another zone (a whole number of hours away), would fall in
  // exactly one session: which zone to give. Otherwise the usual advice (--session).
  // A common zone other than the hub's whose offset at `instant` is `offset`; empty when none.
  std::string zone_at(std::chrono::seconds offset, util::SysSeconds instant) const {
    static const char* const k_zones[] = {"America/Vancouver",
                                          "America/Edmonton",
                                          "America/Regina",
                                          "America/Toronto",
                                          "America/Halifax",
                                          "America/Anchorage",
                                          "Pacific/Honolulu",
                                          "Europe/London",
                                          "Europe/Paris",
                                          "Europe/Helsinki",
                                          "Asia/Dubai",
                                          "Asia/Kolkata",
                                          "Asia/Singapore",
                                          "Asia/Tokyo",
                                          "Australia/Sydney",
                                          "Pacific/Auckland",
                                          "America/Sao_Paulo",
                                          "America/Mexico_City",
                                          "UTC"};
    for (const auto* name : k_zones)
      if (const auto* z = util::find_zone(name); z != nullptr && z != &m_zone && z->get_info(instant).offset == offset)
        return name;
    return {};
  }

  static std::string offset_text(std::chrono::seconds offset) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
    return fmt::format("UTC{}{:02}:{:02}", minutes < 0 ? '-' : '+', std::abs(minutes) / 60, std::abs(minutes) % 60);
  }

  // The same meeting imported before with a start a whole number of hours away: this file was
  // exported from a Zoom profile in another zone, and its minutes would count twice.
  void check_same_meeting() {
    if (!m_reader.has_meeting()) return;
    const auto& m = m_reader.meeting();
    const auto id = meeting_key(m.id);
    if (id.empty() || !m.start) return;
    const auto start = util::local_to_utc(m_zone, *m.start).utc;
    for (const auto& earlier : m_dir.meeting_imports(id)) {
      const auto before = util::parse_utc(earlier.start_utc);
      if (!before || *before == start) continue;
      const auto diff = start > *before ? start - *before : *before - start;
      if (diff % std::chrono::hours(1) != std::chrono::seconds(0) || diff > std::chrono::hours(14)) continue;
      const auto hours = diff / std::chrono::hours(1);
      const auto offset = m.start->time_since_epoch() - before->time_since_epoch();
      const auto zone = zone_at(offset, *before);
      throw Error(Exit::data,
                  fmt::format("{}:{}: meeting {} was imported before from {} starting {}; this file's start read in {} "
                              "is {}, {} hour{} {}: the same meeting exported from a Zoom profile in another time "
                              "zone (its minutes would count twice). Give --timezone {} for this file",
                              m_o.file.string(), m.line, m.id, earlier.file_name, describe_local(*before),
                              m_zone.name(), describe_local(start), hours, hours == 1 ? "" : "s",
                              start > *before ? "later" : "earlier",
                              zone.empty() ? "ZONE (a zone at " + offset_text(offset) + ")"
                                           : zone + " (" + offset_text(offset) + ")"));
    }
  }

  // "872 1234 5678" and "87212345678" are the same meeting.
  static std::string meeting_key(const std::string& id) {
    std::string key;
    for (char c : id)
      if (c != ' ' && c != '-') key += c;
    return key;
  }

  std::string zone_hint(util::LocalSeconds local, util::SysSeconds start) {
    // Of the shifts that land in exactly one session, the one nearest that session's start.
    std::optional<std::chrono::seconds> best_distance;
    std::string best;
    for (int hours = 1; hours <= 14; ++hours) {
      for (const int sign : {-1, 1}) {
        const auto shifted = start + std::chrono::hours(sign * hours);
        const auto hits = sessions_at(shifted);
        if (hits.size() != 1) continue;
        // The file's zone is the one whose offset at that instant turns its local times into it.
        const auto offset = local.time_since_epoch() - shifted.time_since_epoch();
        const auto zone = zone_at(offset, shifted);
        if (zone.empty()) continue; // no zone one would have exported from
        const auto session_start = util::parse_utc(hits.front().start_utc).value_or(shifted);
        const auto distance = shifted > session_start ? shifted - session_start : session_start - shifted;
        if (best_distance && *best_distance <= distance) continue;
        best_distance = distance;
        const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
        const auto text =
            fmt::format("UTC{}{:02}:{:02}", minutes < 0 ? '-' : '+', std::abs(minutes) / 60, std::abs(minutes) % 60);
        const auto ref = m_dir.session_ref(hits.front().id);
        best = fmt::format("its times match {} if the file is in {} ({}, {} hour{} from {}): the export was made in "
                           "another zone; give --timezone {} (or set hub.timezone), or --session REF",
                           ref, zone, text, hours, hours == 1 ? "" : "s", m_zone.name(), zone);
      }
    }
    return best.empty() ? std::string("give --session REF") : best;
  }

  // what: the time the start stands for, for messages ("the meeting's start").
  std::int64_t find_session_for(util::LocalSeconds start_local, std::size_t line, const char* what) {
    const auto start = util::local_to_utc(m_zone, start_local).utc;
    const auto series_id = m_series ? std::optional<std::int64_t>(m_series->id) : std::nullopt;
    const auto hits = sessions_at(start);
    if (hits.size() == 1) return hits.front().id;
    const auto when = describe_local(start);
    const auto within = m_series ? fmt::format(" in series '{}'", m_series->code) : std::string();
    std::vector<std::string> listed;
    const auto& candidates = hits.empty() ? m_dir.sessions_nearest(util::format_utc(start), series_id, 3) : hits;
    for (const auto& s : candidates) listed.push_back(describe_session(s));
    if (hits.empty())
      throw Error(Exit::failure, fmt::format("{}:{}: no session{} runs at {} {} (from 60 minutes before a session "
                                             "starts to its end); {}; {}",
                                             m_o.file.string(), line, within, what, when,
                                             listed.empty() ? std::string("there are no sessions")
                                                            : "nearest: " + util::join(listed, ", "),
                                             zone_hint(start_local, start)));
    throw Error(Exit::failure,
                fmt::format("{}:{}: {} {} matches {} sessions{}: {}; give --session REF", m_o.file.string(), line, what,
                            when, hits.size(), within, util::join(listed, ", ")));
  }

  std::string describe_local(util::SysSeconds t) const {
    const auto local = util::utc_to_local(m_zone, t);
    const auto tod = util::local_time_of_day(local);
    return fmt::format("{} {} {}", util::format_date(util::local_date(local)), util::format_hhmm(tod), m_zone.name());
  }

  std::string describe_session(const db::SessionTime& s) {
    const auto ref = m_dir.session_ref(s.id);
    const auto start = util::parse_utc(s.start_utc);
    return fmt::format("{} ({})", ref, start ? describe_local(*start) : s.start_utc);
  }

  // ref: the session's CODE/N when the caller knows it (working it out costs a count over the series).
  SessionState& session_state(std::int64_t session_id, const std::string& ref = {}) {
    if (m_last_state != nullptr && m_last_state->summary.session_id == session_id) return *m_last_state;
    auto it = m_sessions.find(session_id);
    if (it != m_sessions.end()) return *(m_last_state = &it->second);
    SessionState state;
    state.summary.session_id = session_id;
    state.summary.ref = ref.empty() ? m_dir.session_ref(session_id) : ref;
    state.roles = m_dir.session_hosts(session_id);
    if (const auto t = m_dir.session(session_id)) {
      state.series_id = t->series_id;
      state.start = util::parse_utc(t->start_utc).value_or(util::SysSeconds{});
      state.duration = t->duration;
    }
    m_order.emplace_back(session_id, 0);
    return *(m_last_state = &m_sessions.emplace(session_id, std::move(state)).first->second);
  }

  bool begin_zoom_session(std::int64_t session_id) {
    auto& state = session_state(session_id);
    m_zoom_session = session_id;
    if (auto earlier = m_dir.find_import(m_hash, kind(), session_id); earlier && !m_o.replace) {
      m_stop_unchanged = true;
      m_unchanged = state.summary;
      m_unchanged.unchanged = true;
      m_unchanged.previous = fmt::format("{} at {}", earlier->file_name, earlier->imported_at);
      return false;
    }
    if (!m_o.replace) check_same_meeting();
    PlannedImport ledger;
    ledger.series_id = state.series_id;
    ledger.session_id = session_id;
    if (m_reader.has_meeting() && m_reader.meeting().start && !meeting_key(m_reader.meeting().id).empty()) {
      ledger.meeting_id = meeting_key(m_reader.meeting().id);
      ledger.meeting_start_utc = util::format_utc(util::local_to_utc(m_zone, *m_reader.meeting().start).utc);
    }
    state.import = m_imports.size();
    m_imports.push_back(std::move(ledger));
    if (m_o.replace) m_clears.emplace_back(session_id, *state.import);
    return true;
  }

  std::optional<std::int64_t> generic_session(const std::string& text, std::size_t line) {
    // Rows usually come session by session: the previous row's answer first, then the cache.
    if (m_last_session && m_last_session->first == text) return m_last_session->second;
    auto cached = m_session_cache.find(text);
    if (cached == m_session_cache.end()) cached = m_session_cache.emplace(text, resolve_session(text, line)).first;
    m_last_session.emplace(text, cached->second);
    return cached->second;
  }

  std::optional<std::int64_t> resolve_session(const std::string& text, std::size_t line) {
    std::optional<std::int64_t> id;
    std::string ref;
    std::string code;
    std::optional<std::int64_t> n;
    if (auto number = parse_positive(text)) {
      if (m_series) {
        code = m_series->code;
        n = number;
      } else if (m_dir.session(*number)) {
        id = number;
      } else {
        m_problems.add(line, fmt::format("no session with id {}", *number));
      }
    } else if (const auto slash = text.rfind('/'); slash != std::string::npos && slash > 0) {
      code = text.substr(0, slash);
      n = parse_positive(text.substr(slash + 1));
      if (!n) m_problems.add(line, fmt::format("invalid session reference '{}': use CODE/N or an id", text));
    } else {
      m_problems.add(line, fmt::format("invalid session reference '{}': use CODE/N or an id", text));
    }
    if (!code.empty() && n) {
      auto series_it = m_series_sessions.find(code);
      if (series_it == m_series_sessions.end()) {
        SeriesSessions found;
        try {
          found = m_dir.series(code);
        } catch (const Error& e) {
          m_problems.add(line, e.what());
        }
        series_it = m_series_sessions.emplace(code, std::move(found)).first;
      }
      const auto& ids = series_it->second.ids;
      if (static_cast<std::size_t>(*n) <= ids.size() && ids[static_cast<std::size_t>(*n - 1)] != 0) {
        id = ids[static_cast<std::size_t>(*n - 1)];
        ref = domain::session_ref(series_it->second.code, static_cast<int>(*n));
      } else if (!ids.empty())
        m_problems.add(line, fmt::format("no session {}: series '{}' has {} sessions", text, code,
                                         std::count_if(ids.begin(), ids.end(), [](std::int64_t i) { return i != 0; })));
    }
    if (id && m_series && m_dir.session(*id)->series_id != m_series->id) {
      m_problems.add(line, fmt::format("session {} is not in series '{}'", text, m_series->code));
      id.reset();
    }
    if (id) {
      session_state(*id, ref);
      if (m_o.replace && m_replaced.insert(*id).second) m_clears.emplace_back(*id, *m_generic_import);
    }
    return id;
  }

  bool is_host(const Who& who) const {
    if (!m_reader.has_meeting()) return false;
    const auto& m = m_reader.meeting();
    return attendance::is_host(who, m.host_email, m.host_name);
  }

  bool on_row() {
    const auto& row = m_reader.row();
    std::int64_t session_id = 0;
    if (m_reader.generic()) {
      if (!m_generic_import) {
        if (auto earlier = m_dir.find_import(m_hash, kind(), std::nullopt); earlier && !m_o.replace) {
          m_stop_unchanged = true;
          m_unchanged.ref = "(all sessions)";
          m_unchanged.unchanged = true;
          m_unchanged.previous = fmt::format("{} at {}", earlier->file_name, earlier->imported_at);
          return false;
        }
        PlannedImport ledger;
        if (m_series) ledger.series_id = m_series->id;
        m_generic_import = m_imports.size();
        m_imports.push_back(std::move(ledger));
      }
      auto id = generic_session(row.session, row.line);
      if (!id) return true;
      session_id = *id;
    } else {
      if (!m_zoom_session) {
        if (m_reader.has_meeting()) return true; // the meeting block had a bad start time (reported)
        std::int64_t id = 0;
        if (m_fixed) {
          id = m_fixed->id;
        } else if (const auto first = earliest_join()) {
          id = find_session_for(*first, row.line, "the first join");
        } else {
          throw Error(Exit::usage, fmt::format("{} has no meeting block and no join times to find its session by: "
                                               "give --session REF",
                                               m_o.file.string()));
        }
        if (!begin_zoom_session(id)) return false;
      }
      session_id = *m_zoom_session;
    }
    auto& state = session_state(session_id);
    ++state.summary.rows;
    ++m_total_rows;
    if (!row.ignored) check_plausible(row, state);
    // A webinar attendee report lists its registrants, Attended = No included: each is
    // registered for the session (recorded with the attendance by apply()).
    const Who who{row.email, row.name, row.original};
    if (row.registrant && m_problems.empty())
      if (const auto person = m_matcher.match(who); person.id) m_registrants.emplace_back(session_id, *person.id);
    if (row.ignored || !m_problems.empty()) return true;

    auto role = row.hub || (!m_reader.generic() && is_host(who)) ? domain::Role::hub : domain::Role::participant;
    const auto person = m_matcher.match(who);
    const auto import = m_reader.generic() ? *m_generic_import : *state.import;
    if (!person.id) {
      const auto key = util::name_key(row.name);
      state.unmatched.insert(key);
      auto& u = m_unmatched[{session_id, key}];
      if (u.name.empty()) {
        u.session_id = session_id;
        u.name = row.original.empty() ? row.name : fmt::format("{} ({})", row.name, row.original);
        u.key = key;
        u.line = row.line;
        u.role = role;
      }
      u.role = domain::stronger_role(u.role, role);
      if (row.join && row.leave)
        u.intervals.push_back({util::local_to_utc(m_zone, *row.join).utc, util::local_to_utc(m_zone, *row.leave).utc});
      else if (row.minutes)
        u.minutes = std::max(u.minutes, *row.minutes);
      return true;
    }
    // A participant created by this import counts as created at the first session it is seen
    // in, and as matched at the others.
    if (person.created) m_created.emplace(*person.id, session_id);
    state.people.add(*person.id);
    if (auto named = state.roles.find(*person.id); named != state.roles.end()) role = named->second;

    if (row.join && row.leave) {
      const Interval interval{util::local_to_utc(m_zone, *row.join).utc, util::local_to_utc(m_zone, *row.leave).utc};
      m_rows.push_back({session_id, *person.id, role, import, interval, std::nullopt});
    } else if (row.minutes) {
      m_rows.push_back({session_id, *person.id, role, import, std::nullopt, *row.minutes});
    }
    return true;
  }

  // A row's times must lie within [start - 2 h, end + 12 h] of its session, and its minutes at
  // most the session's span plus those margins: a mistyped year (1970, 2099) or minutes=5000
  // is refused with the line, not recorded as months of attendance.
  void check_plausible(const PersonRow& row, const SessionState& state) {
    const auto end = state.start + std::chrono::minutes(state.duration);
    const auto earliest = state.start - util::k_attend_before;
    const auto latest = end + util::k_attend_after;
    if (row.join && row.leave) {
      const auto join = util::local_to_utc(m_zone, *row.join).utc;
      const auto leave = util::local_to_utc(m_zone, *row.leave).utc;
      if (join < earliest || leave > latest)
        m_problems.add(row.line, fmt::format("{} - {} is outside session {} ({} - {}, with 2 h before and 12 h "
                                             "after allowed)",
                                             describe_local(join), describe_local(leave), state.summary.ref,
                                             describe_local(state.start), describe_local(end)));
    } else if (row.minutes) {
      const auto most = util::max_attendance_minutes(state.duration);
      if (*row.minutes > most)
        m_problems.add(row.line, fmt::format("{} minutes is more than session {} allows ({} minutes: its {} "
                                             "scheduled minutes plus 14 h, at most 1440)",
                                             *row.minutes, state.summary.ref, most, state.duration));
    }
  }

  // The unmatched rows and the ledger's row counts.
  void finish_plan(Plan& plan) {
    plan.registrants = m_registrants;
    for (auto& [key, u] : m_unmatched) {
      nlohmann::json intervals = nlohmann::json::array();
      // Sorted, so that the same rows in another order are recognised as already listed.
      std::sort(u.intervals.begin(), u.intervals.end(), [](const Interval& a, const Interval& b) {
        return std::tie(a.join, a.leave) < std::tie(b.join, b.leave);
      });
      for (const auto& i : u.intervals) intervals.push_back({util::format_utc(i.join), util::format_utc(i.leave)});
      const auto minutes = u.intervals.empty() ? u.minutes : seconds_to_minutes(union_seconds(u.intervals));
      const auto& state = m_sessions.at(u.session_id);
      const auto import = m_reader.generic() ? m_generic_import : state.import;
      plan.unmatched.push_back(
          {u.session_id, import, u.name, u.key, u.role, minutes, intervals.dump(), static_cast<std::int64_t>(u.line)});
    }
    if (m_reader.generic()) {
      if (m_generic_import) plan.imports[*m_generic_import].rows = m_total_rows;
    } else {
      for (auto& [id, state] : m_sessions)
        if (state.import) plan.imports[*state.import].rows = state.summary.rows;
    }
  }

  Directory& m_dir;
  const ImportOptions& m_o;
  const date::time_zone& m_zone;
  std::string m_hash;
  std::optional<db::SessionRef> m_fixed;
  std::optional<db::SeriesRef> m_series;
  Matcher m_matcher;
  util::Problems m_problems;
  ExportReader m_reader;
  util::Progress m_progress{m_o.progress}; // person rows, and bytes read of the file's size
  std::uint64_t m_bytes_read = 0;
  std::uint64_t m_file_bytes = 0;

  std::optional<std::int64_t> m_zoom_session;
  std::optional<std::size_t> m_generic_import; // in m_imports
  std::vector<PlannedImport> m_imports;
  std::vector<std::pair<std::int64_t, std::size_t>> m_clears;
  std::vector<PlannedAttendance> m_rows;
  bool m_stop_unchanged = false;
  SessionSummary m_unchanged;
  std::int64_t m_total_rows = 0;

  std::map<std::int64_t, SessionState> m_sessions; // nodes stay put: m_last_state points into it
  SessionState* m_last_state = nullptr;
  std::vector<std::pair<std::int64_t, int>> m_order;
  std::unordered_map<std::string, std::optional<std::int64_t>> m_session_cache;
  std::optional<std::pair<std::string, std::optional<std::int64_t>>> m_last_session;
  std::unordered_map<std::string, SeriesSessions> m_series_sessions;
  std::unordered_set<std::int64_t> m_replaced;
  std::unordered_map<std::int64_t, std::int64_t> m_created; // participant this import created -> its first session
  std::map<std::pair<std::int64_t, std::string>, PendingUnmatched> m_unmatched;
  std::vector<std::pair<std::int64_t, std::int64_t>> m_registrants; // (session, participant) of webinar registrants
};

// The figures the plan leaves: for each session, the participant-role rows at or above
// min_minutes once the plan is applied. Replays what apply() does to the stored rows: --replace
// drops what other imports recorded (manual rows stay, without imported intervals); a row's role
// is only ever strengthened; imported minutes are the larger of the stored and the new ones, and
// at least the union of the row's intervals; a manual row keeps its minutes.
std::map<std::int64_t, std::int64_t> project_eligible(Directory& dir, const Plan& plan,
                                                      const std::vector<std::int64_t>& session_ids, int min_minutes) {
  struct Projected {
    domain::Role role = domain::Role::participant;
    std::int64_t minutes = 0;
    bool manual = false;
    std::vector<Interval> intervals;
    bool new_intervals = false;
  };
  std::unordered_set<std::int64_t> replaced;
  for (const auto& clear : plan.clears) replaced.insert(clear.first);
  std::vector<std::size_t> order(plan.rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return plan.rows[a].session_id < plan.rows[b].session_id; });
  std::map<std::int64_t, std::int64_t> out;
  // The stored rows read a chunk of sessions at a time: one query each, and memory bounded
  // however many sessions the file has.
  constexpr std::size_t k_chunk = 256;
  std::map<std::int64_t, std::vector<StoredAttendance>> chunk;
  for (std::size_t index = 0; index < session_ids.size(); ++index) {
    const auto session_id = session_ids[index];
    if (index % k_chunk == 0) {
      const auto end = std::min(session_ids.size(), index + k_chunk);
      chunk = dir.attendance_of({session_ids.begin() + static_cast<std::ptrdiff_t>(index),
                                 session_ids.begin() + static_cast<std::ptrdiff_t>(end)});
    }
    std::vector<StoredAttendance> none;
    const auto found = chunk.find(session_id);
    auto& stored_rows = found == chunk.end() ? none : found->second;
    std::unordered_map<std::int64_t, Projected> rows;
    for (auto& stored : stored_rows) {
      Projected p{stored.role, stored.minutes, stored.source == domain::Source::manual, {}, false};
      bool kept_interval = false;
      for (const auto& i : stored.intervals) {
        if (replaced.count(session_id) != 0 && i.import_id) continue;
        kept_interval = true;
        const auto join = util::parse_utc(i.join_utc);
        const auto leave = util::parse_utc(i.leave_utc);
        if (join && leave) p.intervals.push_back({*join, *leave});
      }
      if (replaced.count(session_id) != 0 && !p.manual && !kept_interval) continue;
      rows.emplace(stored.participant_id, std::move(p));
    }
    const auto first = std::lower_bound(order.begin(), order.end(), session_id,
                                        [&](std::size_t i, std::int64_t id) { return plan.rows[i].session_id < id; });
    for (auto at = first; at != order.end() && plan.rows[*at].session_id == session_id; ++at) {
      const auto& row = plan.rows[*at];
      auto [it, fresh] = rows.try_emplace(row.participant_id);
      auto& p = it->second;
      if (fresh) p.role = row.role;
      p.role = domain::stronger_role(p.role, row.role);
      if (row.interval) {
        p.intervals.push_back(*row.interval);
        p.new_intervals = true;
      } else if (row.minutes && !p.manual) {
        p.minutes = std::max(p.minutes, *row.minutes);
      }
    }
    std::int64_t eligible = 0;
    for (auto& [id, p] : rows) {
      if (p.new_intervals && !p.manual)
        p.minutes = std::max(p.minutes, seconds_to_minutes(union_seconds(std::move(p.intervals))));
      if (p.role == domain::Role::participant && p.minutes >= min_minutes) ++eligible;
    }
    out[session_id] = eligible;
  }
  return out;
}

} // namespace

Plan plan(Directory& directory, const ImportOptions& options, const date::time_zone& zone, const std::string& hash,
          const std::optional<db::SessionRef>& session, const std::optional<db::SeriesRef>& series) {
  Planner planner(directory, options, zone, hash, session, series);
  return planner.run();
}

std::map<std::int64_t, std::int64_t> apply(db::Database& db, const Plan& plan) {
  db::ParticipantRepo people(db);
  db::AttendanceRepo att(db);
  att.begin_bulk();
  std::vector<std::int64_t> import_ids;
  for (const auto& i : plan.imports) {
    // The ledger row whole: its row count and meeting are known from the plan.
    import_ids.push_back(att.add_import(plan.kind, plan.hash, plan.file_name, i.series_id, i.session_id, plan.actor,
                                        i.rows, i.meeting_id, i.meeting_start_utc));
  }
  for (const auto& [session_id, keep] : plan.clears) att.clear_imports_for_session(session_id, import_ids.at(keep));
  std::vector<std::int64_t> created;
  for (const auto& p : plan.people) {
    domain::Participant fresh;
    fresh.name = p.name;
    fresh.email = p.email; // insert() stores an empty one as none
    created.push_back(people.insert(fresh));
  }
  for (const auto& n : plan.namings) people.name_if_unnamed(n.id, n.name);
  const auto id_of = [&](std::int64_t id) { return id < 0 ? created.at(new_participant_index(id)) : id; };
  for (const auto& row : plan.rows) {
    const auto participant = id_of(row.participant_id);
    if (row.interval) {
      const auto attendance_id = att.upsert_for_interval(row.session_id, participant, row.role, plan.source);
      att.add_interval(attendance_id, import_ids[row.import], util::format_utc(row.interval->join),
                       util::format_utc(row.interval->leave));
    } else if (row.minutes) {
      att.upsert_minutes(row.session_id, participant, row.role, plan.source, *row.minutes);
    }
  }
  for (const auto id : import_ids) att.recompute_minutes_for_import(id);
  for (const auto& u : plan.unmatched)
    att.add_unmatched(u.session_id, u.import ? std::optional<std::int64_t>(import_ids.at(*u.import)) : std::nullopt,
                      u.name, u.key, u.role, u.minutes, u.intervals_json, plan.file_name, u.line);
  att.end_bulk();
  att.verify_keys();
  // Webinar registrants, per session: the registrations this file adds.
  std::map<std::int64_t, std::vector<std::pair<std::int64_t, std::int64_t>>> by_session;
  for (const auto& [session, person] : plan.registrants) by_session[session].emplace_back(session, id_of(person));
  std::map<std::int64_t, std::int64_t> registered;
  for (const auto& [session, rows] : by_session)
    registered[session] = registration::record_webinar_registrants(db, rows, plan.file_name);
  return registered;
}

ImportResult import_attendance(db::Database& db, const ImportOptions& o) {
  if (const auto source = domain::parse_source(o.source);
      !o.source.empty() && (!source || *source == domain::Source::manual))
    throw Error(Exit::usage, fmt::format("unknown source '{}': use zoom, teams, meet or csv", o.source));
  if (!o.date_order.empty() && !parse_date_order(o.date_order))
    throw Error(Exit::usage, fmt::format("unknown date order '{}': use mdy or dmy", o.date_order));
  const auto* zone = util::find_zone(o.timezone);
  if (zone == nullptr) throw Error(Exit::data, fmt::format("unknown time zone '{}'", o.timezone));
  const auto hash = hash_file(o.file);
  std::optional<db::SeriesRef> series;
  if (!o.series_code.empty()) series = db::find_series(db, o.series_code);
  std::optional<db::SessionRef> fixed;
  if (!o.session_ref.empty()) {
    fixed = db::find_session(db, o.session_ref);
    if (series && fixed->series_id != series->id)
      throw Error(Exit::failure, fmt::format("session {} is not in series '{}'", o.session_ref, series->code));
  }
  // Every key apply() writes comes from a lookup or an insert in this transaction, and
  // verify_keys checks them once each before commit instead of SQLite once per row. A dry run
  // plans and stops there.
  const auto run = [&] {
    DbDirectory directory(db);
    auto planned = plan(directory, o, *zone, hash, fixed, series);
    if (!o.dry_run && !planned.unchanged) {
      const auto registered = apply(db, planned);
      for (auto& summary : planned.result.sessions)
        if (const auto it = registered.find(summary.session_id); it != registered.end())
          summary.registered = it->second;
    }
    planned.result.dry_run = o.dry_run;
    return std::move(planned.result);
  };
  if (o.dry_run) return db.read(run);
  // The tables apply() changes: the history loads only their triggers, and refuses any other.
  const db::Database::WriteLimit limit(
      db, {"attendance", "attendance_interval", "import_file", "participant", "registration", "unmatched_row"});
  return db.write_unenforced_keys(run);
}

std::string format_totals(const ImportTotals& t) {
  return fmt::format("{} session{}, {} rows, {} matched, {} created, {} unmatched", util::group_digits(t.sessions),
                     t.sessions == 1 ? "" : "s", util::group_digits(t.rows), util::group_digits(t.matched),
                     util::group_digits(t.created), util::group_digits(t.unmatched));
}

std::string format_summary(const SessionSummary& s) {
  if (s.unchanged) return fmt::format("{}: already imported ({}); nothing changed", s.ref, s.previous);
  auto text = fmt::format("{}: {} rows, {} matched, {} created, {} unmatched, {} eligible", s.ref, s.rows, s.matched,
                          s.created, s.unmatched, s.eligible);
  if (s.registered > 0) text += fmt::format(", {} registered", s.registered);
  return text;
}

} // namespace echo::attendance
