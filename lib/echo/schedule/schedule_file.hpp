#pragma once
// Schedule files (TOML, CSV, JSON, ICS) read into one model and written back from sessions.
// Pure: no database. Parsers list every bad row or event (util::Problems) and throw Error(data).

#include "echo/domain/series.hpp"
#include "echo/domain/session.hpp"
#include "echo/util/time.hpp"

#include "echo/util/problems.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace echo::schedule {

// Upper bound on a series' credit hours per attended session (as for proposal files).
inline constexpr double k_max_credit_hours = 100.0;

// The [series] table of a TOML schedule (also `series create --file`, and JSON's "series").
struct SeriesSpec {
  std::string code;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> timezone;
  std::optional<double> credit_hours;
  std::optional<int> duration;
  domain::Recurrence rule; // only the fields the file sets
  bool has_skip = false;
  std::optional<std::vector<std::string>> domains; // competency codes (replace); nullopt: not said
  std::string domains_where;                       // file:line of `domains`, for messages
};

// One session as a file describes it.
struct Entry {
  std::string where;  // "file:line" (or "file: UID x") for messages
  std::string series; // series code named by the row, "" when none
  std::string key;    // "" -> the local date
  // Either a local date (and optional time) in the series' zone, or an absolute instant (ICS).
  std::optional<std::string> date;
  std::optional<std::string> time;
  std::optional<util::SysSeconds> utc;
  std::optional<int> duration; // minutes
  std::string topic;
  std::optional<std::vector<std::string>> presenters; // emails; nullopt: the file does not say
  std::optional<std::string> facilitator;             // email; nullopt: the file does not say
  std::optional<std::vector<std::string>> domains;    // competency codes; nullopt: the file does not say
  bool cancelled = false;
};

struct ScheduleFile {
  std::string format; // toml | csv | json | ics
  std::optional<SeriesSpec> series;
  std::vector<Entry> sessions;
  std::vector<std::string> warnings; // things the reader decided that the user should know
};

// Format from a name's extension (.toml .csv .json .ics/.ical); nullopt when unknown.
std::optional<std::string> format_from_extension(const std::string& path);

// The readers throw Error(data) listing every problem. With a `sink`, problems with sessions
// (bad values, unknown keys) go there instead and the good sessions are returned, so that the
// caller can add its own (a series that does not exist) and list them all at once; a file that
// cannot be read at all (a syntax error, no header) still throws.
ScheduleFile parse_toml(std::string_view text, const std::string& file, util::Problems* sink = nullptr);
ScheduleFile parse_csv(std::string_view text, const std::string& file, util::Problems* sink = nullptr);
ScheduleFile parse_json(std::string_view text, const std::string& file, util::Problems* sink = nullptr);
// ICS through libical: VEVENTs with RRULE/RDATE/EXDATE expanded, RECURRENCE-ID overrides applied,
// DTSTART;TZID (IANA, a Windows id, or the file's own VTIMEZONE) resolved to UTC instants, all-day
// events skipped with a warning. Nesting over 64 levels and lines over 1 MB are refused first.
ScheduleFile parse_ics(std::string_view text, const std::string& file, util::Problems* sink = nullptr);
// Dispatches on format.
ScheduleFile parse_schedule(std::string_view text, const std::string& file, const std::string& format,
                            util::Problems* sink = nullptr);
// Only the [series] table of a TOML file (series create --file); Error(data) listing problems.
SeriesSpec parse_series_toml(std::string_view text, const std::string& file);

// An IANA zone name for a TZID as calendar programs write it: an IANA name, also after a prefix
// ("/freeassociation.sourceforge.net/America/Vancouver"), or a Windows zone id by its exact name
// through CLDR's windowsZones table ("SA Pacific Standard Time" -> America/Bogota); nullopt when none.
std::optional<std::string> iana_zone_for_tzid(const std::string& tzid);

// Writers: the same formats, read back unchanged by the parsers. `series` are the series the
// sessions belong to (one for TOML/JSON with a [series] table; CSV names the series per row).
std::string write_csv(const std::vector<domain::Session>& sessions);
std::string write_toml(const std::vector<domain::Series>& series, const std::vector<domain::Session>& sessions);
std::string write_json(const std::vector<domain::Series>& series, const std::vector<domain::Session>& sessions);
// RFC 5545: CRLF, lines folded at 75 octets, a VTIMEZONE per zone used, DTSTAMP = `stamp`.
std::string write_ics(const std::vector<domain::Series>& series, const std::vector<domain::Session>& sessions,
                      util::SysSeconds stamp);
// The UID of a session in an ICS export: an imported UID is kept, else "<key>.<series>@echo".
std::string ics_uid(const domain::Session& s);
// The session key an ICS UID stands for (strips "<series>@echo" from our own UIDs).
std::string key_from_uid(const std::string& uid, const std::string& recurrence_id, const std::string& series_code);

} // namespace echo::schedule
