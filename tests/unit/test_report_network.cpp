// The pure rules of `report network` and `report retention`: Shannon diversity, the series'
// means and shares, the distribution of sessions attended, the html pages' escaping.

#include "echo/report/network.hpp"

#include <doctest/doctest.h>

#include <cmath>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_report_network {

using namespace echo::report;

TEST_SUITE("report network rules") {
  TEST_CASE("shannon: -sum p ln p over known professions, 0 for one or none") {
    // 2 nurses, 2 physicians, 1 pharmacist: -(2 x 0.4 ln 0.4 + 0.2 ln 0.2) = 1.054920.
    CHECK(shannon({{"Nurse", 2}, {"Physician", 2}, {"Pharmacist", 1}}) == doctest::Approx(1.054920).epsilon(1e-6));
    // The unknown is left out of the shares: 1 nurse, 1 physician (and 3 unknown) = ln 2.
    CHECK(shannon({{"Nurse", 1}, {"Physician", 1}, {std::nullopt, 3}}) == doctest::Approx(std::log(2.0)));
    CHECK(shannon({{"Nurse", 4}}) == 0.0);
    CHECK_FALSE(std::signbit(shannon({{"Nurse", 4}})));
    CHECK(shannon({{std::nullopt, 3}}) == 0.0);
    CHECK(shannon({}) == 0.0);
  }

  TEST_CASE("network_figures: per session and per series, unknown never a profession") {
    // a/1: Nurse 1, Physician 1, unknown 1 -> 2 professions, ln 2 = 0.693147
    // a/2: Nurse 1, Physician 1, Pharmacist 1 -> 3 professions, ln 3 = 1.098612
    // a/3: held, nobody came -> 0 professions, 0
    // series a: mean (2 + 3 + 0) / 3 = 1.67; diversity 1.791759 / 3 = 0.5973; 3+ 1 / 3 = 0.3333
    const std::vector<SessionProfessions> rows{
        {"a/1", "a", "2026-01-01", {{"Nurse", 1}, {"Physician", 1}, {std::nullopt, 1}}},
        {"a/2", "a", "2026-01-08", {{"Nurse", 1}, {"Pharmacist", 1}, {"Physician", 1}}},
        {"a/3", "a", "2026-01-15", {{std::nullopt, 0}}}};
    const auto n = network_figures(rows, {}, {});
    REQUIRE(n.sessions.size() == 3);
    CHECK(n.sessions[0].professions == 2);
    CHECK(n.sessions[0].participants == 3);
    CHECK(n.sessions[0].unknown == 1);
    CHECK(n.sessions[0].diversity == doctest::Approx(0.6931));
    CHECK(n.sessions[2].professions == 0);
    CHECK(n.sessions[2].participants == 0);
    REQUIRE(n.series.size() == 1);
    CHECK(n.series[0].sessions == 3);
    CHECK(n.series[0].mean_professions == doctest::Approx(1.67));
    CHECK(n.series[0].diversity == doctest::Approx(0.5973));
    CHECK(n.series[0].share_3plus == doctest::Approx(0.3333));
    const auto j = network_json(n);
    CHECK(j.at("sessions").at(0).dump() == R"({"session":"a/1","professions":2,"diversity":0.6931})");
  }

  TEST_CASE("retention_distribution: every count from 1 to the held sessions, zeros included") {
    Retention r;
    // 3 held sessions; 4 people came once, 1 three times: 1 -> 4, 2 -> 0, 3 -> 1.
    retention_distribution(r, {{1, 4}, {3, 1}}, 3);
    REQUIRE(r.distribution.size() == 3);
    CHECK(r.distribution[1] == std::pair<std::int64_t, std::int64_t>{2, 0});
    CHECK(r.one_time == 4);
    CHECK(r.returning == 1);
    r.first_session_attendees = 0;
    r.distinct_attendees = 0;
    RetentionPoint p;
    CHECK(r.share_of_first(p) == 0.0); // no division by zero
    CHECK(r.share_of_all(p) == 0.0);
  }

  TEST_CASE("the html pages escape names and carry their definitions") {
    Network n;
    n.matrix = {{"<b>Nurse</b>", "Interior & North", 2}};
    n.organizations = {{"A & B Clinic", "C\"D Hospital", 1}};
    html::Meta meta;
    meta.title = "Network";
    meta.as_of = "2026-12-01T08:00:00Z";
    const auto page = html::network_page(meta, n);
    CHECK(page.find("<b>Nurse</b>") == std::string::npos);
    CHECK(page.find("&lt;b&gt;Nurse&lt;/b&gt;") != std::string::npos);
    CHECK(page.find("Interior &amp; North") != std::string::npos);
    CHECK(page.find("Diversity (Shannon index)") != std::string::npos);
    Retention r;
    r.series = "pc";
    r.curve = {{1, "pc/1", "2026-01-01", 2, 2}, {2, "pc/2", "2026-01-08", 1, 1}};
    r.first_session_attendees = 2;
    r.distinct_attendees = 2;
    const auto ret = html::retention_page(meta, r);
    CHECK(ret.find("<polyline") != std::string::npos);
    CHECK(ret.find("Share of all") != std::string::npos);
  }
}

} // namespace test_report_network
