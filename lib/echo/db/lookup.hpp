#pragma once
// Resolving the references the command line uses (series code, CODE/N, participant email or id)
// and the few writes every module shares (participants by email, the audit log).

#include "echo/db/database.hpp"
#include "echo/domain/session.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace echo::db {

struct SeriesRef {
  std::int64_t id = 0;
  std::string code;
  std::string timezone;
};

struct SessionRef {
  std::int64_t id = 0;
  std::int64_t series_id = 0;
  std::string series_code;
  int position = 0; // N of CODE/N: session.number, given once at creation, never reused
  [[nodiscard]] std::string ref() const { return domain::session_ref(series_code, position); }
};

// Series by code; Error(failure) "no series 'x'" with a did-you-mean when close.
SeriesRef find_series(Database& db, const std::string& code);
// Session by "CODE/N" or numeric id; Error(failure) when none, Error(usage) when malformed.
SessionRef find_session(Database& db, const std::string& ref);
// Session by id (must exist).
SessionRef session_by_id(Database& db, std::int64_t id);
// Participant by email (or email alias), case-insensitive, or numeric id; Error(failure) when
// none.
std::int64_t find_participant(Database& db, const std::string& ref);
// The participant whose email, or email alias, is ?1 (normalised): one id or no row.
extern const char* const k_participant_by_email;
// Participant id for an email (or email alias), nullopt when unknown.
std::optional<std::int64_t> participant_by_email(Database& db, const std::string& email);
// The participant with this email, created with just the email (and name, when given) when
// unknown; a known participant without a name gets the given one. Error(data) when the text
// is not an email address.
std::int64_t ensure_participant(Database& db, const std::string& email, const std::string& name = "");

// Appends to the audit log of manual changes.
void audit(Database& db, const std::string& actor, const std::string& action, const std::string& entity,
           std::optional<std::int64_t> entity_id, const std::string& reason, const std::string& details_json = "{}");

} // namespace echo::db
