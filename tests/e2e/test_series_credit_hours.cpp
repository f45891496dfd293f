// --credit-hours values that are not finite numbers (2) or out of range (65), and TOML credit_hours.

#include "harness.hpp"

#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_series_credit_hours {

using echo::test::Hub;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE("e2e: series credit hours") {
  TEST_CASE("series create refuses nan, inf and words with exit 2 naming --credit-hours") {
    Hub hub;
    for (const std::string v : {"nan", "NaN", "inf", "-inf", "infinity", "lots", "1.5x"}) {
      CAPTURE(v);
      auto r = hub.run({"series", "create", "a-1", "--title", "A", "--credit-hours", v});
      CHECK(r.code == 2);
      CHECK(has(r.err, "--credit-hours"));
      CHECK(has(r.err, "'" + v + "' is not a"));
      CHECK_FALSE(has(r.err, "constraint"));
      CHECK(hub.dump() == "<no database>");
    }
  }

  TEST_CASE("series create refuses negative and above-100 credit hours with exit 65") {
    Hub hub;
    for (const std::string v : {"-1", "100.5", "1e9"}) {
      CAPTURE(v);
      auto r = hub.run({"series", "create", "a-1", "--title", "A", "--credit-hours", v});
      CHECK(r.code == 65);
      CHECK(has(r.err, "--credit-hours must be between 0 and 100"));
      CHECK(hub.dump() == "<no database>");
    }
    // The bounds themselves are fine.
    auto r = hub.run({"series", "create", "a-1", "--title", "A", "--credit-hours", "100"});
    CHECK_MESSAGE(r.code == 0, r);
    r = hub.run({"series", "create", "a-2", "--title", "B", "--credit-hours", "0"});
    CHECK_MESSAGE(r.code == 0, r);
  }

  TEST_CASE("series update refuses nan (2) and out-of-range values (65) and keeps the series") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "a-1", "--title", "A", "--credit-hours", "1.5"}).code == 0);
    const auto before = hub.dump();
    auto r = hub.run({"series", "update", "a-1", "--credit-hours", "nan"});
    CHECK(r.code == 2);
    CHECK(has(r.err, "--credit-hours"));
    CHECK_FALSE(has(r.err, "NOT NULL"));
    r = hub.run({"series", "update", "a-1", "--credit-hours", "inf"});
    CHECK(r.code == 2);
    r = hub.run({"series", "update", "a-1", "--credit-hours", "101"});
    CHECK(r.code == 65);
    CHECK(has(r.err, "--credit-hours must be between 0 and 100, not 101"));
    CHECK(hub.dump() == before);
    CHECK(hub.scalar("SELECT credit_hours FROM series") == "1.5");
  }

  TEST_CASE("a TOML [series] with non-finite or out-of-range credit_hours is refused with 65") {
    Hub hub;
    for (const std::string v : {"nan", "inf", "-2.0", "250.0"}) {
      CAPTURE(v);
      const auto file = hub.write("s.toml", "[series]\ncode = \"a-1\"\ntitle = \"A\"\ncredit_hours = " + v + "\n");
      auto r = hub.run({"series", "create", "--file", file.string()});
      CHECK(r.code == 65);
      CHECK(has(r.err, "credit_hours must be between 0 and 100"));
      r = hub.run({"session", "import", file.string()});
      CHECK(r.code == 65);
      // A failed writer leaves nothing, not even the database it would have created.
      CHECK(hub.dump() == "<no database>");
    }
  }
}

} // namespace test_series_credit_hours
