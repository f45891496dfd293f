#pragma once
// `attendance import`: reads a Zoom export or generic attendance CSV, finds the session,
// matches people, and records attendance in one transaction, or nothing.
//
// In two steps: plan() reads the file's rows against a Directory (the hub, read-only) and says
// what the import would write and the figures it would leave; apply() writes a plan. A dry run
// is a plan not applied.

#include "echo/attendance/directory.hpp"
#include "echo/attendance/intervals.hpp"
#include "echo/attendance/matcher.hpp"
#include "echo/db/database.hpp"
#include "echo/db/lookup.hpp"
#include "echo/util/progress.hpp"

#include <date/tz.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace echo::attendance {

struct ImportOptions {
  std::filesystem::path file;
  std::string session_ref; // --session; empty: found from the meeting's start
  std::string series_code; // --series; empty: any series
  std::string source;      // "zoom", "csv" or empty (detected from the header)
  std::string timezone;    // zone of the file's local times
  std::string date_order;  // "mdy", "dmy", or empty: decided from the file (N/N/YYYY dates)
  bool create_missing = false;
  bool dry_run = false;
  bool replace = false;
  std::string actor;
  int min_minutes = 45;
  std::vector<std::string> generic_names; // the hub's additions to the built-in generic names
  util::ProgressCallback progress;        // told of the rows read and bytes of the file (see util/progress.hpp)
};

struct SessionSummary {
  std::int64_t session_id = 0;
  std::string ref;             // CODE/N
  std::int64_t rows = 0;       // person rows read (waiting-room and not-attended rows included)
  std::int64_t matched = 0;    // distinct existing participants matched
  std::int64_t created = 0;    // distinct participants created
  std::int64_t unmatched = 0;  // distinct names left unmatched
  std::int64_t eligible = 0;   // the session's participant-role rows at or above min minutes, after the import
  std::int64_t registered = 0; // webinar attendee report: registrations it added (Attended = No rows included)
  bool unchanged = false;      // this file was imported for the session before: nothing done
  std::string previous;        // "FILE at TIME" of that earlier import
};

// The whole import, each person counted once however many sessions they are in.
struct ImportTotals {
  std::int64_t sessions = 0;  // sessions with rows (the summaries, unchanged ones left out)
  std::int64_t rows = 0;      // person rows read, of every session
  std::int64_t matched = 0;   // distinct existing participants matched
  std::int64_t created = 0;   // distinct participants created
  std::int64_t unmatched = 0; // distinct names left unmatched
};

struct ImportResult {
  std::string layout;
  std::string encoding; // "UTF-8", "Windows-1252", "UTF-16LE" or "UTF-16BE": what the file was read as
  char delimiter = ','; // the separator sniffed from the file
  bool dry_run = false;
  std::vector<SessionSummary> sessions;
  ImportTotals totals;
};

// One ledger row of the import: one per session for a meeting export, one for a generic CSV.
struct PlannedImport {
  std::optional<std::int64_t> series_id;
  std::optional<std::int64_t> session_id;
  std::string meeting_id; // a Zoom meeting's ID (digits only) and start (UTC); empty when none
  std::string meeting_start_utc;
  std::int64_t rows = 0; // person rows read for it
};

// One row to record: an interval or a number of minutes of a participant at a session.
struct PlannedAttendance {
  std::int64_t session_id = 0;
  std::int64_t participant_id = 0; // negative: Plan::people[new_participant_index(id)]
  domain::Role role = domain::Role::participant;
  std::size_t import = 0; // in Plan::imports
  std::optional<Interval> interval;
  std::optional<std::int64_t> minutes;
};

// A name nobody matched, listed for `attendance unmatched`.
struct PlannedUnmatched {
  std::int64_t session_id = 0;
  std::optional<std::size_t> import; // in Plan::imports
  std::string name;
  std::string key;
  domain::Role role = domain::Role::participant;
  std::int64_t minutes = 0;
  std::string intervals_json;
  std::int64_t line = 0;
};

struct Plan {
  ImportResult result;    // the summaries the import prints (the eligible counts as they will be)
  bool unchanged = false; // the file was imported before: nothing to write
  std::string kind;       // "attendance:zoom", ...
  domain::Source source = domain::Source::csv;
  std::string hash, file_name, actor;
  std::vector<PlannedImport> imports;
  std::vector<std::pair<std::int64_t, std::size_t>> clears; // --replace: session, the import it keeps
  std::vector<NewParticipant> people;                       // to create, in this order
  std::vector<Naming> namings;                              // participants known by email only, named
  std::vector<PlannedAttendance> rows;                      // in the file's order
  std::vector<PlannedUnmatched> unmatched;
  std::vector<std::pair<std::int64_t, std::int64_t>> registrants; // webinar: (session, participant as in rows)
};

// Reads the file and plans it against the directory; writes nothing. session/series: the
// resolved --session and --series. Errors as import_attendance.
Plan plan(Directory& directory, const ImportOptions& options, const date::time_zone& zone, const std::string& hash,
          const std::optional<db::SessionRef>& session, const std::optional<db::SeriesRef>& series);
// Writes a plan (to be called inside a write transaction, the one the plan was read in).
// Returns, per session, the registrations a webinar attendee report added.
std::map<std::int64_t, std::int64_t> apply(db::Database& db, const Plan& plan);

// Imports the file. Errors: no_input (file missing), data (bad rows, listed as file:line:
// reason; unknown time zone), failure (no session or several match the meeting's start;
// unknown --session/--series), usage (a participants-only file without --session).
ImportResult import_attendance(db::Database& db, const ImportOptions& options);

// "pc-2026/3: 42 rows, 30 matched, 5 created, 2 unmatched, 33 eligible"
std::string format_summary(const SessionSummary& s);
// "7 sessions, 2,000 rows, 1,950 matched, 50 created, 12 unmatched"
std::string format_totals(const ImportTotals& t);

} // namespace echo::attendance
