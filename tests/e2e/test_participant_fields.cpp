// participant import: a row with more or fewer fields than the header is a bad row.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_participant_fields {

using echo::test::Hub;
using echo::test::seed_pc2026;

TEST_SUITE("e2e participant field count") {

  TEST_CASE("a participant row with more or fewer fields than the header is a bad row and nothing is imported") {
    Hub hub;
    seed_pc2026(hub);
    const auto before = hub.dump();
    const auto file = hub.write("p.csv", "name,email,profession,organization,region,rural\n"
                                         "Ann One,ann1@x.org,RN,Org,Reg,yes\n"
                                         "A,a@x.org,RN,Org,Reg,yes,extra,cols\n"
                                         "Bob Two,bob2@x.org,RN,Org\n");
    const auto r = hub.run({"participant", "import", file.string()});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK_MESSAGE(r.err.find("p.csv:3: 8 fields, the header has 6") != std::string::npos, r.err);
    CHECK_MESSAGE(r.err.find("p.csv:4: 4 fields, the header has 6") != std::string::npos, r.err);
    CHECK(r.err.find("p.csv:2") == std::string::npos);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("trailing commas do not count as fields") {
    Hub hub;
    seed_pc2026(hub);
    const auto file = hub.write("p.csv", "name,email,profession,organization,region,rural,\r\n"
                                         "Ann One,ann1@x.org,RN,Org,Reg,yes,\r\n"
                                         "Bob Two,bob2@x.org,RN,Org,Reg,no,,\r\n");
    const auto r = hub.run({"participant", "import", file.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT count(*) FROM participant WHERE email IN ('ann1@x.org', 'bob2@x.org')") == "2");
  }
}

} // namespace test_participant_fields
