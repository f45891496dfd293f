#include "echo/schedule/schedule_file.hpp"

#include "echo/error.hpp"
#include "echo/util/text.hpp"
#include "echo/version.hpp"

#include <date/tz.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace echo::schedule {

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos && (s.empty() || (s.front() != ' ' && s.back() != ' '))) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (c < 0x20 || c == 0x7f)
        out += fmt::format("\\u{:04X}", static_cast<unsigned>(c));
      else
        out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string toml_string_array(const std::vector<std::string>& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + toml_string(list[i]);
  return out + "]";
}

const domain::Series* series_of(const std::vector<domain::Series>& series, const domain::Session& s) {
  for (const auto& x : series)
    if (x.id == s.series_id || x.code == s.series_code) return &x;
  return nullptr;
}

std::string week_of_month_text(int w) { return w == -1 ? "\"last\"" : std::to_string(w); }

void write_series_toml(std::string& out, const domain::Series& s) {
  out += "[series]\n";
  out += "code = " + toml_string(s.code) + "\n";
  out += "title = " + toml_string(s.title) + "\n";
  if (!s.description.empty()) out += "description = " + toml_string(s.description) + "\n";
  out += "timezone = " + toml_string(s.timezone) + "\n";
  out += fmt::format("credit_hours = {}\n", s.credit_hours == static_cast<int>(s.credit_hours)
                                                ? fmt::format("{:.1f}", s.credit_hours)
                                                : fmt::format("{}", s.credit_hours));
  out += fmt::format("duration = {}\n", s.duration);
  const auto& r = s.rule;
  if (r.start_date) out += "start = " + *r.start_date + "\n";
  if (r.start_time) out += "time = " + *r.start_time + ":00\n";
  if (r.repeat) out += "repeat = " + toml_string(std::string(domain::name(*r.repeat))) + "\n";
  if (r.weekday) out += "weekday = " + toml_string(domain::weekday_name(*r.weekday)) + "\n";
  if (r.week_of_month) out += "week_of_month = " + week_of_month_text(*r.week_of_month) + "\n";
  if (r.count) out += fmt::format("count = {}\n", *r.count);
  if (r.until_date) out += "until = " + *r.until_date + "\n";
  if (!r.skip.empty()) {
    out += "skip = [";
    for (std::size_t i = 0; i < r.skip.size(); ++i) out += (i ? ", " : "") + r.skip[i];
    out += "]\n";
  }
  if (!s.domains.empty()) {
    out += "domains = [";
    for (std::size_t i = 0; i < s.domains.size(); ++i) out += (i ? ", " : "") + toml_string(s.domains[i]);
    out += "]\n";
  }
}

nlohmann::json series_json(const domain::Series& s) {
  nlohmann::json j{{"code", s.code},
                   {"title", s.title},
                   {"timezone", s.timezone},
                   {"credit_hours", s.credit_hours},
                   {"duration", s.duration}};
  if (!s.description.empty()) j["description"] = s.description;
  const auto& r = s.rule;
  if (r.start_date) j["start"] = *r.start_date;
  if (r.start_time) j["time"] = *r.start_time;
  if (r.repeat) j["repeat"] = std::string(domain::name(*r.repeat));
  if (r.weekday) j["weekday"] = domain::weekday_name(*r.weekday);
  if (r.week_of_month) {
    if (*r.week_of_month == -1)
      j["week_of_month"] = "last";
    else
      j["week_of_month"] = *r.week_of_month;
  }
  if (r.count) j["count"] = *r.count;
  if (r.until_date) j["until"] = *r.until_date;
  if (!r.skip.empty()) j["skip"] = r.skip;
  if (!s.domains.empty()) j["domains"] = s.domains;
  return j;
}

// ICS text value escaping (RFC 5545 3.3.11).
std::string ics_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '\\': out += "\\\\"; break;
    case ';': out += "\\;"; break;
    case ',': out += "\\,"; break;
    case '\n': out += "\\n"; break;
    case '\r': break;
    default: out += c;
    }
  }
  return out;
}

// Appends a content line folded at 75 octets (never inside a UTF-8 sequence), CRLF-terminated.
void line(std::string& out, const std::string& text) {
  std::size_t pos = 0;
  std::size_t limit = 75;
  while (text.size() - pos > limit) {
    std::size_t cut = pos + limit;
    while (cut > pos && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    out.append(text, pos, cut - pos);
    out += "\r\n ";
    pos = cut;
    limit = 74; // the leading space counts
  }
  out.append(text, pos, std::string::npos);
  out += "\r\n";
}

std::string ics_local(util::LocalSeconds t) {
  const date::year_month_day d = util::local_date(t);
  const auto tod = util::local_time_of_day(t).count();
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()), tod / 3600, (tod / 60) % 60, tod % 60);
}

std::string ics_utc(util::SysSeconds t) { return ics_local(util::LocalSeconds{t.time_since_epoch()}) + "Z"; }

std::string offset_text(std::chrono::seconds off) {
  const auto total = off.count();
  const auto a = total < 0 ? -total : total;
  return fmt::format("{}{:02}{:02}", total < 0 ? '-' : '+', a / 3600, (a / 60) % 60);
}

// A VTIMEZONE with one observance per transition in [first_year - 1, last_year + 1].
void write_vtimezone(std::string& out, const std::string& name, int first_year, int last_year) {
  const auto* zone = util::find_zone(name);
  if (!zone) throw Error(Exit::data, fmt::format("unknown time zone '{}'", name));
  const util::SysSeconds from{date::sys_days{date::year{first_year - 1} / date::January / 1}.time_since_epoch()};
  const util::SysSeconds to{date::sys_days{date::year{last_year + 2} / date::January / 1}.time_since_epoch()};
  line(out, "BEGIN:VTIMEZONE");
  line(out, "TZID:" + name);
  auto info = zone->get_info(from);
  auto observance = [&](bool daylight, util::LocalSeconds start, std::chrono::seconds off_from,
                        std::chrono::seconds off_to, const std::string& abbrev) {
    line(out, daylight ? "BEGIN:DAYLIGHT" : "BEGIN:STANDARD");
    line(out, "DTSTART:" + ics_local(start));
    line(out, "TZOFFSETFROM:" + offset_text(off_from));
    line(out, "TZOFFSETTO:" + offset_text(off_to));
    line(out, "TZNAME:" + abbrev);
    line(out, daylight ? "END:DAYLIGHT" : "END:STANDARD");
  };
  observance(info.save != std::chrono::minutes{0}, util::LocalSeconds{from.time_since_epoch()} + info.offset,
             info.offset, info.offset, info.abbrev);
  int guard = 0;
  while (info.end < to && ++guard < 100) {
    const util::SysSeconds at = std::chrono::time_point_cast<std::chrono::seconds>(info.end);
    const auto next = zone->get_info(at);
    observance(next.save != std::chrono::minutes{0}, util::LocalSeconds{at.time_since_epoch()} + info.offset,
               info.offset, next.offset, next.abbrev);
    info = next;
  }
  line(out, "END:VTIMEZONE");
}

} // namespace

std::optional<std::string> format_from_extension(const std::string& path) {
  const auto dot = path.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  const auto ext = util::ascii_lower(path.substr(dot + 1));
  if (ext == "toml" || ext == "csv" || ext == "json") return ext;
  if (ext == "ics" || ext == "ical" || ext == "ifb" || ext == "icalendar") return std::string("ics");
  return std::nullopt;
}

ScheduleFile parse_schedule(std::string_view text, const std::string& file, const std::string& format,
                            util::Problems* sink) {
  if (format == "toml") return parse_toml(text, file, sink);
  if (format == "csv") return parse_csv(text, file, sink);
  if (format == "json") return parse_json(text, file, sink);
  if (format == "ics") return parse_ics(text, file, sink);
  throw Error(Exit::usage, fmt::format("unknown schedule format '{}': use toml, csv, ics or json", format));
}

std::string write_csv(const std::vector<domain::Session>& sessions) {
  std::string out = "series,key,date,time,duration,topic,presenters,facilitator,status\n";
  for (const auto& s : sessions) {
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", csv_field(s.series_code), csv_field(s.key), s.local_date,
                       s.local_time, s.duration, csv_field(s.topic), csv_field(util::join(s.presenters, ";")),
                       csv_field(s.facilitator.value_or("")), domain::name(s.status));
  }
  return out;
}

std::string write_toml(const std::vector<domain::Series>& series, const std::vector<domain::Session>& sessions) {
  std::string out = "# echo schedule export\n";
  const bool one = series.size() == 1;
  if (one) write_series_toml(out, series.front());
  for (const auto& s : sessions) {
    out += "\n[[session]]\n";
    if (!one) out += "series = " + toml_string(s.series_code) + "\n";
    out += "key = " + toml_string(s.key) + "\n";
    out += "date = " + s.local_date + "\n";
    out += "time = " + s.local_time + ":00\n";
    out += fmt::format("duration = {}\n", s.duration);
    out += "topic = " + toml_string(s.topic) + "\n";
    out += "presenters = " + toml_string_array(s.presenters) + "\n";
    if (s.facilitator) out += "facilitator = " + toml_string(*s.facilitator) + "\n";
    if (!s.domains.empty()) out += "domains = " + toml_string_array(s.domains) + "\n";
    if (s.status == domain::SessionStatus::cancelled) out += "status = \"cancelled\"\n";
  }
  return out;
}

std::string write_json(const std::vector<domain::Series>& series, const std::vector<domain::Session>& sessions) {
  nlohmann::json doc = nlohmann::json::object();
  if (series.size() == 1) doc["series"] = series_json(series.front());
  auto list = nlohmann::json::array();
  for (const auto& s : sessions) {
    nlohmann::json j{
        {"series", s.series_code},    {"key", s.key},           {"date", s.local_date},
        {"time", s.local_time},       {"duration", s.duration}, {"topic", s.topic},
        {"presenters", s.presenters}, {"facilitator", nullptr}, {"status", std::string(domain::name(s.status))}};
    if (s.facilitator) j["facilitator"] = *s.facilitator;
    if (!s.domains.empty()) j["domains"] = s.domains;
    list.push_back(std::move(j));
  }
  doc["sessions"] = std::move(list);
  return doc.dump(2) + "\n";
}

std::string ics_uid(const domain::Session& s) {
  if (s.origin == "ics") return s.key;
  return s.key + "." + s.series_code + "@echo";
}

std::string write_ics(const std::vector<domain::Series>& series, const std::vector<domain::Session>& sessions,
                      util::SysSeconds stamp) {
  std::string out;
  line(out, "BEGIN:VCALENDAR");
  line(out, "VERSION:2.0");
  line(out, std::string("PRODID:-//Project ECHO//echo ") + echo::version() + "//EN");
  line(out, "CALSCALE:GREGORIAN");
  line(out, "METHOD:PUBLISH");
  if (series.size() == 1) line(out, "X-WR-CALNAME:" + ics_text(series.front().title));
  // Years each zone is used in.
  std::map<std::string, std::pair<int, int>> zones;
  for (const auto& s : sessions) {
    const auto* sr = series_of(series, s);
    if (!sr) continue;
    const int y = std::stoi(s.local_date.substr(0, 4));
    auto [it, added] = zones.emplace(sr->timezone, std::make_pair(y, y));
    if (!added) {
      it->second.first = std::min(it->second.first, y);
      it->second.second = std::max(it->second.second, y);
    }
  }
  for (const auto& [name, years] : zones)
    if (name != "UTC" && name != "Etc/UTC") write_vtimezone(out, name, years.first, years.second);
  const auto dtstamp = ics_utc(stamp);
  for (const auto& s : sessions) {
    const auto* sr = series_of(series, s);
    if (!sr) continue;
    const auto* zone = util::find_zone(sr->timezone);
    const auto start = util::parse_utc(s.start_utc);
    if (!zone || !start) continue;
    const auto end = *start + std::chrono::minutes{s.duration};
    const bool utc = sr->timezone == "UTC" || sr->timezone == "Etc/UTC";
    line(out, "BEGIN:VEVENT");
    line(out, "UID:" + ics_uid(s));
    line(out, "DTSTAMP:" + dtstamp);
    if (utc) {
      line(out, "DTSTART:" + ics_utc(*start));
      line(out, "DTEND:" + ics_utc(end));
    } else {
      // A wall-clock time in a fall-back overlap names two instants and a reader takes the earlier
      // one: an instant that is not the earlier one is written in UTC, and an end that is not is
      // written as a DURATION (else a 01:30 session of 60 minutes would end at "01:30" too).
      const auto local_start = util::utc_to_local(*zone, *start);
      if (util::local_to_utc(*zone, local_start).utc == *start)
        line(out, "DTSTART;TZID=" + sr->timezone + ":" + ics_local(local_start));
      else
        line(out, "DTSTART:" + ics_utc(*start));
      const auto local_end = util::utc_to_local(*zone, end);
      if (util::local_to_utc(*zone, local_end).utc == end)
        line(out, "DTEND;TZID=" + sr->timezone + ":" + ics_local(local_end));
      else
        line(out, fmt::format("DURATION:PT{}M", s.duration));
    }
    if (!s.topic.empty()) line(out, "SUMMARY:" + ics_text(s.topic));
    std::string description = sr->title;
    if (!s.presenters.empty()) description += "\nPresenters: " + util::join(s.presenters, ", ");
    if (s.facilitator) description += "\nFacilitator: " + *s.facilitator;
    line(out, "DESCRIPTION:" + ics_text(description));
    line(out, "CATEGORIES:" + ics_text(sr->code));
    line(out, s.status == domain::SessionStatus::cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
    line(out, "END:VEVENT");
  }
  line(out, "END:VCALENDAR");
  return out;
}

} // namespace echo::schedule
