// report reach and report competency on tests/fixtures/outcomes: four regions (Islands with
// nobody), professions spelt "RN", "R.N.", "registered nurse", "MD", two domains, four series
// over 2025 and 2026. Every figure below is worked out by hand from the fixture files.
//
// 2026 attendance (minutes): pain-2026/1 (PAIN, the series'): Ann 60, Bob 50, Dan 60, Eve 30, Fay 30;
// pain-2026/2 (its own domain GOC): Ann 60, Cat 45; mixed-2026/1 (PAIN and GOC): Dan 60.
// 2025: pain-2025/1 Ann 60, Cat 60; pain-2025/2 Ann 45; goc-2025/1 Dan 60.
// Regions: Ann North, Bob "Northern" (an alias of North), Dan North, Cat "interior" (Interior),
// Fay Coast, Eve "Mars" (matches none: unknown). Ann and Dan are rural.

#include "harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_report_outcomes {

using echo::test::fixture;
using echo::test::Hub;

namespace {

void seed_outcomes(const Hub& hub) {
  auto ok = [&](const std::vector<std::string>& args) {
    const auto r = hub.run(args);
    INFO(r);
    REQUIRE(r.code == 0);
  };
  ok({"participant", "import", fixture("outcomes/participants.csv").string()});
  // Four series over two years from their schedule files (domains in [series]; "pain" is PAIN;
  // pain-2026/2 has its own domain GOC in the file).
  for (const auto* code : {"pain-2025", "goc-2025", "pain-2026", "mixed-2026"})
    ok({"session", "import", fixture(std::string("outcomes/schedule-") + code + ".toml").string()});
  ok({"attendance", "import", fixture("outcomes/attendance-2025.csv").string()});
  ok({"attendance", "import", fixture("outcomes/attendance-2026.csv").string()});
}

Hub outcomes_hub() { return Hub(echo::test::slurp(fixture("outcomes/echo.toml"))); }

} // namespace

TEST_SUITE("e2e report outcomes") {
  TEST_CASE("report reach: rates per region, gaps first, the previous period") {
    const auto hub = outcomes_hub();
    seed_outcomes(hub);
    const auto r = hub.run(
        {"report", "reach", "--from", "2026-01-01", "--to", "2026-12-31", "--as-of", "2027-01-01", "--format", "json"});
    INFO(r);
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j.size() == 5);
    // Gaps first, in the config's order: Interior (1 participant of 200,000 = 0.5 per 100k < 1.0)
    // and Islands (nobody); then North, Coast; "(unknown)" last.
    CHECK(j[0]["region"] == "Interior");
    CHECK(j[0]["participants"] == 1);
    CHECK(j[0]["learning_hours"] == 0.75);     // Cat 45 min / 60
    CHECK(j[0]["per_100k"] == 0.5);            // 1 x 100,000 / 200,000
    CHECK(j[0]["per_100_providers"] == 0.05);  // 1 x 100 / 2,000
    CHECK(j[0]["previous_participants"] == 1); // 2025: Cat
    CHECK(j[0]["gap"] == true);
    CHECK(j[1]["region"] == "Islands");
    CHECK(j[1]["participants"] == 0);
    CHECK(j[1]["per_100k"] == 0.0);
    CHECK(j[1]["rural_share"].is_null()); // nobody to divide by
    CHECK(j[1]["gap"] == true);
    // North: Ann, Bob (written "Northern"), Dan = 3; participations Ann 2 + Bob 1 + Dan 2 = 5;
    // minutes 120 + 50 + 120 = 290 = 4.83 h; 3 x 100,000 / 300,000 = 1.0 per 100k (not below
    // 1.0: no gap); 3 x 100 / 3,000 = 0.1 per 100 providers; rural Ann, Dan = 2/3 = 0.6667;
    // 2025 (the previous 365 days): Ann, Dan = 2.
    CHECK(j[2]["region"] == "North");
    CHECK(j[2]["participants"] == 3);
    CHECK(j[2]["participations"] == 5);
    CHECK(j[2]["learning_hours"] == 4.83);
    CHECK(j[2]["per_100k"] == 1.0);
    CHECK(j[2]["per_100_providers"] == 0.1);
    CHECK(j[2]["rural_share"] == 0.6667);
    CHECK(j[2]["previous_participants"] == 2);
    CHECK(j[2]["gap"] == false);
    // Coast: Fay, 30 min; 1 x 100,000 / 100,000 = 1.0; no providers configured: null.
    CHECK(j[3]["region"] == "Coast");
    CHECK(j[3]["per_100k"] == 1.0);
    CHECK(j[3]["per_100_providers"].is_null());
    CHECK(j[3]["gap"] == false);
    // Eve's "Mars" matches no region.
    CHECK(j[4]["region"] == "(unknown)");
    CHECK(j[4]["participants"] == 1);
    CHECK(j[4]["per_100k"].is_null());
    CHECK(j[4]["gap"] == false);

    // Text lists the same rows, gaps first.
    const auto text = hub.run({"report", "reach", "--period", "2026", "--as-of", "2027-01-01", "--format", "tsv"});
    REQUIRE(text.code == 0);
    CHECK(text.out.find("Interior\t") < text.out.find("North\t"));
    CHECK(text.out.find("Islands\t") < text.out.find("North\t"));

    // HTML: the bars per region against the threshold line, and the definitions.
    const auto html = hub.run({"report", "reach", "--period", "2026", "--as-of", "2027-01-01", "--format", "html"});
    REQUIRE(html.code == 0);
    CHECK(html.out.find("<svg") != std::string::npos);
    CHECK(html.out.find("class=\"threshold\"") != std::string::npos);
    CHECK(html.out.find("gap threshold 1 per 100,000") != std::string::npos);
    CHECK(html.out.find("<dt>Per 100,000</dt>") != std::string::npos);

    // By organization: North Clinic (Ann, Bob, Dan) 3, Coast Hospital (Eve, Fay) 2, Interior Hospital 1.
    const auto org = hub.run(
        {"report", "reach", "--by", "organization", "--period", "2026", "--as-of", "2027-01-01", "--format", "json"});
    REQUIRE(org.code == 0);
    const auto o = nlohmann::json::parse(org.out);
    REQUIRE(o.size() == 3);
    CHECK(o[0]["organization"] == "North Clinic");
    CHECK(o[0]["participants"] == 3);
    CHECK(o[1]["organization"] == "Coast Hospital");
    CHECK(o[1]["participants"] == 2);
    CHECK(o[0]["per_100k"].is_null());
  }

  TEST_CASE("report competency: hours per domain and profession, zeros where a profession never came") {
    const auto hub = outcomes_hub();
    seed_outcomes(hub);
    const auto r = hub.run({"report", "competency", "--period", "2026", "--by", "profession", "--as-of", "2027-01-01",
                            "--format", "json"});
    INFO(r);
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    // "RN", "R.N." and "registered nurse" are one profession; "MD" is Physician; "NP" is kept as written.
    // PAIN = pain-2026/1 and mixed-2026/1: Registered Nurse Ann 60 + Bob 50 = 110 min = 1.83 h (2);
    // Physician Dan 60 + 60 + Eve 30 = 150 = 2.5 h (2); NP Fay 30 = 0.5 h (1).
    // GOC = pain-2026/2 (its own domain) and mixed-2026/1: Registered Nurse Ann 60 + Cat 45 = 105 =
    // 1.75 h (2); Physician Dan 60 = 1.0 h (1); NP nobody: 0.
    const std::vector<std::tuple<std::string, std::string, double, int>> expected{
        {"PAIN", "NP", 0.5, 1}, {"PAIN", "Physician", 2.5, 2}, {"PAIN", "Registered Nurse", 1.83, 2},
        {"GOC", "NP", 0.0, 0},  {"GOC", "Physician", 1.0, 1},  {"GOC", "Registered Nurse", 1.75, 2}};
    REQUIRE(j.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      INFO(i);
      CHECK(j[i]["domain"] == std::get<0>(expected[i]));
      CHECK(j[i]["key"] == std::get<1>(expected[i]));
      CHECK(j[i]["hours"] == std::get<2>(expected[i]));
      CHECK(j[i]["participants"] == std::get<3>(expected[i]));
    }
    // All dates, no --by: PAIN adds pain-2025 (Ann 60 + 45, Cat 60 = 165) to 2026's 290: 455 min
    // = 7.58 h, 6 people; GOC adds goc-2025 (Dan 60) to 165: 225 = 3.75 h, Dan, Ann, Cat = 3.
    const auto all = hub.run({"report", "competency", "--as-of", "2027-01-01", "--format", "json"});
    REQUIRE(all.code == 0);
    const auto a = nlohmann::json::parse(all.out);
    REQUIRE(a.size() == 2);
    CHECK(a[0]["domain"] == "PAIN");
    CHECK(a[0]["key"].is_null());
    CHECK(a[0]["hours"] == 7.58);
    CHECK(a[0]["participants"] == 6);
    CHECK(a[1]["domain"] == "GOC");
    CHECK(a[1]["hours"] == 3.75);
    CHECK(a[1]["participants"] == 3);
    const auto html = hub.run({"report", "competency", "--as-of", "2027-01-01", "--format", "html"});
    REQUIRE(html.code == 0);
    CHECK(html.out.find("Learning hours by competency domain") != std::string::npos);
  }

  TEST_CASE("domains on series and sessions: shown, replaced, cleared, unknown codes refused") {
    const auto hub = outcomes_hub();
    seed_outcomes(hub);
    const auto show = hub.run({"series", "show", "mixed-2026", "--format", "json"});
    REQUIRE(show.code == 0);
    CHECK(nlohmann::json::parse(show.out)["domains"] == nlohmann::json::array({"GOC", "PAIN"}));
    const auto session = hub.run({"session", "show", "pain-2026/2", "--format", "json"});
    REQUIRE(session.code == 0);
    CHECK(nlohmann::json::parse(session.out)["domains"] == nlohmann::json::array({"GOC"}));
    CHECK(nlohmann::json::parse(session.out)["series_domains"] == nlohmann::json::array({"PAIN"}));

    // series create --domain: comma-separated or repeated, any case, stored as configured.
    REQUIRE(
        hub.run({"series", "create", "extra", "--title", "Extra", "--domain", "goc,PAIN", "--domain", "pain"}).code ==
        0);
    CHECK(nlohmann::json::parse(hub.run({"series", "show", "extra", "--format", "json"}).out)["domains"] ==
          nlohmann::json::array({"GOC", "PAIN"}));

    const auto before = hub.dump();
    const auto bad = hub.run({"series", "update", "mixed-2026", "--domain", "EOL"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("'EOL'") != std::string::npos);
    CHECK(bad.err.find("PAIN, GOC") != std::string::npos);
    CHECK(hub.dump() == before);

    REQUIRE(hub.run({"series", "update", "mixed-2026", "--domain", "GOC"}).code == 0);
    CHECK(hub.scalar("SELECT group_concat(d.code) FROM series_domain d JOIN series s ON s.id = d.series_id "
                     "WHERE s.code = 'mixed-2026'") == "GOC");
    REQUIRE(hub.run({"series", "update", "mixed-2026", "--no-domain"}).code == 0);
    CHECK(hub.scalar("SELECT count(*) FROM series_domain d JOIN series s ON s.id = d.series_id "
                     "WHERE s.code = 'mixed-2026'") == "0");
    REQUIRE(hub.run({"session", "update", "pain-2026/1", "--domain", "goc", "--domain", "PAIN"}).code == 0);
    CHECK(hub.scalar("SELECT count(*) FROM session_domain") == "3"); // pain-2026/2 GOC, pain-2026/1 GOC and PAIN
    REQUIRE(hub.run({"session", "update", "pain-2026/1", "--domain", ""}).code == 0);
    REQUIRE(hub.run({"session", "update", "pain-2026/2", "--no-domain"}).code == 0);
    CHECK(hub.scalar("SELECT count(*) FROM session_domain") == "0");
    // An exported schedule carries a session's own domains and reads back unchanged.
    REQUIRE(hub.run({"session", "update", "pain-2026/2", "--domain", "GOC"}).code == 0);
    const auto exported = hub.run({"session", "export", "--series", "pain-2026", "--format", "toml"});
    REQUIRE(exported.code == 0);
    CHECK(exported.out.find("domains = [\"GOC\"]") != std::string::npos);
    const auto again = hub.run({"session", "import", hub.write("again.toml", exported.out).string()});
    INFO(again);
    REQUIRE(again.code == 0);
    CHECK(again.out.find("updated 0") != std::string::npos);
  }

  TEST_CASE("participant list --region-unknown lists the regions no configured one matches") {
    const auto hub = outcomes_hub();
    seed_outcomes(hub);
    // "Northern" is an alias of North, "interior" is Interior ignoring case; Eve's "Mars" matches none.
    const auto r = hub.run({"participant", "list", "--region-unknown", "--format", "json"});
    INFO(r);
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["email"] == "eve@coast.example.ca");
  }

  TEST_CASE("a schedule file's series domains are checked at their line, stored and exported") {
    const auto hub = outcomes_hub();
    const std::string toml = "[series]\ncode = \"pc-x\"\ntitle = \"PC X\"\ntimezone = \"America/Vancouver\"\n"
                             "domains = [\"pain\", \"GOC\"]\n\n[[session]]\ndate = 2026-03-03\ntime = \"12:00\"\n";
    auto bad = toml;
    bad.replace(bad.find("\"GOC\""), 5, "\"EOL\"");
    const auto bad_path = hub.write("bad.toml", bad);
    const auto refused = hub.run({"session", "import", bad_path.string()});
    CHECK(refused.code == 65);
    CHECK(refused.err.find("bad.toml:5:") != std::string::npos);
    CHECK(refused.err.find("'EOL'") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(hub.database()));

    REQUIRE(hub.run({"session", "import", hub.write("pc-x.toml", toml).string()}).code == 0);
    CHECK(hub.scalar("SELECT group_concat(code, ',') FROM (SELECT code FROM series_domain ORDER BY code)") ==
          "GOC,PAIN");
    const auto exported = hub.run({"session", "export", "--series", "pc-x", "--format", "toml"});
    REQUIRE(exported.code == 0);
    CHECK(exported.out.find("domains = [\"GOC\", \"PAIN\"]") != std::string::npos);
    const auto json = hub.run({"session", "export", "--series", "pc-x", "--format", "json"});
    REQUIRE(json.code == 0);
    CHECK(nlohmann::json::parse(json.out)["series"]["domains"] == nlohmann::json::array({"GOC", "PAIN"}));
  }
}

} // namespace test_report_outcomes
