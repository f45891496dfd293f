#pragma once
// `evaluation import`: reads a survey export (REDCap, Qualtrics, Microsoft Forms, Google Forms or
// any CSV with one header row) with a mapping file, scores every answer, links respondents to
// participants by email, and records the responses for one session or series in one
// transaction, or nothing.

#include "echo/db/database.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace echo::evaluation {

struct ImportRequest {
  std::filesystem::path file;
  std::filesystem::path map; // empty: refused with the file's columns listed (usage)
  std::string session_ref;   // --session CODE/N or id
  std::string series_code;   // --series CODE (exactly one of the two)
  bool anonymise = false;    // keep only the profession of matched respondents: no link, no email
  bool dry_run = false;
  std::string actor;
};

struct ImportResult {
  std::string scope;    // CODE/N or the series' code
  std::string layout;   // redcap, qualtrics, msforms, googleforms, csv
  std::string encoding; // what the file was read as
  char delimiter = ',';
  std::int64_t responses = 0;
  std::int64_t linked = 0;         // responses linked to a participant (0 with --anonymise)
  std::int64_t matched = 0;        // responses whose email matched a participant
  std::int64_t unknown_emails = 0; // responses with an email no participant has
  std::int64_t anonymous = 0;      // responses without an email (or no email column)
  std::size_t items = 0;
  bool replaced = false; // an earlier import of the same file for the same scope was replaced
  bool dry_run = false;
  std::vector<std::string> warnings;
};

// The layout a header row shows: "redcap", "qualtrics", "msforms", "googleforms" or "csv".
std::string detect_layout(const std::vector<std::string>& header);

// The request's own checks, before any database is opened: usage (neither or both of session
// and series; no map: the file's columns are listed), no_input and data (the map file).
void check(const ImportRequest& request);

// Imports. Errors: usage (no map: the file's columns listed; neither or both of session and
// series), no_input (file or map missing), data (every problem at file:line: the map's unknown
// keys and values, its columns missing from the file, answers outside an item's labels, rows
// longer than the header), failure (unknown session or series).
ImportResult import_evaluation(db::Database& db, const ImportRequest& request);

// "pc-2026/3: 6 responses (4 linked, 1 unknown email, 1 anonymous), 5 items from FILE"
std::string format_summary(const ImportResult& r, const std::string& file);

} // namespace echo::evaluation
