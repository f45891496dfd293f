// Bad CSV quoting in attendance and participant imports: a stray quote must not swallow the
// following rows; the import fails with 65 naming the line and the database is unchanged.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_quoting {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::seed_pc2026;

TEST_SUITE("e2e csv quoting") {

  TEST_CASE("a stray quote at the start of a Zoom participant line is bad data naming that line") {
    Hub hub;
    seed_pc2026(hub);
    const auto before = hub.dump();
    const auto r = hub.run({"attendance", "import", fixture("zoom/stray_quote.csv").string()});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK_MESSAGE(r.err.find("stray_quote.csv:6: bad quoting: a quoted field is not closed on its line") !=
                      std::string::npos,
                  r.err);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("a quote inside an unquoted field or text after a closing quote is bad data with its column") {
    Hub hub;
    seed_pc2026(hub);
    const auto before = hub.dump();
    const std::string header = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n";
    SUBCASE("quote inside an unquoted field") {
      const auto file = hub.write("inner.csv", header + "Maria Chen,m.chen@example.org,02/10/2026 11:58:00 AM,"
                                                        "02/10/2026 01:00:00 PM,62,No\n"
                                                        "Bob \"B\" Two,b2@example.org,02/10/2026 11:58:00 AM,"
                                                        "02/10/2026 01:00:00 PM,62,No\n");
      const auto r = hub.run({"attendance", "import", file.string(), "--session", "pc-2026/3"});
      CHECK_MESSAGE(r.code == 65, r);
      CHECK_MESSAGE(r.err.find("inner.csv:3:5: bad quoting: a quote inside an unquoted field") != std::string::npos,
                    r.err);
    }
    SUBCASE("text after a closing quote") {
      const auto file = hub.write("after.csv", header + "\"Maria\" Chen,m.chen@example.org,02/10/2026 11:58:00 AM,"
                                                        "02/10/2026 01:00:00 PM,62,No\n");
      const auto r = hub.run({"attendance", "import", file.string(), "--session", "pc-2026/3"});
      CHECK_MESSAGE(r.code == 65, r);
      CHECK_MESSAGE(r.err.find("after.csv:2:9: bad quoting: text after a closing quote") != std::string::npos, r.err);
    }
    SUBCASE("a quote left open on the last line without a final newline") {
      const auto file = hub.write("eof.csv", header + "\"Maria Chen,m.chen@example.org,02/10/2026 11:58:00 AM,"
                                                      "02/10/2026 01:00:00 PM,62,No");
      const auto r = hub.run({"attendance", "import", file.string(), "--session", "pc-2026/3"});
      CHECK_MESSAGE(r.code == 65, r);
      CHECK_MESSAGE(r.err.find("eof.csv:2: bad quoting: a quoted field is not closed at the end of the file") !=
                        std::string::npos,
                    r.err);
    }
    CHECK(hub.dump() == before);
  }

  TEST_CASE("a stray quote in a participant CSV imports nobody and names the line") {
    Hub hub;
    seed_pc2026(hub);
    const auto before = hub.dump();
    const auto file = hub.write("p.csv", "name,email,profession,organization,region,rural\n"
                                         "\"Ann One,ann1@x.org,RN,Org,Reg,yes\n"
                                         "Bob Two,bob2@x.org,RN,Org,Reg,no\n"
                                         "\"Cat Three\",cat3@x.org,RN,Org,Reg,no\n");
    const auto r = hub.run({"participant", "import", file.string()});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK_MESSAGE(r.err.find("p.csv:2: bad quoting: a quoted field is not closed on its line") != std::string::npos,
                  r.err);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("well-quoted fields with commas and doubled quotes still import") {
    Hub hub;
    seed_pc2026(hub);
    const auto file = hub.write("ok.csv", "\xEF\xBB\xBFname,email,profession,organization,region,rural,\r\n"
                                          "\"Lee, Ann \"\"Annie\"\"\",ann1@x.org,RN,\"Org, North\",Reg,yes,\r\n");
    const auto r = hub.run({"participant", "import", file.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT name || '|' || organization FROM participant WHERE email = 'ann1@x.org'") ==
          "Lee, Ann \"Annie\"|Org, North");
  }
}

} // namespace test_attendance_quoting
