#include "echo/schedule/file_common.hpp"
#include "echo/schedule/ics_module.hpp"
#include "echo/schedule/schedule_file.hpp"

#include "echo/error.hpp"
#include "echo/util/module.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"

#include <date/tz.h>
#include <fmt/format.h>
#include <libical/ical.h>
#include <unicode/ucal.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

namespace echo::schedule {

namespace {

// An IANA zone for a TZID (iana_zone_for_tzid of schedule_file.hpp), defined below.
std::optional<std::string> zone_for_tzid(const std::string& tzid);

// An RRULE without COUNT or UNTIL is expanded this far past its first occurrence.
constexpr int k_open_rule_years = 2;
// Components nest 3 deep in real files (VCALENDAR > VEVENT > VALARM, VTIMEZONE > STANDARD);
// deeper files are refused before libical, whose component tree is freed recursively.
constexpr std::size_t k_max_depth = 64;
// An unfolded content line longer than this is refused before libical reads it.
constexpr std::size_t k_max_line_bytes = std::size_t{1} << 20;

// Checks what libical would otherwise read slowly, recursively or with diagnostics on stderr:
// unfolded lines over 1 MB, BEGIN/END pairs that do not match, nesting deeper than k_max_depth.
// One pass over the text, no copy; throws Error(data) naming file:line.
void check_structure(std::string_view text, const std::string& file) {
  util::Problems problems(file);
  struct Open {
    std::string name;
    std::size_t line;
  };
  std::vector<Open> open;
  std::string head; // the start of the current unfolded line (enough for BEGIN:/END: and a name)
  std::size_t head_line = 0;
  std::size_t length = 0; // bytes of the current unfolded line
  constexpr std::size_t k_head = 200;
  // Reads the finished unfolded line; false (a problem recorded) when the structure is broken.
  auto finish = [&]() -> bool {
    if (head_line == 0) return true;
    std::string upper = head;
    for (auto& c : upper)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const bool begin = upper.starts_with("BEGIN:");
    if (!begin && !upper.starts_with("END:")) return true;
    const auto name = util::trim(upper.substr(begin ? 6 : 4));
    if (begin) {
      if (open.size() >= k_max_depth) {
        problems.add(head_line, fmt::format("BEGIN:{} nests components deeper than {} levels", name, k_max_depth));
        return false;
      }
      open.push_back({name, head_line});
      return true;
    }
    if (open.empty()) {
      problems.add(head_line, fmt::format("END:{} without a BEGIN:{}", name, name));
      return false;
    }
    if (open.back().name != name) {
      problems.add(head_line, fmt::format("END:{} where BEGIN:{} (line {}) is still open", name, open.back().name,
                                          open.back().line));
      return false;
    }
    open.pop_back();
    return true;
  };
  std::size_t line = 1;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto l = text.substr(start, end - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    const bool folded = !l.empty() && (l.front() == ' ' || l.front() == '\t') && head_line != 0;
    if (folded) {
      l.remove_prefix(1);
    } else {
      if (!finish()) break;
      head.clear();
      length = 0;
      head_line = line;
    }
    length += l.size();
    if (head.size() < k_head) head.append(l.substr(0, k_head - head.size()));
    if (length > k_max_line_bytes) {
      problems.add(head_line, fmt::format("content line longer than {} bytes (unfolded)", k_max_line_bytes));
      break;
    }
    ++line;
    start = end + 1;
  }
  if (problems.empty() && finish() && !open.empty())
    problems.add(open.back().line, fmt::format("BEGIN:{} has no END:{}", open.back().name, open.back().name));
  problems.throw_if_any();
}

// What libical prints on stderr while it reads ("icalparser_add_line(), icalparser.c:786:
// Encountered END before BEGIN") is caught in a temporary file and handed back as text, so that
// echo reports it in its own words. Without a temporary file the diagnostics pass through.
class StderrCapture {
public:
  StderrCapture() {
    std::fflush(stderr);
    m_file = std::tmpfile();
    if (!m_file) return;
    m_saved = ::dup(STDERR_FILENO);
    if (m_saved < 0 || ::dup2(::fileno(m_file), STDERR_FILENO) < 0) {
      if (m_saved >= 0) ::close(m_saved);
      m_saved = -1;
      std::fclose(m_file);
      m_file = nullptr;
    }
  }
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;
  ~StderrCapture() { (void)finish(); }

  // Restores stderr; the lines written meanwhile (at most 20).
  std::vector<std::string> finish() {
    std::vector<std::string> lines;
    if (!m_file) return lines;
    std::fflush(stderr);
    ::dup2(m_saved, STDERR_FILENO);
    ::close(m_saved);
    std::rewind(m_file);
    char buf[512];
    while (lines.size() < 20 && std::fgets(buf, sizeof buf, m_file)) {
      std::string l = util::trim(buf);
      if (!l.empty()) lines.push_back(std::move(l));
    }
    std::fclose(m_file);
    m_file = nullptr;
    return lines;
  }

private:
  std::FILE* m_file = nullptr;
  int m_saved = -1;
};

// "icalparser_add_line(), icalparser.c:786: Encountered END before BEGIN" -> the message alone.
std::string libical_message(const std::string& line) {
  const auto c = line.find(".c:");
  if (c == std::string::npos) return line;
  const auto colon = line.find(": ", c);
  return colon == std::string::npos ? line : line.substr(colon + 2);
}

struct CalendarDeleter {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

// The zone an event's times are in: an IANA zone, the rules of a VTIMEZONE in the file (Outlook's
// "Customized Time Zone"), UTC, or floating (the series' zone).
struct EventZone {
  const date::time_zone* zone = nullptr;
  icaltimezone* rules = nullptr; // owned by the calendar
  bool utc = false;
  bool floating = false;
};

bool same_frame(const EventZone& a, const EventZone& b) {
  return a.zone == b.zone && a.rules == b.rules && a.utc == b.utc && a.floating == b.floating;
}

// One occurrence of an event: its local start in the event's frame, and its own length when an
// RDATE;VALUE=PERIOD gives one.
struct Occurrence {
  icaltimetype start{};
  std::optional<int> minutes;
};

std::string rid_text(util::SysSeconds utc) {
  const auto s = util::format_utc(utc); // YYYY-MM-DDTHH:MM:SSZ
  std::string out;
  for (char c : s)
    if (c != '-' && c != ':') out += c;
  return out;
}

std::string floating_rid(const icaltimetype& t) {
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}", t.year, t.month, t.day, t.hour, t.minute, t.second);
}

class IcsReader {
public:
  IcsReader(std::string_view text, const std::string& file, util::Problems* sink)
      : m_text(text), m_file(file), m_problems(file), m_sink(sink) {
    index_uid_lines();
  }

  ScheduleFile read() {
    check_structure(m_text, m_file);
    ScheduleFile out;
    out.format = "ics";
    icalerror_set_errors_are_fatal(0);
    StderrCapture capture;
    read_calendar(out);
    for (const auto& line : capture.finish())
      m_warnings.push_back(fmt::format("{}: {} (libical)", m_file, libical_message(line)));
    detail::hand_over(m_problems, m_sink);
    out.warnings = m_warnings;
    return out;
  }

private:
  void read_calendar(ScheduleFile& out) {
    const std::string text(m_text);
    m_root.reset(icalparser_parse_string(text.c_str()));
    if (!m_root) {
      m_problems.add(1, "not an iCalendar file (no BEGIN:VCALENDAR ... END:VCALENDAR)");
      m_problems.throw_if_any();
    }
    icalcomponent* cal = m_root.get();
    if (icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
      cal = icalcomponent_get_first_component(m_root.get(), ICAL_VCALENDAR_COMPONENT);
      if (!cal) {
        m_problems.add(1, "not an iCalendar file (no VCALENDAR)");
        m_problems.throw_if_any();
      }
    }
    m_calendar = cal;
    collect_errors(cal);
    for (auto* tz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT); tz;
         tz = icalcomponent_get_next_component(cal, ICAL_VTIMEZONE_COMPONENT)) {
      auto* p = icalcomponent_get_first_property(tz, ICAL_TZID_PROPERTY);
      const char* id = p ? icalproperty_get_tzid(p) : nullptr;
      if (!id) continue;
      std::string location;
      // Google and Apple name the IANA zone of a custom TZID in X-LIC-LOCATION.
      for (auto* x = icalcomponent_get_first_property(tz, ICAL_X_PROPERTY); x;
           x = icalcomponent_get_next_property(tz, ICAL_X_PROPERTY)) {
        const char* name = icalproperty_get_x_name(x);
        const char* value = icalproperty_get_x(x);
        if (name && value && util::ascii_lower(name) == "x-lic-location") location = util::trim(value);
      }
      m_vtimezones.emplace(id, location);
    }
    std::vector<icalcomponent*> masters;
    std::map<std::string, std::vector<icalcomponent*>> overrides;
    int events = 0;
    for (auto* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
      ++events;
      const char* uid = icalcomponent_get_uid(ev);
      if (!uid || !*uid) {
        m_problems.add_at(m_file, fmt::format("event {} (\"{}\") has no UID", events, summary(ev)));
        continue;
      }
      if (icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY))
        overrides[uid].push_back(ev);
      else
        masters.push_back(ev);
    }
    if (events == 0) m_problems.add_at(m_file, "no VEVENT in the calendar");
    std::set<std::string> seen_masters;
    std::vector<std::string> all_day; // summaries of the all-day events skipped
    for (auto* ev : masters) {
      const std::string uid = icalcomponent_get_uid(ev);
      if (!seen_masters.insert(uid).second) {
        m_problems.add_at(where(uid), "UID appears on more than one event without RECURRENCE-ID");
        continue;
      }
      auto it = overrides.find(uid);
      std::vector<icalcomponent*> own;
      if (it != overrides.end()) {
        own = std::move(it->second);
        overrides.erase(it);
      }
      if (skip_all_day(ev, uid, all_day)) continue; // with its overrides
      read_event(ev, own, out);
    }
    // Overrides whose master is not in the file: each is a session of its own.
    for (const auto& [uid, list] : overrides)
      for (auto* ev : list)
        if (!skip_all_day(ev, uid, all_day)) read_orphan(ev, out);
    if (out.sessions.empty() && !all_day.empty() && m_problems.empty()) {
      std::string names;
      for (std::size_t i = 0; i < all_day.size() && i < 5; ++i)
        names += fmt::format("{}\"{}\"", i ? ", " : "", all_day[i]);
      if (all_day.size() > 5) names += fmt::format(" and {} more", all_day.size() - 5);
      m_problems.add_at(m_file, fmt::format("no timed event to import: {} all-day event{} skipped ({}); sessions "
                                            "need a start time (DTSTART with a time of day)",
                                            all_day.size(), all_day.size() == 1 ? "" : "s", names));
    }
  }

  // An all-day event (DTSTART;VALUE=DATE: a holiday, "office closed") is no session: skipped
  // with a warning naming it.
  bool skip_all_day(icalcomponent* ev, const std::string& uid, std::vector<std::string>& skipped) {
    auto* p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    if (!p) return false;
    const auto start = icalproperty_get_dtstart(p);
    if (icaltime_is_null_time(start) || !start.is_date) return false;
    skipped.push_back(summary(ev));
    m_warnings.push_back(fmt::format("{}: \"{}\" on {:04}-{:02}-{:02} is an all-day event (DTSTART;VALUE=DATE): "
                                     "skipped",
                                     where(uid), summary(ev), start.year, start.month, start.day));
    return true;
  }

  // Line of each UID, on unfolded content lines (a folded line continues with a space or tab).
  void index_uid_lines() {
    std::size_t line = 1;
    std::size_t start = 0;
    std::string logical;
    std::size_t logical_line = 0;
    auto finish = [&] {
      if (logical.size() > 4 && (logical.starts_with("UID:") || logical.starts_with("uid:")))
        m_uid_line.emplace(util::trim(logical.substr(4)), logical_line);
    };
    while (start < m_text.size()) {
      auto end = m_text.find('\n', start);
      if (end == std::string_view::npos) end = m_text.size();
      auto l = m_text.substr(start, end - start);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      if (!l.empty() && (l.front() == ' ' || l.front() == '\t')) {
        logical.append(l.substr(1));
      } else {
        finish();
        logical.assign(l);
        logical_line = line;
      }
      ++line;
      start = end + 1;
    }
    finish();
  }

  std::string where(const std::string& uid) const {
    const auto it = m_uid_line.find(uid);
    if (it != m_uid_line.end()) return fmt::format("{}:{} (UID {})", m_file, it->second, uid);
    return fmt::format("{}: UID {}", m_file, uid);
  }

  static std::string summary(icalcomponent* ev) {
    const char* s = icalcomponent_get_summary(ev);
    return s ? s : "";
  }

  // libical's X-LIC-ERROR properties anywhere in the tree, each at its event's UID. Iterative
  // (an explicit stack), although check_structure already bounds the depth.
  void collect_errors(icalcomponent* root) {
    std::vector<std::pair<icalcomponent*, std::string>> todo{{root, ""}};
    while (!todo.empty()) {
      auto [c, uid] = std::move(todo.back());
      todo.pop_back();
      const char* own = icalcomponent_isa(c) == ICAL_VEVENT_COMPONENT ? icalcomponent_get_uid(c) : nullptr;
      const std::string at_uid = own ? std::string(own) : uid;
      for (auto* p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
           p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
        const char* msg = icalproperty_get_xlicerror(p);
        std::string text = msg ? msg : "parse error";
        while (!text.empty() && (text.back() == ' ' || text.back() == ':')) text.pop_back();
        const auto at = at_uid.empty() ? m_file : where(at_uid);
        if (harmless(text))
          m_warnings.push_back(fmt::format("{}: {} (ignored)", at, text));
        else
          m_problems.add_at(at, text);
      }
      std::vector<icalcomponent*> subs;
      for (auto* sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); sub;
           sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
        subs.push_back(sub);
      for (auto r = subs.rbegin(); r != subs.rend(); ++r) todo.emplace_back(*r, at_uid);
    }
  }

  // An error about a property echo does not read (an empty LOCATION in Google exports, ...).
  static bool harmless(const std::string& text) {
    static const char* const used[] = {"DTSTART", "DTEND",         "DURATION", "RRULE",  "RDATE",   "EXDATE",
                                       "EXRULE",  "RECURRENCE-ID", "UID",      "STATUS", "SUMMARY", "TZID"};
    for (const char* name : used)
      if (text.find(name) != std::string::npos) return false;
    return text.find(" property") != std::string::npos;
  }

  // The zone of a DTSTART/DTEND/EXDATE/RECURRENCE-ID property; nullopt (reported) when unknown.
  std::optional<EventZone> zone_of(icalproperty* p, const icaltimetype& t, const std::string& uid) {
    EventZone z;
    if (auto* param = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER)) {
      const char* tzid = icalparameter_get_tzid(param);
      return zone_named(tzid ? tzid : "", uid);
    }
    if (icaltime_is_utc(t)) {
      z.utc = true;
      return z;
    }
    z.floating = true;
    return z;
  }

  // A TZID: an IANA or Windows name (tzdb's rules), else the zone its VTIMEZONE's X-LIC-LOCATION
  // names, else the rules of that VTIMEZONE itself (Outlook's "Customized Time Zone").
  std::optional<EventZone> zone_named(const std::string& id, const std::string& uid) {
    if (const auto it = m_zones.find(id); it != m_zones.end()) {
      if (!it->second) report_unknown_zone(id, uid);
      return it->second;
    }
    std::optional<EventZone> z;
    auto iana = zone_for_tzid(id);
    const auto vt = m_vtimezones.find(id);
    if (!iana && vt != m_vtimezones.end() && !vt->second.empty()) iana = zone_for_tzid(vt->second);
    if (iana) {
      z.emplace();
      z->zone = util::find_zone(*iana);
      if (!z->zone) z->utc = true;
    } else if (vt != m_vtimezones.end()) {
      if (auto* rules = icalcomponent_get_timezone(m_calendar, id.c_str()); rules && has_offsets(id)) {
        z.emplace();
        z->rules = rules;
      }
    }
    m_zones.emplace(id, z);
    if (!z) report_unknown_zone(id, uid);
    return z;
  }

  void report_unknown_zone(const std::string& id, const std::string& uid) {
    m_problems.add_at(where(uid),
                      fmt::format("unknown TZID '{}'{}", id,
                                  m_vtimezones.count(id) ? " (its VTIMEZONE has no STANDARD or DAYLIGHT offsets)"
                                                         : ": use an IANA zone name or add its VTIMEZONE"));
  }

  // Whether the VTIMEZONE named `id` gives offsets to compute with.
  bool has_offsets(const std::string& id) const {
    for (auto* tz = icalcomponent_get_first_component(m_calendar, ICAL_VTIMEZONE_COMPONENT); tz;
         tz = icalcomponent_get_next_component(m_calendar, ICAL_VTIMEZONE_COMPONENT)) {
      auto* p = icalcomponent_get_first_property(tz, ICAL_TZID_PROPERTY);
      const char* name = p ? icalproperty_get_tzid(p) : nullptr;
      if (!name || id != name) continue;
      for (auto* part = icalcomponent_get_first_component(tz, ICAL_ANY_COMPONENT); part;
           part = icalcomponent_get_next_component(tz, ICAL_ANY_COMPONENT)) {
        const auto kind = icalcomponent_isa(part);
        if ((kind == ICAL_XSTANDARD_COMPONENT || kind == ICAL_XDAYLIGHT_COMPONENT) &&
            icalcomponent_get_first_property(part, ICAL_TZOFFSETTO_PROPERTY) &&
            icalcomponent_get_first_property(part, ICAL_DTSTART_PROPERTY))
          return true;
      }
    }
    return false;
  }

  static util::LocalSeconds local_of(const icaltimetype& t) {
    const date::year_month_day ymd{date::year{t.year}, date::month{static_cast<unsigned>(t.month)},
                                   date::day{static_cast<unsigned>(t.day)}};
    return util::make_local(ymd, std::chrono::seconds{t.hour * 3600 + t.minute * 60 + t.second});
  }

  // `base` with the date and time of day of `local`.
  static icaltimetype with_local(icaltimetype base, util::LocalSeconds local) {
    const date::year_month_day d = util::local_date(local);
    const auto tod = util::local_time_of_day(local).count();
    base.year = static_cast<int>(d.year());
    base.month = static_cast<int>(static_cast<unsigned>(d.month()));
    base.day = static_cast<int>(static_cast<unsigned>(d.day()));
    base.hour = static_cast<int>(tod / 3600);
    base.minute = static_cast<int>((tod / 60) % 60);
    base.second = static_cast<int>(tod % 60);
    return base;
  }

  static util::SysSeconds instant(const icaltimetype& t, const EventZone& z) {
    const auto local = local_of(t);
    if (z.rules) {
      icaltimetype in_zone = t;
      in_zone.is_date = 0;
      in_zone.zone = z.rules;
      icaltimetype utc = in_zone;
      icaltimezone_convert_time(&utc, z.rules, icaltimezone_get_utc_timezone());
      return util::SysSeconds{local_of(utc).time_since_epoch()};
    }
    if (z.utc || z.floating || !z.zone) return util::SysSeconds{local.time_since_epoch()};
    return util::local_to_utc(*z.zone, local).utc;
  }

  // The local time of an instant in a zone (floating and UTC: the same clock reading).
  static util::LocalSeconds local_in(util::SysSeconds utc, const EventZone& z) {
    if (z.rules) {
      icaltimetype t = with_local(icaltime_null_time(), util::LocalSeconds{utc.time_since_epoch()});
      t.is_date = 0;
      icaltimezone_convert_time(&t, icaltimezone_get_utc_timezone(), z.rules);
      return local_of(t);
    }
    if (z.zone) return util::utc_to_local(*z.zone, utc);
    return util::LocalSeconds{utc.time_since_epoch()};
  }

  // The recurrence id of an occurrence: its UTC instant, or its floating local time.
  static std::string occurrence_id(const icaltimetype& t, const EventZone& z) {
    return z.floating ? floating_rid(t) : rid_text(instant(t, z));
  }

  // Fills the time fields of an entry from a start time in a zone.
  static void set_start(Entry& e, const icaltimetype& t, const EventZone& z) {
    if (z.floating) {
      e.date = fmt::format("{:04}-{:02}-{:02}", t.year, t.month, t.day);
      e.time = fmt::format("{:02}:{:02}", t.hour, t.minute);
    } else {
      e.utc = instant(t, z);
    }
  }

  // Duration in minutes from DTEND or DURATION; nullopt when neither (the series' default).
  std::optional<int> duration_of(icalcomponent* ev, const icaltimetype& start, const EventZone& z,
                                 const std::string& uid) {
    if (auto* p = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY)) {
      const int secs = icaldurationtype_as_int(icalproperty_get_duration(p));
      if (secs <= 0) {
        m_problems.add_at(where(uid), "DURATION must be positive");
        return std::nullopt;
      }
      return (secs + 59) / 60;
    }
    if (auto* p = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY)) {
      const auto end = icalproperty_get_dtend(p);
      const auto ez = zone_of(p, end, uid);
      if (!ez) return std::nullopt;
      const auto secs = (instant(end, *ez) - instant(start, z)).count();
      if (secs <= 0) {
        m_problems.add_at(where(uid), "DTEND is not after DTSTART");
        return std::nullopt;
      }
      return static_cast<int>((secs + 59) / 60);
    }
    return std::nullopt;
  }

  // Start, zone and duration of an event; false (reported) when unusable.
  bool start_of(icalcomponent* ev, const std::string& uid, icaltimetype& start, EventZone& zone) {
    auto* p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    if (!p) {
      m_problems.add_at(where(uid), "event has no DTSTART");
      return false;
    }
    start = icalproperty_get_dtstart(p);
    if (icaltime_is_null_time(start)) {
      m_problems.add_at(where(uid), "DTSTART is not a valid date-time");
      return false;
    }
    if (start.is_date) {
      m_problems.add_at(where(uid), fmt::format("\"{}\" is an all-day event: sessions need a start time "
                                                "(DTSTART with a time of day)",
                                                summary(ev)));
      return false;
    }
    const auto z = zone_of(p, start, uid);
    if (!z) return false;
    zone = *z;
    return true;
  }

  Entry base_entry(icalcomponent* ev, const std::string& uid) {
    Entry e;
    e.where = where(uid);
    e.topic = summary(ev);
    e.cancelled = icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED;
    return e;
  }

  // The local time of an EXDATE/RDATE/RECURRENCE-ID in the event's frame, as an occurrence id.
  std::optional<std::string> property_occurrence_id(icalproperty* p, const icaltimetype& t, const EventZone& event_zone,
                                                    const std::string& uid) {
    if (t.is_date) {
      // A date-only EXDATE removes the occurrence on that day: matched by date below.
      return fmt::format("{:04}{:02}{:02}", t.year, t.month, t.day);
    }
    auto z = zone_of(p, t, uid);
    if (!z) return std::nullopt;
    if (z->floating && !event_zone.floating) z = event_zone; // a floating EXDATE is in the event's zone
    return occurrence_id(t, *z);
  }

  void read_event(icalcomponent* ev, const std::vector<icalcomponent*>& overrides, ScheduleFile& out) {
    const std::string uid = icalcomponent_get_uid(ev);
    icaltimetype start{};
    EventZone zone;
    if (!start_of(ev, uid, start, zone)) return;
    const auto duration = duration_of(ev, start, zone, uid);
    auto* rrule_prop = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
    auto* rdate_prop = icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY);
    const bool recurring = rrule_prop || rdate_prop || !overrides.empty();
    // Read once: libical finds a property by walking the event's list (40,000 RDATEs long).
    const Entry base = base_entry(ev, uid);

    // Occurrences as local times in the event's frame.
    std::vector<Occurrence> starts;
    icaltimetype floating_start = start;
    floating_start.zone = nullptr;
    if (rrule_prop) {
      auto rule = icalproperty_get_rrule(rrule_prop);
      if (rule.freq == ICAL_NO_RECURRENCE) {
        m_problems.add_at(where(uid), "RRULE without a valid FREQ");
        return;
      }
      if (!icaltime_is_null_time(rule.until)) {
        // The iterator runs on local times: compare UNTIL in the same frame.
        if (icaltime_is_utc(rule.until) && (zone.zone || zone.rules) && !rule.until.is_date) {
          const auto local = local_in(util::SysSeconds{local_of(rule.until).time_since_epoch()}, zone);
          rule.until = with_local(rule.until, local);
        }
        rule.until.zone = nullptr;
      }
      const bool open = icaltime_is_null_time(rule.until) && rule.count == 0;
      icaltimetype open_limit = floating_start; // the first start, k_open_rule_years later
      open_limit.year += k_open_rule_years;
      icalrecur_iterator* it = icalrecur_iterator_new(rule, floating_start);
      if (!it) {
        m_problems.add_at(where(uid), "RRULE cannot be expanded");
        return;
      }
      for (icaltimetype t = icalrecur_iterator_next(it); !icaltime_is_null_time(t); t = icalrecur_iterator_next(it)) {
        if (open && icaltime_compare(t, open_limit) > 0) {
          m_warnings.push_back(fmt::format("{}: RRULE has no end (COUNT or UNTIL); sessions up to {} years after the "
                                           "first were imported",
                                           where(uid), k_open_rule_years));
          break;
        }
        if (starts.size() >= 1000) {
          m_problems.add_at(where(uid), "RRULE yields more than 1000 sessions");
          break;
        }
        starts.push_back({t, std::nullopt});
      }
      icalrecur_iterator_free(it);
    } else {
      starts.push_back({floating_start, std::nullopt});
    }
    // (Restarted: reading SUMMARY and STATUS above moved the event's property iterator.)
    for (auto* p = icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_RDATE_PROPERTY)) {
      const auto rd = icalproperty_get_rdate(p);
      icaltimetype t = rd.time;
      std::optional<int> minutes;
      const bool period = icaltime_is_null_time(t);
      if (period) t = rd.period.start;
      if (icaltime_is_null_time(t)) continue; // libical reported the bad value (X-LIC-ERROR)
      if (t.is_date) {
        t.is_date = 0;
        t.hour = start.hour;
        t.minute = start.minute;
        t.second = start.second;
      }
      auto z = zone_of(p, t, uid);
      if (!z) continue;
      if (period) {
        // RDATE;VALUE=PERIOD: start/end or start/duration, the occurrence's own length.
        long long secs = 0;
        if (!icaltime_is_null_time(rd.period.end))
          secs = (instant(rd.period.end, *z) - instant(t, *z)).count();
        else
          secs = icaldurationtype_as_int(rd.period.duration);
        if (secs <= 0) {
          m_problems.add_at(where(uid),
                            fmt::format("RDATE period starting {} does not end after it starts", floating_rid(t)));
          continue;
        }
        minutes = static_cast<int>((secs + 59) / 60);
      }
      if (z->floating || same_frame(*z, zone)) {
        t.zone = nullptr;
        starts.push_back({t, minutes});
      } else {
        // An RDATE in another frame: bring it into the event's frame.
        starts.push_back({with_local(floating_start, local_in(instant(t, *z), zone)), minutes});
      }
    }
    std::set<std::string> excluded;
    for (auto* p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY)) {
      if (auto id = property_occurrence_id(p, icalproperty_get_exdate(p), zone, uid)) excluded.insert(*id);
    }
    std::map<std::string, icalcomponent*> by_rid;
    for (auto* o : overrides) {
      auto* p = icalcomponent_get_first_property(o, ICAL_RECURRENCEID_PROPERTY);
      const auto t = icalproperty_get_recurrenceid(p);
      if (auto id = property_occurrence_id(p, t, zone, uid)) by_rid[*id] = o;
    }
    std::set<std::string> done;
    for (const auto& [t, minutes] : starts) {
      const auto id = occurrence_id(t, zone);
      const auto day = fmt::format("{:04}{:02}{:02}", t.year, t.month, t.day);
      if (excluded.count(id) || excluded.count(day) || !done.insert(id).second) continue;
      const auto o = by_rid.find(id);
      if (o != by_rid.end()) {
        read_override(o->second, uid, id, out);
        by_rid.erase(o);
        continue;
      }
      Entry e = base;
      e.key = recurring ? uid + "#" + id : uid;
      set_start(e, t, zone);
      e.duration = minutes ? minutes : duration;
      if (detail::check_entry(e, m_problems)) out.sessions.push_back(std::move(e));
    }
    // Overrides of occurrences the rule does not produce (moved in from an RDATE the file lacks).
    for (const auto& [id, o] : by_rid) read_override(o, uid, id, out);
  }

  void read_override(icalcomponent* ev, const std::string& uid, const std::string& id, ScheduleFile& out) {
    icaltimetype start{};
    EventZone zone;
    if (!start_of(ev, uid, start, zone)) return;
    Entry e = base_entry(ev, uid);
    e.key = uid + "#" + id;
    set_start(e, start, zone);
    e.duration = duration_of(ev, start, zone, uid);
    if (detail::check_entry(e, m_problems)) out.sessions.push_back(std::move(e));
  }

  void read_orphan(icalcomponent* ev, ScheduleFile& out) {
    const std::string uid = icalcomponent_get_uid(ev);
    auto* p = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
    const auto t = icalproperty_get_recurrenceid(p);
    auto z = zone_of(p, t, uid);
    if (!z) return;
    read_override(ev, uid, occurrence_id(t, *z), out);
  }

  std::string_view m_text;
  std::string m_file;
  util::Problems m_problems;
  util::Problems* m_sink; // see parse_ics
  std::vector<std::string> m_warnings;
  std::map<std::string, std::size_t> m_uid_line;
  std::map<std::string, std::string> m_vtimezones;         // TZID -> X-LIC-LOCATION ("" when none)
  std::map<std::string, std::optional<EventZone>> m_zones; // TZID -> zone, as resolved
  std::unique_ptr<icalcomponent, CalendarDeleter> m_root;
  icalcomponent* m_calendar = nullptr; // the VCALENDAR in m_root
};

// The IANA zone of a Windows zone id (CLDR's "001" territory: the zone Windows means by it).
std::optional<std::string> windows_zone(const std::string& id) {
  if (id.empty() || id.size() > 100) return std::nullopt;
  std::u16string wide;
  for (const char c : id) {
    if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt; // the ids are ASCII
    wide.push_back(static_cast<char16_t>(c));
  }
  std::array<UChar, 128> out{};
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n = ucal_getTimeZoneIDForWindowsID(wide.data(), static_cast<int32_t>(wide.size()), nullptr, out.data(),
                                                   static_cast<int32_t>(out.size()), &status);
  if (U_FAILURE(status) || n <= 0 || n >= static_cast<int32_t>(out.size())) return std::nullopt;
  std::string iana;
  for (int32_t i = 0; i < n; ++i) iana.push_back(static_cast<char>(out[static_cast<std::size_t>(i)]));
  if (!util::zone_name_exists(iana)) return std::nullopt;
  return iana;
}

std::optional<std::string> zone_for_tzid(const std::string& tzid) {
  const auto id = util::trim(tzid);
  if (id.empty()) return std::nullopt;
  if (util::zone_name_exists(id)) return id;
  // "/freeassociation.sourceforge.net/Tzfile/America/Vancouver", "/mozilla.org/.../Europe/London"
  for (std::size_t pos = id.find('/'); pos != std::string::npos; pos = id.find('/', pos + 1)) {
    const auto tail = id.substr(pos + 1);
    if (!tail.empty() && util::zone_name_exists(tail) && tail.find('/') != std::string::npos) return tail;
  }
  // Windows (Outlook/Exchange) zone ids, by exact name through CLDR's windowsZones table in ICU
  // ("SA Pacific Standard Time" is America/Bogota). Display names ("(UTC-08:00) Pacific Time")
  // are no ids: Outlook writes a VTIMEZONE for them, which the reader uses.
  if (auto iana = windows_zone(id)) return iana;
  return std::nullopt;
}

ScheduleFile read_ics(std::string_view text, const std::string& file, util::Problems* sink) {
  return IcsReader(text, file, sink).read();
}

const IcsModule k_module{read_ics, zone_for_tzid};

} // namespace

} // namespace echo::schedule

// The module's entry (util/module.hpp): parse_ics and iana_zone_for_tzid of file_ics_loader.cpp.
ECHO_MODULE_ENTRY(echo::schedule::k_module)
