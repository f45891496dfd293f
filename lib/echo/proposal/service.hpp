#pragma once
// The proposal workflow on the database: submit, status changes, reviews with scores, conversion
// into a series. Every write is one transaction; on any error nothing is stored.

#include "echo/db/database.hpp"
#include "echo/domain/proposal.hpp"
#include "echo/proposal/review.hpp"
#include "echo/proposal/status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::proposal {

// Stores a validated draft with status submitted and its submission event (from = null).
std::int64_t submit(db::Database& db, const domain::ProposalDraft& draft, const std::string& actor,
                    const std::string& note);

// The proposal; Error(failure) "no proposal N" when there is none.
domain::Proposal get(db::Database& db, std::int64_t id);
std::vector<domain::ProposalSummary> list(db::Database& db, const std::optional<Status>& status);

struct Change {
  Status from;
  Status to;
};
// approve, decline or withdraw (review and convert have their own functions): checks the machine,
// sets the status and records the event. Error(failure) when refused or unknown.
Change change_status(db::Database& db, std::int64_t id, Action action, const std::string& actor,
                     const std::string& note);

// Review: submitted -> in_review, or, when already in_review, a further review that adds or
// replaces this reviewer's scores and is recorded as an in_review -> in_review event.
Change review(db::Database& db, std::int64_t id, const std::vector<Score>& scores, const std::string& actor,
              const std::string& note);

struct ConvertRequest {
  std::int64_t id = 0;
  std::string code;
  std::optional<std::string> start; // YYYY-MM-DD, overrides the proposal's start
  std::optional<std::string> time;  // HH:MM wall-clock start of each session
  std::string actor;
  std::string note;
  // From the config: hub.timezone, defaults.session_minutes, defaults.credit_hours.
  std::string timezone;
  int session_minutes = 60;
  double default_credit_hours = 1.0;
};
struct ConvertResult {
  std::int64_t series_id = 0;
  std::string code;
  std::size_t people = 0; // participants ensured for the lead and the team
};
// approved -> converted: creates the series, ensures the lead and team as participants and links
// proposal and series both ways, in one transaction. Error(data) for a code that is not
// [a-z0-9][a-z0-9-]*, Error(failure) for a code in use or a refused change.
ConvertResult convert(db::Database& db, const ConvertRequest& request);

// True when code is a valid series code: [a-z0-9][a-z0-9-]*.
bool valid_series_code(std::string_view code);
// Error(data) naming the code when it is not valid.
void check_series_code(std::string_view code);

// Mean score per criterion over every reviewer, rounded to two decimals: the configured criteria first (in their order,
// only those with scores), then any other criterion scored earlier.
std::vector<Mean> score_means(const std::vector<domain::ProposalScore>& scores,
                              const std::vector<std::string>& criteria);

} // namespace echo::proposal
