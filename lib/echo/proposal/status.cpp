#include "echo/proposal/status.hpp"

#include "echo/error.hpp"
#include "echo/util/text.hpp"

#include <fmt/format.h>

#include <array>

namespace echo::proposal {

namespace {

struct Transition {
  Status from;
  Action action;
  Status to;
};

// The whole machine. Anything not listed is refused.
constexpr std::array k_transitions{
    Transition{Status::submitted, Action::review, Status::in_review},
    Transition{Status::submitted, Action::withdraw, Status::withdrawn},
    Transition{Status::in_review, Action::review, Status::in_review},
    Transition{Status::in_review, Action::approve, Status::approved},
    Transition{Status::in_review, Action::decline, Status::declined},
    Transition{Status::in_review, Action::withdraw, Status::withdrawn},
    Transition{Status::approved, Action::convert, Status::converted},
};

} // namespace

const std::vector<Status>& all_statuses() {
  static const std::vector<Status> all{Status::submitted, Status::in_review, Status::approved,
                                       Status::declined,  Status::withdrawn, Status::converted};
  return all;
}

const std::vector<Action>& all_actions() {
  static const std::vector<Action> all{Action::review, Action::approve, Action::decline, Action::withdraw,
                                       Action::convert};
  return all;
}

const std::vector<std::string>& status_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (auto s : all_statuses()) out.emplace_back(name(s));
    return out;
  }();
  return names;
}

std::string_view name(Status status) {
  switch (status) {
  case Status::submitted: return "submitted";
  case Status::in_review: return "in_review";
  case Status::approved: return "approved";
  case Status::declined: return "declined";
  case Status::withdrawn: return "withdrawn";
  case Status::converted: return "converted";
  }
  return "?";
}

std::string_view name(Action action) {
  switch (action) {
  case Action::review: return "review";
  case Action::approve: return "approve";
  case Action::decline: return "decline";
  case Action::withdraw: return "withdraw";
  case Action::convert: return "convert";
  }
  return "?";
}

std::optional<Status> parse_status(std::string_view text) {
  for (auto s : all_statuses())
    if (name(s) == text) return s;
  return std::nullopt;
}

std::optional<Status> next(Status from, Action action) {
  for (const auto& t : k_transitions)
    if (t.from == from && t.action == action) return t.to;
  return std::nullopt;
}

std::vector<Action> allowed(Status from) {
  std::vector<Action> out;
  for (const auto& t : k_transitions)
    if (t.from == from) out.push_back(t.action);
  return out;
}

Status apply(std::int64_t id, Status from, Action action) {
  if (auto to = next(from, action)) return *to;
  std::vector<std::string> names;
  for (auto a : allowed(from)) names.emplace_back(name(a));
  const std::string allowed_text = names.empty()
                                       ? fmt::format("{} is final, no change is allowed", name(from))
                                       : fmt::format("allowed from {}: {}", name(from), util::join(names, ", "));
  throw Error(Exit::failure,
              fmt::format("proposal {} is {}: cannot {} it; {}", id, name(from), name(action), allowed_text));
}

} // namespace echo::proposal
