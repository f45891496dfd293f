// `report network` and `report retention` end to end on tests/fixtures/network/: a hub with
// regions and profession aliases (hub.toml), four series over two years (schedule.csv, with
// pc-2025/2 cancelled), ten participants whose professions, regions and organizations are spelt
// several ways (participants.csv) and the attendance of every held session (attendance.csv).
// Every figure below is worked out by hand from those files.
//
// Who is who (canonical profession, configured region, organization):
//   P1 Ana Silva   RN -> Registered Nurse, Interior Health -> Interior, Kootenay Lake Hospital (KLH)
//   P2 Ben Cho     Registered Nurse, Fraser, Royal Columbian Hospital (RCH)
//   P3 Carla Díaz  MD -> Physician, interior -> Interior, KLH
//   P4 Dev Patel   Physician, Northern Health -> Northern, Mills Memorial Hospital (MMH)
//   P5 Eli Roy     Pharmacist, Fraser Health -> Fraser, RCH
//   P6 Fay Wong    Social Worker, Island Health -> Island, Victoria Hospice (VH)
//   P7 Gus Lee     (no profession), Northern, MMH
//   P8 Hana Kim    registered nurse -> Registered Nurse, Yukon -> (unknown), no organization
//   P9 Ivo Novák   NP -> Nurse Practitioner, IH -> Interior, "kootenay lake hospital" = KLH
//   P10 Jo Park    Physician, Interior Health -> Interior, Kelowna General Hospital (KGH)
// Held sessions and their participants:
//   pc-2025/1 2025-01-14  P1 P2 P3 P4 P5          pc-2026/1 2026-01-13  P1 P5 P8 P9 P10
//   pc-2025/2 2025-01-28  cancelled               pc-2026/2 2026-02-10  P1 P8 P9
//   pc-2025/3 2025-02-11  P1 P3 P4 P7             pc-2026/3 2026-03-10  P1 P10 P7
//   pc-2025/4 2025-03-11  P1 P4                   wound-2026/1 2026-02-03  P3 P6 P2
//   pc-2025/5 2025-04-08  P1 P3 P6                wound-2026/2 2026-03-03  P6 P2
//                                                 grief-2026/1 2026-10-06  P4 P8 P9

#include "harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_report_network {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::slurp;

namespace {

void seed_network_hub(const Hub& hub) {
  for (const char* code : {"pc-2025", "pc-2026", "wound-2026", "grief-2026"})
    REQUIRE(hub.run({"series", "create", code, "--title", std::string("Series ") + code, "--time", "12:00"}).code == 0);
  auto r = hub.run({"session", "import", fixture("network/schedule.csv").string()});
  REQUIRE_MESSAGE(r.code == 0, r);
  r = hub.run({"session", "cancel", "pc-2025/2", "--reason", "ice storm"});
  REQUIRE_MESSAGE(r.code == 0, r);
  r = hub.run({"participant", "import", fixture("network/participants.csv").string()});
  REQUIRE_MESSAGE(r.code == 0, r);
  r = hub.run({"attendance", "import", fixture("network/attendance.csv").string()});
  REQUIRE_MESSAGE(r.code == 0, r);
}

nlohmann::json json_of(const echo::test::Result& r) {
  INFO(r);
  REQUIRE(r.code == 0);
  return nlohmann::json::parse(r.out);
}

const nlohmann::json* find_row(const nlohmann::json& rows, const std::string& key, const std::string& value) {
  for (const auto& row : rows)
    if (row.at(key) == value) return &row;
  return nullptr;
}

} // namespace

TEST_SUITE("e2e report network and retention") {
  TEST_CASE("report network: professions, Shannon diversity, share of 3+, the matrix and organizations that met") {
    Hub hub(slurp(fixture("network/hub.toml")));
    seed_network_hub(hub);
    const auto j = json_of(hub.run({"report", "network", "--as-of", "2026-12-01", "--json"}));
    REQUIRE(j.is_object());
    CHECK(j.at("series").size() == 4);
    CHECK(j.at("sessions").size() == 10); // 11 scheduled, pc-2025/2 cancelled

    // pc-2025/1: P1 RN, P2 RN, P3 Physician, P4 Physician, P5 Pharmacist: 3 professions with
    // shares 2/5, 2/5, 1/5: H = -(0.4 ln 0.4 + 0.4 ln 0.4 + 0.2 ln 0.2)
    //   = 2 x 0.4 x 0.916291 + 0.2 x 1.609438 = 0.733033 + 0.321888 = 1.054920 -> 1.0549.
    const auto* s = find_row(j.at("sessions"), "session", "pc-2025/1");
    REQUIRE(s != nullptr);
    CHECK(s->at("professions") == 3);
    CHECK(s->at("diversity").get<double>() == doctest::Approx(1.0549));
    // pc-2025/3: P1 RN, P3 Physician, P4 Physician, P7 no profession: 2 professions (the unknown
    // is not one) over the 3 with a known profession: H = -(1/3 ln 1/3 + 2/3 ln 2/3)
    //   = 0.366204 + 0.270310 = 0.636514 -> 0.6365.
    s = find_row(j.at("sessions"), "session", "pc-2025/3");
    REQUIRE(s != nullptr);
    CHECK(s->at("professions") == 2);
    CHECK(s->at("diversity").get<double>() == doctest::Approx(0.6365));
    // pc-2026/1: P1 RN, P8 "registered nurse", P5 Pharmacist, P9 NP, P10 Physician: 4
    // professions, shares 2/5, 1/5, 1/5, 1/5: H = 0.4 x 0.916291 + 3 x 0.2 x 1.609438
    //   = 0.366516 + 0.965663 = 1.332179 -> 1.3322 (RN and "registered nurse" are one).
    s = find_row(j.at("sessions"), "session", "pc-2026/1");
    REQUIRE(s != nullptr);
    CHECK(s->at("professions") == 4);
    CHECK(s->at("diversity").get<double>() == doctest::Approx(1.3322));

    // pc-2025: held /1 /3 /4 /5 with 3, 2, 2 (P1 RN, P4 Physician), 3 (RN, Physician, Social
    // Worker) professions: mean (3 + 2 + 2 + 3) / 4 = 2.5; 3+ in 2 of 4 = 0.5; diversity the
    // mean of H: (1.054920 + 0.636514 + 0.693147 + 1.098612) / 4 = 3.483193 / 4 = 0.8708.
    const auto* pc25 = find_row(j.at("series"), "series", "pc-2025");
    REQUIRE(pc25 != nullptr);
    CHECK(pc25->at("sessions") == 4);
    CHECK(pc25->at("mean_professions").get<double>() == doctest::Approx(2.5));
    CHECK(pc25->at("share_3plus").get<double>() == doctest::Approx(0.5));
    CHECK(pc25->at("diversity").get<double>() == doctest::Approx(0.8708));
    // pc-2026: 4, 2 (RN x2, NP), 2 (RN, Physician; P7 unknown): mean 8 / 3 = 2.67; 3+ in 1 of 3
    // = 0.3333; diversity (1.332179 + 0.636514 + 0.693147) / 3 = 2.661840 / 3 = 0.8873.
    const auto* pc26 = find_row(j.at("series"), "series", "pc-2026");
    REQUIRE(pc26 != nullptr);
    CHECK(pc26->at("mean_professions").get<double>() == doctest::Approx(2.67));
    CHECK(pc26->at("share_3plus").get<double>() == doctest::Approx(0.3333));
    CHECK(pc26->at("diversity").get<double>() == doctest::Approx(0.8873));
    // Series in code order.
    CHECK(j.at("series").at(0).at("series") == "grief-2026");

    // Matrix: Physician x Interior = P3 ("MD", "interior") and P10 ("Physician", "Interior
    // Health") = 2 distinct participants, though P3 came to 4 sessions; P8's "Yukon" matches no
    // region: Registered Nurse x (unknown) = 1; P7 has no profession: (unknown) x Northern = 1.
    bool physician_interior = false, rn_unknown = false, unknown_northern = false;
    for (const auto& c : j.at("matrix")) {
      if (c.at("profession") == "Physician" && c.at("region") == "Interior") {
        physician_interior = true;
        CHECK(c.at("participants") == 2);
      }
      if (c.at("profession") == "Registered Nurse" && c.at("region") == "(unknown)") {
        rn_unknown = true;
        CHECK(c.at("participants") == 1);
      }
      if (c.at("profession") == "(unknown)" && c.at("region") == "Northern") {
        unknown_northern = true;
        CHECK(c.at("participants") == 1);
      }
      CHECK(c.at("region") != "Vancouver Coastal"); // no participant: no cell in JSON
    }
    CHECK(physician_interior);
    CHECK(rn_unknown);
    CHECK(unknown_northern);
    CHECK(j.at("matrix").size() == 9);

    // Organizations: KLH and MMH shared pc-2025/1 (P1 P3 | P4), /3 (P1 P3 | P4 P7), /4 (P1 | P4),
    // pc-2026/3 (P1 | P7) and grief-2026/1 (P9's "kootenay lake hospital" | P4) = 5 sessions, the
    // most; KLH and RCH: pc-2025/1, pc-2026/1, wound-2026/1 = 3; MMH and RCH only pc-2025/1 = 1.
    const auto& orgs = j.at("organizations");
    REQUIRE(orgs.size() == 8);
    CHECK(orgs.at(0) ==
          nlohmann::json{{"a", "Kootenay Lake Hospital"}, {"b", "Mills Memorial Hospital"}, {"sessions", 5}});
    CHECK(orgs.at(1) ==
          nlohmann::json{{"a", "Kootenay Lake Hospital"}, {"b", "Royal Columbian Hospital"}, {"sessions", 3}});
    CHECK(orgs.at(7) ==
          nlohmann::json{{"a", "Mills Memorial Hospital"}, {"b", "Royal Columbian Hospital"}, {"sessions", 1}});
    for (const auto& o : orgs) CHECK(o.at("a").get<std::string>() < o.at("b").get<std::string>());
  }

  TEST_CASE("report network for a period: only that period's sessions and series") {
    Hub hub(slurp(fixture("network/hub.toml")));
    seed_network_hub(hub);
    const auto j = json_of(hub.run(
        {"report", "network", "--from", "2026-01-01", "--to", "2026-06-30", "--as-of", "2026-12-01", "--json"}));
    // pc-2026 (3 sessions) and wound-2026 (2): wound /1 P3 P6 P2 = 3 professions (ln 3 =
    // 1.098612), /2 P6 P2 = 2 (ln 2 = 0.693147): diversity 1.791759 / 2 = 0.8959, 3+ = 1 / 2.
    REQUIRE(j.at("series").size() == 2);
    CHECK(j.at("series").at(1) == nlohmann::json{{"series", "wound-2026"},
                                                 {"sessions", 2},
                                                 {"mean_professions", 2.5},
                                                 {"diversity", 0.8959},
                                                 {"share_3plus", 0.5}});
    // KLH and MMH met once in the half year: pc-2026/3 (P1 | P7).
    bool found = false;
    for (const auto& o : j.at("organizations"))
      if (o.at("a") == "Kootenay Lake Hospital" && o.at("b") == "Mills Memorial Hospital") {
        found = true;
        CHECK(o.at("sessions") == 1);
      }
    CHECK(found);
  }

  TEST_CASE("report retention: the curve, share of all, the distribution, one-time and returning") {
    Hub hub(slurp(fixture("network/hub.toml")));
    seed_network_hub(hub);
    const auto j = json_of(hub.run({"report", "retention", "--series", "pc-2025", "--as-of", "2026-12-01", "--json"}));
    CHECK(j.at("series") == "pc-2025");
    // First session pc-2025/1: P1 P2 P3 P4 P5 = 5. Distinct attendees of the series: P1-P7 = 7.
    CHECK(j.at("first_session_attendees") == 5);
    // k = 1..4 are pc-2025/1, /3, /4, /5 (/2 was cancelled: no k).
    //   k=1 /1: 5 attendees, 5 of the first: 5/5 = 1, of all 5/7 = 0.7143
    //   k=2 /3: P1 P3 P4 P7 = 4, of the first P1 P3 P4 = 3: 3/5 = 0.6, of all 4/7 = 0.5714
    //   k=3 /4: P1 P4 = 2, both of the first: 2/5 = 0.4, of all 2/7 = 0.2857
    //   k=4 /5: P1 P3 P6 = 3, of the first P1 P3 = 2: 0.4, of all 3/7 = 0.4286
    const auto& curve = j.at("curve");
    REQUIRE(curve.size() == 4);
    const char* sessions[] = {"pc-2025/1", "pc-2025/3", "pc-2025/4", "pc-2025/5"};
    const int attendees[] = {5, 4, 2, 3};
    const int retained[] = {5, 3, 2, 2};
    const double of_first[] = {1.0, 0.6, 0.4, 0.4};
    const double of_all[] = {0.7143, 0.5714, 0.2857, 0.4286};
    for (std::size_t k = 0; k < 4; ++k) {
      CAPTURE(k);
      CHECK(curve.at(k).at("session") == sessions[k]);
      CHECK(curve.at(k).at("attendees") == attendees[k]);
      CHECK(curve.at(k).at("retained_from_first") == retained[k]);
      CHECK(curve.at(k).at("share_of_first").get<double>() == doctest::Approx(of_first[k]));
      CHECK(curve.at(k).at("share_of_all").get<double>() == doctest::Approx(of_all[k]));
    }
    // Sessions attended: P1 4 (/1 /3 /4 /5), P3 3 (/1 /3 /5), P4 3 (/1 /3 /4), P2 P5 P6 P7 1:
    // 1 -> 4, 2 -> 0, 3 -> 2, 4 -> 1; one-time 4, returning 3 (4 + 3 = 7).
    CHECK(j.at("distribution") == nlohmann::json::parse(R"([{"sessions":1,"participants":4},
      {"sessions":2,"participants":0},{"sessions":3,"participants":2},{"sessions":4,"participants":1}])"));
    CHECK(j.at("one_time") == 4);
    CHECK(j.at("returning") == 3);
    CHECK_FALSE(j.contains("across_series"));

    // Without --series: a usage error.
    const auto bare = hub.run({"report", "retention", "--as-of", "2026-12-01"});
    CHECK_MESSAGE(bare.code == 2, bare);
    CHECK(bare.err.find("--series") != std::string::npos);
  }

  TEST_CASE("report retention --across-series: who came back later in another series") {
    Hub hub(slurp(fixture("network/hub.toml")));
    seed_network_hub(hub);
    const auto j = json_of(
        hub.run({"report", "retention", "--series", "pc-2026", "--across-series", "--as-of", "2026-12-01", "--json"}));
    // pc-2026's participants: P1 P5 P7 P8 P9 P10. After their last pc-2026 session, P8 (last
    // pc-2026/2, 2026-02-10) and P9 (same) came to grief-2026/1 on 2026-10-06; P7 came to
    // pc-2025 before, which is not later; P1, P5, P10 came to no other series afterwards.
    const auto& across = j.at("across_series");
    CHECK(across.at("count") == 2);
    REQUIRE(across.at("participants").size() == 2);
    CHECK(across.at("participants").at(0) == nlohmann::json{{"email", "hana.kim@example.org"},
                                                            {"name", "Hana Kim"},
                                                            {"series", {"grief-2026"}},
                                                            {"first_date", "2026-10-06"}});
    CHECK(across.at("participants").at(1).at("name") == "Ivo Novák");
    // pc-2026: first session 5 (P1 P5 P8 P9 P10); /2 P1 P8 P9 all of the first: 3/5 = 0.6;
    // /3 P1 P10 P7: 2 of the first, 2/5 = 0.4; all attendees 6: /3 share_of_all 3/6 = 0.5.
    CHECK(j.at("curve").at(2).at("retained_from_first") == 2);
    CHECK(j.at("curve").at(2).at("share_of_all").get<double>() == doctest::Approx(0.5));

    // pc-2025 --across-series: Dev Patel (P4, last pc-2025/4 2025-03-11) came back in grief-2026.
    const auto j25 = json_of(
        hub.run({"report", "retention", "--series", "pc-2025", "--across-series", "--as-of", "2026-12-01", "--json"}));
    const auto* dev = find_row(j25.at("across_series").at("participants"), "name", "Dev Patel");
    REQUIRE(dev != nullptr);
    CHECK(dev->at("series") == nlohmann::json{"grief-2026"});
    // Every one of pc-2025's 7 came back: P1 P5 P7 in pc-2026, P2 P3 P6 in wound-2026, P4 in grief-2026.
    CHECK(j25.at("across_series").at("count") == 7);
  }

  TEST_CASE("report network and retention in every format, html with the matrix and the line chart") {
    Hub hub(slurp(fixture("network/hub.toml")));
    seed_network_hub(hub);
    for (const char* format : {"table", "tsv", "csv", "json", "jsonl", "markdown", "html"}) {
      CAPTURE(format);
      const auto n = hub.run({"report", "network", "--as-of", "2026-12-01", "--format", format});
      CHECK_MESSAGE(n.code == 0, n);
      CHECK(!n.out.empty());
      const auto r = hub.run({"report", "retention", "--series", "pc-2025", "--across-series", "--as-of", "2026-12-01",
                              "--format", format});
      CHECK_MESSAGE(r.code == 0, r);
      CHECK(!r.out.empty());
    }
    auto r = hub.run({"report", "network", "--as-of", "2026-12-01", "-o", "network.xlsx"});
    CHECK_MESSAGE(r.code == 0, r);
    CHECK(std::filesystem::exists(hub.dir() / "network.xlsx"));
    CHECK((std::filesystem::status(hub.dir() / "network.xlsx").permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));

    const auto html = hub.run({"report", "network", "--as-of", "2026-12-01", "--format", "html"});
    REQUIRE(html.code == 0);
    // The matrix, regions across in the configured order (Vancouver Coastal, nobody, a column of
    // zeros), the unknown region last; Physician x Interior = 2 is the darkest cell.
    CHECK(html.out.find("<table class=\"matrix\">") != std::string::npos);
    CHECK(html.out.find("<th scope=\"col\">Interior</th><th scope=\"col\">Fraser</th><th scope=\"col\">Vancouver "
                        "Coastal</th><th scope=\"col\">Northern</th><th scope=\"col\">Island</th><th "
                        "scope=\"col\">(unknown)</th>") != std::string::npos);
    CHECK(html.out.find("title=\"Physician, Interior: 2 participants\">2</td>") != std::string::npos);
    CHECK(html.out.find("<dt>Diversity (Shannon index)</dt>") != std::string::npos);
    CHECK(html.out.find("Definitions") != std::string::npos);

    const auto ret =
        hub.run({"report", "retention", "--series", "pc-2025", "--as-of", "2026-12-01", "--format", "html"});
    REQUIRE(ret.code == 0);
    CHECK(ret.out.find("<polyline") != std::string::npos);
    CHECK(ret.out.find("<figcaption>Retention by session</figcaption>") != std::string::npos);
    CHECK(ret.out.find("<dt>Share of all</dt>") != std::string::npos);
    // k = 2 is pc-2025/3: 60 % of the first session's attendees.
    CHECK(ret.out.find("2 (pc-2025/3), share of the first session&#39;s attendees: 60 %") != std::string::npos);
  }
}

} // namespace test_report_network
