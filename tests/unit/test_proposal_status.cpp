#include "echo/error.hpp"
#include "echo/proposal/status.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_proposal_status {

using echo::proposal::Action;
using echo::proposal::Status;
namespace pr = echo::proposal;

namespace {

// The contract's machine, written out independently of the implementation's table.
const std::map<std::pair<Status, Action>, Status> k_expected{
    {{Status::submitted, Action::review}, Status::in_review},
    {{Status::submitted, Action::withdraw}, Status::withdrawn},
    {{Status::in_review, Action::review}, Status::in_review},
    {{Status::in_review, Action::approve}, Status::approved},
    {{Status::in_review, Action::decline}, Status::declined},
    {{Status::in_review, Action::withdraw}, Status::withdrawn},
    {{Status::approved, Action::convert}, Status::converted},
};

std::string refusal(Status from, Action action) {
  try {
    pr::apply(3, from, action);
  } catch (const echo::Error& e) {
    CHECK(e.code() == echo::Exit::failure);
    return e.what();
  }
  FAIL("the change was not refused");
  return {};
}

} // namespace

TEST_SUITE("echo::proposal::Status") {
  TEST_CASE("every allowed transition leads where the contract says") {
    for (const auto& [key, to] : k_expected) {
      const auto [from, action] = key;
      CAPTURE(pr::name(from));
      CAPTURE(pr::name(action));
      REQUIRE(pr::next(from, action).has_value());
      CHECK(*pr::next(from, action) == to);
      CHECK(pr::apply(1, from, action) == to);
    }
  }

  TEST_CASE("every other status and action pair is refused") {
    int refused = 0;
    for (auto from : pr::all_statuses())
      for (auto action : pr::all_actions()) {
        if (k_expected.count({from, action})) continue;
        CAPTURE(pr::name(from));
        CAPTURE(pr::name(action));
        CHECK_FALSE(pr::next(from, action).has_value());
        const auto message = refusal(from, action);
        CHECK(message.find("proposal 3 is " + std::string(pr::name(from))) != std::string::npos);
        CHECK(message.find("cannot " + std::string(pr::name(action)) + " it") != std::string::npos);
        ++refused;
      }
    CHECK(refused == 6 * 5 - 7);
  }

  TEST_CASE("a refusal names the changes allowed from the current status") {
    CHECK(refusal(Status::approved, Action::review) ==
          "proposal 3 is approved: cannot review it; allowed from approved: convert");
    CHECK(refusal(Status::submitted, Action::approve) ==
          "proposal 3 is submitted: cannot approve it; allowed from submitted: review, withdraw");
    CHECK(refusal(Status::in_review, Action::convert) ==
          "proposal 3 is in_review: cannot convert it; allowed from in_review: review, approve, decline, withdraw");
  }

  TEST_CASE("declined, withdrawn and converted are final") {
    for (auto s : {Status::declined, Status::withdrawn, Status::converted}) {
      CAPTURE(pr::name(s));
      CHECK(pr::allowed(s).empty());
      CHECK(refusal(s, Action::withdraw).find(std::string(pr::name(s)) + " is final") != std::string::npos);
    }
  }

  TEST_CASE("allowed lists exactly the actions with a transition") {
    for (auto from : pr::all_statuses()) {
      std::size_t n = 0;
      for (auto action : pr::all_actions()) n += k_expected.count({from, action});
      CHECK(pr::allowed(from).size() == n);
    }
  }

  TEST_CASE("status names round-trip and unknown names are rejected") {
    for (auto s : pr::all_statuses()) CHECK(pr::parse_status(pr::name(s)) == s);
    CHECK_FALSE(pr::parse_status("inreview").has_value());
    CHECK_FALSE(pr::parse_status("").has_value());
    CHECK(pr::status_names().size() == 6);
  }
}

} // namespace test_proposal_status
