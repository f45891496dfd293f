#pragma once
// The write commands on participants: add, update, merge, alias add. Each takes the database and
// a request, runs one transaction with its rules and its audit row, and returns what happened;
// the command line only parses and renders.

#include "echo/db/database.hpp"
#include "echo/domain/participant.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::participant {

struct AddRequest {
  std::string name, email, profession, organization, region;
  bool rural = false;
  std::string actor;
};

// The participant an AddRequest describes (trimmed, email normalised). Errors: usage (empty
// name), data (not an email address). Needs no database: checks before anything is opened.
domain::Participant checked(const AddRequest& request);

// Adds a participant; returns it with its id. Errors as checked(), failure (email taken).
domain::Participant add(db::Database& db, const AddRequest& request);

struct UpdateRequest {
  std::string who; // email (or alias) or id
  std::optional<std::string> name, email, profession, organization, region;
  std::optional<bool> rural;
  std::string actor;
};

// Changes the given fields (an empty email removes it, an empty text field clears it); the audit
// entry names the fields changed. Errors: usage (empty name), data (bad email), failure (unknown
// participant, email taken).
void update(db::Database& db, const UpdateRequest& request);

struct MergeRequest {
  std::string from, into, actor, reason;
};

struct MergeResult {
  std::int64_t attendance_moved = 0, attendance_merged = 0, roles_moved = 0, cases_moved = 0;
};

// Merges FROM into INTO (attendance, roles and cases move; FROM's email and name become aliases).
// Errors: failure (unknown participant, the same participant twice).
MergeResult merge(db::Database& db, const MergeRequest& request);

struct AliasRequest {
  std::string who, alias, actor;
  std::vector<std::string> generic_names; // the hub's generic names ([attendance] generic_names)
};

struct AliasResult {
  bool added = false;
  bool email = false; // an email alias (the text has an @), else a name alias
  std::string value;  // trimmed
};

// The alias an AliasRequest adds, checked. Errors: usage (empty), data (bad email; a generic name
// such as "Call-in User_1" or "iPhone", which would credit the next caller to this person).
AliasResult checked(const AliasRequest& request);

// Adds an email or name alias; added is false when the participant already has it. Errors as
// checked(), failure (unknown participant, the email belongs to someone else).
AliasResult add_alias(db::Database& db, const AliasRequest& request);

struct RemoveRequest {
  std::string who;
  bool anonymise = false;
  std::string reason, actor;
};

struct RemoveResult {
  std::int64_t id = 0;
  bool anonymised = false;
  std::int64_t attendance_kept = 0;
};

// Removes a participant (a data-protection request, a test record). Refused (failure) while they
// have attendance, session roles or cases, unless anonymise: then the row stays without name,
// email, profession, organization or aliases, so every figure stays right. The history forgets
// their personal data and the log entry holds none; the removal cannot be undone.
RemoveResult remove(db::Database& db, const RemoveRequest& request);

struct Duplicate {
  domain::Participant a, b; // a.id < b.id
  std::string reason;       // "same name", "same name, different domain", "email matches name"
};

// Likely duplicate people, for `participant merge`: the same name (folded), the same name under
// two email domains, and a nameless participant (made from a schedule's presenter email) whose
// email's local part matches a named person ("a.lee@", "alee@", "alice.lee@" for Alice Lee).
std::vector<Duplicate> duplicates(db::Database& db);

} // namespace echo::participant
