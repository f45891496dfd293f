#include "echo/error.hpp"
#include "echo/proposal/review.hpp"
#include "echo/proposal/service.hpp"

#include <doctest/doctest.h>

#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_proposal_review {

namespace pr = echo::proposal;
using echo::Exit;

namespace {

const std::vector<std::string> k_criteria{"need", "feasibility", "capacity", "evaluation"};

Exit code_of(const std::vector<std::string>& specs, std::string* message = nullptr) {
  try {
    pr::parse_scores(specs, k_criteria);
  } catch (const echo::Error& e) {
    if (message) *message = e.what();
    return e.code();
  }
  return Exit::ok;
}

} // namespace

TEST_SUITE("echo::proposal::Review") {
  TEST_CASE("scores parse as criterion=score, case-insensitive criterion, spaces allowed") {
    const auto s = pr::parse_scores({"need=4", " Feasibility = 3 ", "capacity=5", "evaluation=1"}, k_criteria);
    REQUIRE(s.size() == 4);
    CHECK(s[0].criterion == "need");
    CHECK(s[0].score == 4);
    CHECK(s[1].criterion == "feasibility");
    CHECK(s[1].score == 3);
    CHECK(s[3].score == 1);
    CHECK(pr::parse_scores({}, k_criteria).empty());
  }

  TEST_CASE("a value that is not CRITERION=NUMBER is a usage error") {
    CHECK(code_of({"need"}) == Exit::usage);
    CHECK(code_of({"need=high"}) == Exit::usage);
    CHECK(code_of({"need=4.5"}) == Exit::usage);
    CHECK(code_of({"=4"}) == Exit::usage);
    CHECK(code_of({"need="}) == Exit::usage);
  }

  TEST_CASE("an unknown criterion is a data error with a did-you-mean") {
    std::string message;
    CHECK(code_of({"feasability=3"}, &message) == Exit::data);
    CHECK(message.find("unknown criterion 'feasability'") != std::string::npos);
    CHECK(message.find("did you mean 'feasibility'?") != std::string::npos);
    CHECK(code_of({"budget=3"}, &message) == Exit::data);
    CHECK(message.find("criteria: need, feasibility, capacity, evaluation") != std::string::npos);
  }

  TEST_CASE("scores outside 1 to 5 and repeated criteria are data errors") {
    std::string message;
    CHECK(code_of({"need=0"}, &message) == Exit::data);
    CHECK(message.find("a score is 1 to 5, not 0") != std::string::npos);
    CHECK(code_of({"need=6"}) == Exit::data);
    CHECK(code_of({"need=-2"}) == Exit::data);
    CHECK(code_of({"need=2", "NEED=3"}, &message) == Exit::data);
    CHECK(message.find("given twice") != std::string::npos);
  }

  TEST_CASE("means are per criterion over reviewers, configured criteria first") {
    const std::vector<echo::domain::ProposalScore> scores{
        {"ana", "need", 4, "t"},        {"ana", "feasibility", 3, "t"}, {"bob", "need", 5, "t"},
        {"bob", "feasibility", 2, "t"}, {"bob", "capacity", 3, "t"},    {"cy", "legacy", 2, "t"},
    };
    const auto means = pr::score_means(scores, k_criteria);
    REQUIRE(means.size() == 4);
    CHECK(means[0].criterion == "need");
    CHECK(means[0].mean == doctest::Approx(4.5));
    CHECK(means[0].reviewers == 2);
    CHECK(means[1].criterion == "feasibility");
    CHECK(means[1].mean == doctest::Approx(2.5));
    CHECK(means[2].criterion == "capacity");
    CHECK(means[2].mean == doctest::Approx(3.0));
    CHECK(means[2].reviewers == 1);
    CHECK(means[3].criterion == "legacy"); // no longer configured, still shown
  }

  TEST_CASE("means are rounded to two decimals") {
    const std::vector<echo::domain::ProposalScore> scores{{"a", "need", 4, "t"},     {"b", "need", 3, "t"},
                                                          {"c", "need", 3, "t"},     {"a", "capacity", 2, "t"},
                                                          {"b", "capacity", 3, "t"}, {"c", "capacity", 3, "t"}};
    const auto means = pr::score_means(scores, k_criteria);
    REQUIRE(means.size() == 2);
    CHECK(means[0].mean == 3.33);
    CHECK(means[1].mean == 2.67);
  }

  TEST_CASE("series codes are lowercase slugs") {
    CHECK(pr::valid_series_code("dementia-2026"));
    CHECK(pr::valid_series_code("9a"));
    CHECK_FALSE(pr::valid_series_code(""));
    CHECK_FALSE(pr::valid_series_code("-x"));
    CHECK_FALSE(pr::valid_series_code("Dementia"));
    CHECK_FALSE(pr::valid_series_code("a_b"));
    CHECK_FALSE(pr::valid_series_code("a b"));
  }
}

} // namespace test_proposal_review
