// The figures of `report evaluation` from scored answers: means, medians, distributions,
// pre/post pairs and unmatched means, by profession.
#include "echo/report/evaluation.hpp"

#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_report_evaluation {

using namespace echo::report;

namespace {

EvaluationAnswer answer(std::int64_t response, std::optional<std::int64_t> who, const std::string& phase, double score,
                        const std::string& scope = "s1", std::optional<std::string> profession = std::nullopt) {
  EvaluationAnswer a;
  a.response = response;
  a.participant_id = who;
  a.pair_scope = scope;
  a.profession = std::move(profession);
  a.item = "confidence";
  a.level = "self_efficacy";
  a.scale = "likert5";
  a.phase = phase;
  a.score = score;
  return a;
}

} // namespace

TEST_SUITE("report evaluation") {
  TEST_CASE("median of odd and even counts") {
    CHECK(median_of({}) == 0);
    CHECK(median_of({3}) == 3);
    CHECK(median_of({5, 1, 3}) == 3);
    CHECK(median_of({4, 1, 3, 2}) == doctest::Approx(2.5));
  }

  TEST_CASE("an item's n, mean (2 decimals), median and distribution, and the response rate") {
    // 1 2 2 5: mean 10 / 4 = 2.5, median (2 + 2) / 2 = 2; distribution 1, 2, 0, 0, 1.
    std::vector<EvaluationAnswer> a{answer(1, 1, "post", 1), answer(2, 2, "post", 2), answer(3, 3, "post", 2),
                                    answer(4, std::nullopt, "post", 5)};
    const auto f = evaluation_figures(a, 8, 4);
    REQUIRE(f.items.size() == 1);
    CHECK(f.items[0].n == 4);
    CHECK(f.items[0].mean == doctest::Approx(2.5));
    CHECK(f.items[0].median == doctest::Approx(2));
    CHECK(f.items[0].distribution == std::vector<std::int64_t>{1, 2, 0, 0, 1});
    // 4 / 8 = 0.5; no pre answers: no change.
    REQUIRE(f.response_rate);
    CHECK(*f.response_rate == doctest::Approx(0.5));
    CHECK(f.changes.empty());
    // Without attendees the rate is unknown, not 0.
    CHECK_FALSE(evaluation_figures(a, 0, 4).response_rate);
  }

  TEST_CASE("pre and post pair by participant within a scope, else by response") {
    // Participant 1: 2 -> 4 (two responses of one session); response 7 (anonymous, one response
    // with both): 1 -> 3; participant 2 answered only before; participant 3 after, in another
    // session (scope s2) than their before (s1): not a pair.
    std::vector<EvaluationAnswer> a{answer(1, 1, "pre", 2),
                                    answer(2, 1, "post", 4),
                                    answer(7, std::nullopt, "pre", 1),
                                    answer(7, std::nullopt, "post", 3),
                                    answer(3, 2, "pre", 5),
                                    answer(4, 3, "pre", 3, "s1"),
                                    answer(5, 3, "post", 5, "s2")};
    const auto f = evaluation_figures(a, 10, 3);
    REQUIRE(f.changes.size() == 1);
    // Pairs: (2, 4) and (1, 3): n 2, pre (2 + 1) / 2 = 1.5, post (4 + 3) / 2 = 3.5.
    CHECK(f.changes[0].n == 2);
    CHECK(f.changes[0].pre_mean == doctest::Approx(1.5));
    CHECK(f.changes[0].post_mean == doctest::Approx(3.5));
  }

  TEST_CASE("without pairs the change shows the unmatched means with n 0") {
    // Anonymous pre answers 1 2 (responses 1, 2) and post answers 4 5 4 (responses 3, 4, 5):
    // pre 1.5, post 13 / 3 = 4.33.
    std::vector<EvaluationAnswer> a{answer(1, std::nullopt, "pre", 1), answer(2, std::nullopt, "pre", 2),
                                    answer(3, std::nullopt, "post", 4), answer(4, std::nullopt, "post", 5),
                                    answer(5, std::nullopt, "post", 4)};
    const auto f = evaluation_figures(a, 5, 3);
    REQUIRE(f.changes.size() == 1);
    CHECK(f.changes[0].n == 0);
    CHECK(f.changes[0].pre_mean == doctest::Approx(1.5));
    CHECK(f.changes[0].post_mean == doctest::Approx(4.33));
  }

  TEST_CASE("by profession only when a profession is known, the unknown last") {
    std::vector<EvaluationAnswer> none{answer(1, 1, "post", 4)};
    CHECK(evaluation_figures(none, 1, 1).by_profession.empty());
    std::vector<EvaluationAnswer> a{answer(1, 1, "post", 4, "s1", "Nurse"), answer(2, 2, "post", 2, "s1", "Nurse"),
                                    answer(3, 3, "post", 5), answer(4, 4, "post", 1, "s1", "Aide")};
    const auto f = evaluation_figures(a, 4, 4);
    REQUIRE(f.by_profession.size() == 3);
    CHECK(f.by_profession[0].profession == "Aide");
    CHECK(f.by_profession[1].profession == "Nurse");
    CHECK(f.by_profession[1].n == 2);
    CHECK(f.by_profession[1].mean == doctest::Approx(3));
    CHECK(f.by_profession[2].profession == k_unknown);
  }

  TEST_CASE("answers on another scale than the item's first are left out with a warning") {
    auto other = answer(2, 2, "post", 9);
    other.scale = "0-10";
    const auto f = evaluation_figures({answer(1, 1, "post", 4), other}, 2, 2);
    CHECK(f.items[0].n == 1);
    REQUIRE(f.warnings.size() == 1);
    CHECK(f.warnings[0].find("different scales") != std::string::npos);
  }

  TEST_CASE("the diverging chart puts disagreement left and agreement right of the centre") {
    std::vector<EvaluationAnswer> a{answer(1, 1, "post", 1), answer(2, 2, "post", 5), answer(3, 3, "post", 5),
                                    answer(4, 4, "post", 3)};
    const auto f = evaluation_figures(a, 4, 4);
    const auto svg = html::diverging_chart("t", f.items);
    // 2 of 4 agree = 50 %.
    CHECK(svg.find(">50 % agree</text>") != std::string::npos);
    CHECK(svg.find("class=\"p1\"") != std::string::npos);
    CHECK(html::diverging_chart("t", {}).empty());
  }
}

} // namespace test_report_evaluation
