#pragma once
// The status machine of proposals: which action moves a proposal from which status to which.
// Pure: no database, no clock.
//
//   submitted --review--> in_review --approve--> approved --convert--> converted
//       |                  |   ^ review (scores only)
//       |                  +--decline--> declined
//       +--withdraw--------+--withdraw--> withdrawn

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace echo::proposal {

enum class Status { submitted, in_review, approved, declined, withdrawn, converted };
enum class Action { review, approve, decline, withdraw, convert };

// Every status / action, in the order the machine lists them.
const std::vector<Status>& all_statuses();
const std::vector<Action>& all_actions();
const std::vector<std::string>& status_names();

std::string_view name(Status status);
std::string_view name(Action action);
// The status called `text`; nullopt when unknown.
std::optional<Status> parse_status(std::string_view text);

// The status `action` leads to from `from`; nullopt when the machine refuses it.
// `review` from in_review is allowed and keeps in_review (a further review: scores only).
std::optional<Status> next(Status from, Action action);
// The actions allowed from `from` (empty for declined, withdrawn, converted).
std::vector<Action> allowed(Status from);
// The status after `action` on proposal `id` in status `from`; Error(failure) naming the allowed
// actions when refused: "proposal 3 is approved: cannot review it; allowed from approved: convert".
Status apply(std::int64_t id, Status from, Action action);

} // namespace echo::proposal
