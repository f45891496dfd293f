#pragma once
// Plain data of a proposal for a new series: what was submitted, its team, its review scores
// and the history of its status changes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::domain {

struct TeamMember {
  std::string name;
  std::string email; // empty when not given
  std::string role;  // empty when not given
};

// What a submission carries (from a TOML file and/or command-line flags), before it is stored.
struct ProposalDraft {
  std::string title;
  std::string summary;
  std::vector<std::string> audience;
  std::vector<std::string> objectives;
  std::optional<int> sessions;
  std::optional<std::string> cadence; // weekly | biweekly | monthly
  std::optional<std::string> start;   // YYYY-MM-DD
  std::optional<double> credit_hours;
  std::string lead_name;
  std::string lead_email; // normalised: trimmed, lowercased
  std::string lead_organization;
  std::vector<TeamMember> team;
};

struct ProposalEvent {
  std::string at;
  std::optional<std::string> from; // nullopt for the submission
  std::string to;
  std::string actor;
  std::optional<std::string> note;
};

struct ProposalScore {
  std::string reviewer;
  std::string criterion;
  int score = 0;
  std::string at;
};

// One row of `proposal list`.
struct ProposalSummary {
  std::int64_t id = 0;
  std::string title;
  std::string status;
  std::string lead_name;
  std::string lead_email;
  std::optional<std::string> series; // the series code once converted
};

// A stored proposal with everything `proposal show` prints.
struct Proposal {
  ProposalSummary head;
  ProposalDraft draft;
  std::optional<std::int64_t> series_id;
  std::string created_at;
  std::string updated_at;
  std::vector<ProposalEvent> history; // oldest first
  std::vector<ProposalScore> scores;  // by reviewer, then criterion
};

} // namespace echo::domain
