#pragma once
// Registrations: `registration import` (Zoom registration reports, webinar attendee reports and
// the generic CSV), `registration remove`, and the registrations a webinar attendee report's
// rows carry into `attendance import`. Each write is one transaction with its audit entry.

#include "echo/db/database.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace echo::registration {

struct ImportRequest {
  std::filesystem::path file;
  std::string session_ref; // --session: every registrant of a Zoom report registers for this session
  std::string series_code; // --series: ... for this series (cohort enrolment)
  std::string timezone;    // zone of the file's local times (registration and scheduled times)
  std::string date_order;  // "mdy", "dmy", or empty: decided from the file (N/N/YYYY dates)
  bool create_missing = false;
  bool dry_run = false;
  std::string actor;
  std::vector<std::string> generic_names; // the hub's additions to the built-in generic names
};

struct ImportResult {
  std::string layout;   // "zoom-registration" or "csv"
  std::string encoding; // what the file was read as
  char delimiter = ',';
  bool dry_run = false;
  std::vector<std::string> targets;   // the sessions (CODE/N) and series (CODE) registered for, in file order
  std::int64_t rows = 0;              // registrant rows read
  std::int64_t registered = 0;        // registrations added
  std::int64_t already = 0;           // rows whose registration was there already
  std::int64_t declined = 0;          // denied or cancelled rows: not registrations
  std::int64_t matched = 0;           // distinct existing participants
  std::int64_t created = 0;           // distinct participants created
  std::int64_t filled = 0;            // participants whose empty profession, organization or region was filled
  std::vector<std::string> unmatched; // names without email that matched nobody (not recorded)
};

// Imports the file in one transaction, or nothing. Errors: no_input (file missing), usage
// (--session and --series together; either with the generic CSV; a Zoom report with neither and
// no scheduled time), data (bad rows, listed as file:line: reason; unknown time zone; a file that
// mixes date orders), failure (unknown --session/--series, or no session at the report's scheduled
// time).
ImportResult import_registrations(db::Database& db, const ImportRequest& request);

// "pc-2026/3: 14 rows, 12 registered, 1 already registered, 1 declined; 10 matched, 2 created,
// 3 filled, 0 unmatched"
std::string format_result(const ImportResult& result);

struct RemoveRequest {
  std::string session_ref; // exactly one of session_ref and series_code
  std::string series_code;
  std::string participant; // email or id
  std::string reason, actor;
};

// Removes one registration (audited; `echo undo` restores it). Errors: usage (neither or both
// targets), failure (unknown session, series or participant; no such registration).
std::string remove(db::Database& db, const RemoveRequest& request);

// For `attendance import` of a webinar attendee report: registers each (session, participant)
// (source "webinar"); returns how many were new. Runs inside the import's transaction.
std::int64_t record_webinar_registrants(db::Database& db,
                                        const std::vector<std::pair<std::int64_t, std::int64_t>>& rows,
                                        const std::string& file_name);

} // namespace echo::registration
