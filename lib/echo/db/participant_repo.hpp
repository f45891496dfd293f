#pragma once
// Participants and their aliases: lookups by email and folded name, inserts, updates, listing,
// and merging two records of one person.

#include "echo/db/database.hpp"
#include "echo/domain/participant.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace echo::db {

struct MergeCounts {
  std::int64_t attendance_moved = 0;
  std::int64_t attendance_merged = 0; // both attended: one row kept
  std::int64_t roles_moved = 0;
  std::int64_t cases_moved = 0;
  std::int64_t aliases_added = 0;
};

class ParticipantRepo {
public:
  // Registers the SQL function echo_name_key(text) on the connection.
  explicit ParticipantRepo(Database& db);

  // Id for an email or email alias (case-insensitive), nullopt when unknown.
  // unnamed (when given) is set to whether the participant has no name yet.
  std::optional<std::int64_t> by_email(const std::string& email, bool* unnamed = nullptr);
  // Every email and email alias with its participant's id and whether they have no name yet:
  // what by_email() answers, read in one pass for an import that asks more often than that pass
  // costs. Participants' own emails come first (by_email() prefers them to an alias).
  // fn(const std::string& key, std::int64_t id, bool unnamed); key is a buffer reused for every row.
  template <typename Fn> void each_email(Fn&& fn) {
    using F = std::remove_reference_t<Fn>;
    each_email_raw(
        [](void* f, const std::string& key, std::int64_t id, bool unnamed) { (*static_cast<F*>(f))(key, id, unnamed); },
        const_cast<void*>(static_cast<const void*>(&fn)));
  }
  // The highest participant id, 0 when none: a bound on how many there are, read from the end of
  // the table.
  std::int64_t max_id();
  // Gives a participant known only by email (created as a presenter or facilitator of a
  // schedule) the name an import found for them; a name already there is kept.
  void name_if_unnamed(std::int64_t id, const std::string& name);
  // Ids whose name or name alias folds to `key` (util::name_key), lowest first.
  std::vector<std::int64_t> by_name_key(const std::string& key);
  // The participant, nullopt when there is no such id.
  std::optional<domain::Participant> get(std::int64_t id);
  // Inserts (name_key computed, email lowercased); returns the id.
  std::int64_t insert(const domain::Participant& p);
  // Writes every field of p (by p.id).
  void update(const domain::Participant& p);
  // Everyone, ordered by name; `search` (when not empty) matches the folded name, the email or
  // the folded organization as a substring.
  std::vector<domain::Participant> list(const std::string& search);
  std::vector<domain::ParticipantAlias> aliases(std::int64_t id);
  // Adds an alias ("email" or "name"); false when this participant already has it.
  // Error(failure) when the email belongs to another participant (as email or alias).
  bool add_alias(std::int64_t id, const std::string& kind, const std::string& value);
  // Moves attendance, session roles, case presentations, aliases and resolved unmatched rows
  // of `from` to `into`, keeps from's email and name as aliases of into, fills into's empty
  // fields from from's, then deletes `from`. When both attended a session, one row is kept:
  // intervals moved over, minutes the larger of the two (the union is recomputed by the
  // caller when intervals exist), the stronger role, source of into's row.
  MergeCounts merge(std::int64_t from, std::int64_t into);

  struct Dependents {
    std::int64_t attendance = 0, roles = 0, cases = 0;
  };
  // What refers to the participant: attendance rows, session roles, case presentations.
  Dependents dependents(std::int64_t id);
  // Removes what names the person (name, email, profession, organization, aliases, names of
  // imported rows resolved to them) and keeps the row, its region and rural flag, for figures.
  void anonymise(std::int64_t id);
  // Deletes the participant, their aliases and imported rows resolved to them. The caller checks
  // dependents() first.
  void remove(std::int64_t id);

private:
  // each_email without a std::function: a plain callback and its context (5,000 calls a pass).
  void each_email_raw(void (*fn)(void*, const std::string&, std::int64_t, bool), void* context);
  Database& m_db;
  std::optional<SQLite::Statement> m_by_email;
  std::optional<SQLite::Statement> m_name_if_unnamed;
  std::optional<SQLite::Statement> m_by_name_key;
  // Prepared once per repository too: a participant import gets, inserts or updates each row.
  std::optional<SQLite::Statement> m_get;
  std::optional<SQLite::Statement> m_insert;
  std::optional<SQLite::Statement> m_update;
};

} // namespace echo::db
