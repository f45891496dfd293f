#pragma once
// The series and session operations the CLI runs: each write is one db.write transaction, each
// check happens before anything is written. Recurrence and file formats stay pure (recurrence.hpp,
// schedule_file.hpp); SQL stays in db/series_repo and db/session_repo.

#include "echo/db/database.hpp"
#include "echo/domain/series.hpp"
#include "echo/domain/session.hpp"
#include "echo/error.hpp"
#include "echo/schedule/schedule_file.hpp"
#include "echo/util/progress.hpp"

#include <optional>
#include <string>
#include <vector>

namespace echo::schedule {

// Competency codes as stored: trimmed, blanks dropped, sorted, each once.
std::vector<std::string> normalized_domains(std::vector<std::string> codes);
// The codes matched (ignoring case) against the configured ones (`known`, [[competencies]]),
// normalized, in their configured spelling. An unknown code is Error(exit) naming it and the
// known ones, prefixed with `where` ("file:line: ") when given.
std::vector<std::string> resolve_domains(const std::vector<std::string>& codes, const std::vector<std::string>& known,
                                         Exit exit, const std::string& where = "");

struct Defaults {
  std::string timezone = "UTC";
  int duration = 60;
  double credit_hours = 1.0;
};

// --- series ---------------------------------------------------------------------------------
// A new series from a [series] spec and defaults; Error(data) on an unknown zone or bad date,
// Error(usage) on an inconsistent rule.
domain::Series series_from_spec(const SeriesSpec& spec, const Defaults& defaults);
// Overlays the fields a spec sets onto a series (code excepted).
domain::Series overlay(domain::Series base, const SeriesSpec& spec);
// Checks a series before it is written: code, zone, rule, numbers.
void validate_series(const domain::Series& s);
// Creates the series (Error(failure) when the code exists).
domain::Series create_series(db::Database& db, const domain::Series& s, const std::string& actor);
// The series by code with its rule; Error(failure) (did-you-mean) when none.
domain::Series require_series(db::Database& db, const std::string& code);
// Every field that differs between two versions of a series, as "field old -> new".
std::vector<std::string> series_changes(const domain::Series& before, const domain::Series& after);

// A session re-placed in its series' new zone: same local date and time, a new instant.
struct Rezoned {
  domain::Session before;
  domain::Session after;
  std::string warning; // DST gap/overlap, "" when exact
  // "pc-2026/1 keeps 2026-01-13 12:00 local; start_utc A -> B"
  [[nodiscard]] std::string describe() const;
};
// The sessions of series `s` (as stored) placed in the zone `s` names now: each keeps its local
// date and time and gets the instant they mean there. Only those that change are listed.
std::vector<Rezoned> rezone_sessions(db::Database& db, const domain::Series& s);

struct SeriesUpdate {
  std::vector<std::string> changes;  // "field old -> new"
  std::vector<Rezoned> rezoned;      // sessions whose instant a new zone recomputed
  std::vector<std::string> warnings; // DST gap/overlap
};
// Writes a changed series. A changed time zone keeps the sessions' local dates and times and
// recomputes their UTC instants (listed in the result, never silently).
SeriesUpdate update_series(db::Database& db, const domain::Series& s, const std::string& actor);

// Archives the series; Error(failure) when it is already archived.
void archive_series(db::Database& db, const std::string& code, const std::string& actor);

struct ScheduleResult {
  std::vector<domain::Session> created; // in order (ids set unless dry run)
  int existing = 0;                     // dates that already had their session
  std::vector<domain::Session> moved;   // as they are now (ref as before); time or duration changed
  std::vector<domain::Session> removed; // as they were (ref as before)
  int past_skipped = 0;                 // rule dates before `now` without a session, not created
  std::vector<std::string> warnings;    // DST gap/overlap, one per session concerned; kept sessions
};
// Creates the sessions the series' rule implies that do not exist yet (key = local date): all of
// them when the series has no sessions yet (a series that already ran can be filled in), else
// only those still to come (after `now`), so that a rule changed mid-series leaves its history
// alone. Brings the sessions an earlier run created that are still to come (scheduled, no
// attendance) in line with a changed rule: a date still in the rule gets the rule's time and
// duration; a date no longer in it is removed, unless someone gave it a topic, presenters, a
// facilitator or a case (then it is kept, with a warning). Other sessions are never touched.
ScheduleResult schedule_series(db::Database& db, const std::string& code, bool dry_run,
                               util::SysSeconds now = util::now_utc());

// --- sessions -------------------------------------------------------------------------------
struct SessionInput {
  std::optional<std::string> key;
  std::optional<std::string> date;
  std::optional<std::string> time;
  std::optional<int> duration;
  std::optional<std::string> topic;
  std::optional<std::vector<std::string>> presenters; // emails (replace)
  std::optional<std::string> facilitator;             // email; "" removes
  std::optional<std::vector<std::string>> domains;    // competency codes (replace; empty clears)
  bool held = false;          // mark a past session held without attendees (no longer "unrecorded")
  bool allow_overlap = false; // keep it even at the start of another session of the series
};
struct SessionWrite {
  domain::Session session; // as stored, with its reference
  std::string warning;     // DST gap/overlap, "" when none
};
// Adds a session to a series (key default = local date).
SessionWrite add_session(db::Database& db, const std::string& series_code, const SessionInput& in);
// Changes what `in` sets on the session REF. `held` marks it held without attendees: refused
// (Error(failure)) for a cancelled session or one that has not started by `now`.
SessionWrite update_session(db::Database& db, const std::string& ref, const SessionInput& in, const std::string& actor,
                            util::SysSeconds now = util::now_utc());
// Marks the session cancelled (with reason); Error(failure) when it already is.
domain::Session cancel_session(db::Database& db, const std::string& ref, const std::string& reason,
                               const std::string& actor);
// Deletes the session; refused (Error(failure)) while it has attendance unless force.
domain::Session remove_session(db::Database& db, const std::string& ref, bool force, const std::string& actor);

// --- import / export ------------------------------------------------------------------------
struct ImportOptions {
  std::string path;                   // file name (also used in messages)
  std::optional<std::string> content; // the file's content when already read (standard input)
  std::string format;                 // "" = from the extension
  std::string series;                 // --series
  bool dry_run = false;
  bool prune = false;
  bool allow_overlap = false; // keep two sessions of one series at the same start
  std::string actor;
  Defaults defaults;
  std::vector<std::string> competencies; // the configured competency codes ([series] domains)
  util::ProgressCallback progress;       // told of the sessions applied of the file's (util/progress.hpp)
};
struct PlanLine {
  // insert | update | adopt | unchanged | cancel | rezone | create-series | update-series
  std::string action;
  std::string series;
  std::string key;
  std::string date;
  std::string time;
  std::string topic;
  std::string detail; // what changes
};
struct ImportResult {
  std::vector<PlanLine> plan;
  int inserted = 0;
  int updated = 0;
  int unchanged = 0;
  int cancelled = 0;
  int adopted = 0; // of `updated`: existing sessions an entry with a new key took over
  std::vector<std::string> warnings;
  [[nodiscard]] std::string summary() const;
};
// Reads, checks (every problem listed, Error(data)) and applies a schedule file in one
// transaction: plan_import then apply_import (import_plan.hpp); with dry_run the plan alone.
ImportResult import_schedule(db::Database& db, const ImportOptions& options);
// A dry run before the first import: the plan against a hub with nothing in it (no database is
// opened or created).
ImportResult plan_for_empty_hub(const ImportOptions& options);

// The sessions (of one series, or all) in a format session import reads back unchanged.
std::string export_schedule(db::Database& db, const std::optional<std::string>& series_code, const std::string& format,
                            util::SysSeconds now);

} // namespace echo::schedule
