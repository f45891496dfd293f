// Re-importing the same rows with other bytes (a new hash) must not list an unmatched person twice.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_unmatched_repeat {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::seed_pc2026;
using nlohmann::json;

namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

} // namespace

TEST_SUITE("e2e attendance unmatched repeats") {

  TEST_CASE("re-importing the same rows with other bytes does not list the unmatched person twice") {
    Hub hub;
    seed_pc2026(hub);
    const auto original = slurp(fixture("zoom/meeting_old.csv"));
    REQUIRE(hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string()}).code == 0);
    REQUIRE(hub.scalar("SELECT count(*) FROM unmatched_row") == "1");
    SUBCASE("an extra trailing CRLF") {
      const auto file = hub.write("meeting_old_copy.csv", original + "\r\n");
      const auto r = hub.run({"attendance", "import", file.string()});
      REQUIRE_MESSAGE(r.code == 0, r);
    }
    SUBCASE("a changed Duration cell") {
      const auto file = hub.write("meeting_old_copy.csv",
                                  replaced(original, "01/13/2026 12:35:00 PM,30,", "01/13/2026 12:35:00 PM,31,"));
      const auto r = hub.run({"attendance", "import", file.string()});
      REQUIRE_MESSAGE(r.code == 0, r);
    }
    const auto list = hub.run({"attendance", "unmatched", "--json"});
    REQUIRE_MESSAGE(list.code == 0, list);
    const auto j = json::parse(list.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["name"] == "Guest Caller");
    CHECK(j[0]["file"] == "meeting_old.csv");
  }

  TEST_CASE("an unmatched name without intervals is listed again only when its minutes differ") {
    Hub hub;
    seed_pc2026(hub);
    const std::string text = "session,email,name,minutes\npc-2026/2,,Guest Person,45\n";
    REQUIRE(hub.run({"attendance", "import", hub.write("a.csv", text).string()}).code == 0);
    REQUIRE(hub.run({"attendance", "import", hub.write("b.csv", text + "\n").string()}).code == 0);
    CHECK(hub.rows("SELECT name || '|' || minutes FROM unmatched_row ORDER BY id") ==
          std::vector<std::string>{"Guest Person|45"});
    REQUIRE(hub.run({"attendance", "import", hub.write("c.csv", replaced(text, ",45", ",46")).string()}).code == 0);
    CHECK(hub.rows("SELECT name || '|' || minutes FROM unmatched_row ORDER BY id") ==
          std::vector<std::string>{"Guest Person|45", "Guest Person|46"});
  }
}

} // namespace test_attendance_unmatched_repeat
