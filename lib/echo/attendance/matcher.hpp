#pragma once
// Who a row of an attendance (or registration) file is, and which session a time falls in:
// the matching rules, pure over a Directory.
//
// A person is found by email (email aliases too; an unknown email creates a participant), then
// by display name, then by original name ("Display (Original)"), each folded (util::name_key)
// and looked up among names and name aliases. A name several people share is left unmatched;
// a generic name ("Call-in User_1", "iPhone") is never matched nor created. With
// create_missing, a named row nobody has is a new participant.

#include "echo/attendance/directory.hpp"
#include "echo/util/time.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace echo::attendance {

// What a row says of its person.
// Views of a row's text (valid while match() runs: the matcher keeps copies of what it remembers).
struct Who {
  std::string_view email;    // lowercased; empty when none
  std::string_view name;     // display name
  std::string_view original; // the name in parentheses of "Display (Original)"; empty when none
};

// A hash that finds std::string keys by a string_view (no copy per lookup).
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
};

// A participant the matcher decided to create: its id in a plan is -(index + 1).
struct NewParticipant {
  std::string name;
  std::string email; // empty: none
};

// A participant known only by email who gets the row's name.
struct Naming {
  std::int64_t id = 0;
  std::string name;
};

struct PersonMatch {
  std::optional<std::int64_t> id; // negative: a NewParticipant (-1 is the first); nullopt: unmatched
  bool created = false;           // this match created it
};

struct MatchOptions {
  bool create_missing = false;
  std::vector<std::string> generic_names; // the hub's additions to the built-in generic names
};

// Index of a NewParticipant by its planned id, and back.
inline std::int64_t new_participant_id(std::size_t index) { return -static_cast<std::int64_t>(index) - 1; }
inline std::size_t new_participant_index(std::int64_t id) { return static_cast<std::size_t>(-(id + 1)); }

class Matcher {
public:
  Matcher(Directory& directory, MatchOptions options);

  // The person of a row. Remembers its answers (an email or name is looked up once), and the
  // participants it creates and names, so that later rows find them as the database would.
  PersonMatch match(const Who& who);

  const std::vector<NewParticipant>& created() const { return m_created; }
  const std::vector<Naming>& namings() const { return m_namings; }

private:
  std::vector<std::int64_t> lookup_name(const std::string& key);

  Directory& m_directory;
  MatchOptions m_options;
  std::vector<NewParticipant> m_created;
  std::vector<Naming> m_namings;
  std::unordered_map<std::string, PersonMatch, TextHash, std::equal_to<>> m_by_email;
  std::unordered_map<std::string, PersonMatch> m_by_name;
  // Names the database does not hold yet: those of created and named participants.
  std::unordered_map<std::string, std::vector<std::int64_t>> m_new_names;
  std::unordered_map<std::string, std::int64_t> m_new_emails;
};

// Whether a row is the meeting's host: by email when both sides have one, otherwise by name
// (display or original). host_email lowercased; both empty: nobody is.
bool is_host(const Who& who, const std::string& host_email, const std::string& host_name);

// How long before a session's start a meeting may begin and still be that session.
inline constexpr std::chrono::minutes k_window_before{60};

// The sessions running at `start`: from 60 minutes before a session starts to its end, both
// inclusive; of one series when series_id is given, only session `only` when given.
std::vector<db::SessionTime> sessions_at(Directory& directory, util::SysSeconds start,
                                         std::optional<std::int64_t> series_id,
                                         std::optional<std::int64_t> only = std::nullopt);

} // namespace echo::attendance
