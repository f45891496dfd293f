#include "echo/schedule/file_common.hpp"
#include "echo/schedule/schedule_file.hpp"

#include "echo/error.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"

#include <date/tz.h>
#include <fmt/format.h>
#include <libical/ical.h>

#include <map>
#include <memory>
#include <set>

namespace echo::schedule {

namespace {

// An RRULE without COUNT or UNTIL is expanded this far past its first occurrence.
constexpr int k_open_rule_years = 2;

struct CalendarDeleter {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

// The zone an event's times are in: an IANA zone, UTC, or floating (the series' zone).
struct EventZone {
  const date::time_zone* zone = nullptr;
  bool utc = false;
  bool floating = false;
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
    ScheduleFile out;
    out.format = "ics";
    icalerror_set_errors_are_fatal(0);
    const std::string text(m_text);
    std::unique_ptr<icalcomponent, CalendarDeleter> root(icalparser_parse_string(text.c_str()));
    if (!root) {
      m_problems.add(1, "not an iCalendar file (no BEGIN:VCALENDAR ... END:VCALENDAR)");
      m_problems.throw_if_any();
    }
    icalcomponent* cal = root.get();
    if (icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
      cal = icalcomponent_get_first_component(root.get(), ICAL_VCALENDAR_COMPONENT);
      if (!cal) {
        m_problems.add(1, "not an iCalendar file (no VCALENDAR)");
        m_problems.throw_if_any();
      }
    }
    collect_errors(cal, "");
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
    for (auto* ev : masters) {
      const std::string uid = icalcomponent_get_uid(ev);
      if (!seen_masters.insert(uid).second) {
        m_problems.add_at(where(uid), "UID appears on more than one event without RECURRENCE-ID");
        continue;
      }
      auto it = overrides.find(uid);
      read_event(ev, it == overrides.end() ? std::vector<icalcomponent*>{} : it->second, out);
      if (it != overrides.end()) overrides.erase(it);
    }
    // Overrides whose master is not in the file: each is a session of its own.
    for (const auto& [uid, list] : overrides)
      for (auto* ev : list) read_orphan(ev, out);
    detail::hand_over(m_problems, m_sink);
    out.warnings = m_warnings;
    return out;
  }

private:
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

  void collect_errors(icalcomponent* c, const std::string& uid) {
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
    for (auto* sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); sub;
         sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
      collect_errors(sub, at_uid);
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
      const std::string id = tzid ? tzid : "";
      auto iana = iana_zone_for_tzid(id);
      if (const auto it = m_vtimezones.find(id); !iana && it != m_vtimezones.end() && !it->second.empty())
        iana = iana_zone_for_tzid(it->second);
      if (!iana) {
        m_problems.add_at(where(uid), fmt::format("unknown TZID '{}'{}: use an IANA zone name", id,
                                                  m_vtimezones.count(id) ? " (its VTIMEZONE names no IANA zone)" : ""));
        return std::nullopt;
      }
      z.zone = util::find_zone(*iana);
      if (!z.zone) z.utc = true;
      return z;
    }
    if (icaltime_is_utc(t)) {
      z.utc = true;
      return z;
    }
    z.floating = true;
    return z;
  }

  static util::LocalSeconds local_of(const icaltimetype& t) {
    const date::year_month_day ymd{date::year{t.year}, date::month{static_cast<unsigned>(t.month)},
                                   date::day{static_cast<unsigned>(t.day)}};
    return util::make_local(ymd, std::chrono::seconds{t.hour * 3600 + t.minute * 60 + t.second});
  }

  static util::SysSeconds instant(const icaltimetype& t, const EventZone& z) {
    const auto local = local_of(t);
    if (z.utc || z.floating || !z.zone) return util::SysSeconds{local.time_since_epoch()};
    return util::local_to_utc(*z.zone, local).utc;
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

    // Occurrences as local times in the event's frame, keyed by occurrence id.
    std::vector<icaltimetype> starts;
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
        if (icaltime_is_utc(rule.until) && zone.zone && !rule.until.is_date) {
          const auto local = util::utc_to_local(
              *zone.zone,
              util::SysSeconds{
                  util::make_local(
                      date::year_month_day{date::year{rule.until.year},
                                           date::month{static_cast<unsigned>(rule.until.month)},
                                           date::day{static_cast<unsigned>(rule.until.day)}},
                      std::chrono::seconds{rule.until.hour * 3600 + rule.until.minute * 60 + rule.until.second})
                      .time_since_epoch()});
          const date::year_month_day d = util::local_date(local);
          const auto tod = util::local_time_of_day(local).count();
          rule.until.year = static_cast<int>(d.year());
          rule.until.month = static_cast<int>(static_cast<unsigned>(d.month()));
          rule.until.day = static_cast<int>(static_cast<unsigned>(d.day()));
          rule.until.hour = static_cast<int>(tod / 3600);
          rule.until.minute = static_cast<int>((tod / 60) % 60);
          rule.until.second = static_cast<int>(tod % 60);
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
        starts.push_back(t);
      }
      icalrecur_iterator_free(it);
    } else {
      starts.push_back(floating_start);
    }
    for (auto* p = rdate_prop; p; p = icalcomponent_get_next_property(ev, ICAL_RDATE_PROPERTY)) {
      const auto rd = icalproperty_get_rdate(p);
      icaltimetype t = rd.time;
      if (icaltime_is_null_time(t)) t = rd.period.start;
      if (t.is_date) {
        t.is_date = 0;
        t.hour = start.hour;
        t.minute = start.minute;
        t.second = start.second;
      }
      auto z = zone_of(p, t, uid);
      if (!z) continue;
      if (z->floating || (z->zone == zone.zone && z->utc == zone.utc)) {
        t.zone = nullptr;
        starts.push_back(t);
      } else {
        // An RDATE in another frame: bring it into the event's frame.
        const auto utc = instant(t, *z);
        util::LocalSeconds local{utc.time_since_epoch()};
        if (zone.zone) local = util::utc_to_local(*zone.zone, utc);
        const date::year_month_day d = util::local_date(local);
        const auto tod = util::local_time_of_day(local).count();
        icaltimetype c = floating_start;
        c.year = static_cast<int>(d.year());
        c.month = static_cast<int>(static_cast<unsigned>(d.month()));
        c.day = static_cast<int>(static_cast<unsigned>(d.day()));
        c.hour = static_cast<int>(tod / 3600);
        c.minute = static_cast<int>((tod / 60) % 60);
        c.second = static_cast<int>(tod % 60);
        starts.push_back(c);
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
    for (const auto& t : starts) {
      const auto id = occurrence_id(t, zone);
      const auto day = fmt::format("{:04}{:02}{:02}", t.year, t.month, t.day);
      if (excluded.count(id) || excluded.count(day) || !done.insert(id).second) continue;
      const auto o = by_rid.find(id);
      if (o != by_rid.end()) {
        read_override(o->second, uid, id, out);
        by_rid.erase(o);
        continue;
      }
      Entry e = base_entry(ev, uid);
      e.key = recurring ? uid + "#" + id : uid;
      set_start(e, t, zone);
      e.duration = duration;
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
  std::map<std::string, std::string> m_vtimezones; // TZID -> X-LIC-LOCATION ("" when none)
};

} // namespace

std::optional<std::string> iana_zone_for_tzid(const std::string& tzid) {
  const auto id = util::trim(tzid);
  if (id.empty()) return std::nullopt;
  if (util::zone_name_exists(id)) return id;
  // "/freeassociation.sourceforge.net/Tzfile/America/Vancouver", "/mozilla.org/.../Europe/London"
  for (std::size_t pos = id.find('/'); pos != std::string::npos; pos = id.find('/', pos + 1)) {
    const auto tail = id.substr(pos + 1);
    if (!tail.empty() && util::zone_name_exists(tail) && tail.find('/') != std::string::npos) return tail;
  }
  // Windows (Outlook/Exchange) names, also as "(UTC-08:00) Pacific Time (US & Canada)".
  static const std::vector<std::pair<std::string, std::string>> windows{
      {"pacific standard time", "America/Vancouver"},
      {"pacific time", "America/Vancouver"},
      {"mountain standard time", "America/Edmonton"},
      {"mountain time", "America/Edmonton"},
      {"us mountain standard time", "America/Phoenix"},
      {"canada central standard time", "America/Regina"},
      {"saskatchewan", "America/Regina"},
      {"central standard time", "America/Winnipeg"},
      {"central time", "America/Winnipeg"},
      {"eastern standard time", "America/Toronto"},
      {"eastern time", "America/Toronto"},
      {"atlantic standard time", "America/Halifax"},
      {"atlantic time", "America/Halifax"},
      {"newfoundland standard time", "America/St_Johns"},
      {"newfoundland", "America/St_Johns"},
      {"alaskan standard time", "America/Anchorage"},
      {"hawaiian standard time", "Pacific/Honolulu"},
      {"gmt standard time", "Europe/London"},
      {"dublin, edinburgh, lisbon, london", "Europe/London"},
      {"greenwich standard time", "Atlantic/Reykjavik"},
      {"w. europe standard time", "Europe/Berlin"},
      {"romance standard time", "Europe/Paris"},
      {"central europe standard time", "Europe/Budapest"},
      {"central european standard time", "Europe/Warsaw"},
      {"aus eastern standard time", "Australia/Sydney"},
      {"canberra, melbourne, sydney", "Australia/Sydney"},
      {"e. australia standard time", "Australia/Brisbane"},
      {"w. australia standard time", "Australia/Perth"},
      {"tokyo standard time", "Asia/Tokyo"},
      {"india standard time", "Asia/Kolkata"},
      {"coordinated universal time", "UTC"},
      {"utc", "UTC"},
  };
  const auto lower = util::ascii_lower(id);
  for (const auto& [name, iana] : windows)
    if (lower == name) return iana;
  for (const auto& [name, iana] : windows)
    if (name.size() > 4 && lower.find(name) != std::string::npos) return iana;
  return std::nullopt;
}

ScheduleFile parse_ics(std::string_view text, const std::string& file, util::Problems* sink) {
  return IcsReader(text, file, sink).read();
}

std::string key_from_uid(const std::string& uid, const std::string& recurrence_id, const std::string& series_code) {
  std::string key = uid;
  const std::string own = "." + series_code + "@echo";
  if (key.size() > own.size() && key.ends_with(own)) key.resize(key.size() - own.size());
  if (!recurrence_id.empty()) key += "#" + recurrence_id;
  return key;
}

} // namespace echo::schedule
