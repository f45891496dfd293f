// Schedule imports that must be refused before anything is written (QA findings).

#include "harness.hpp"

#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_session_import_refusals {

using echo::test::example;
using echo::test::fixture;
using echo::test::Hub;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

int count_of(const std::string& text, const std::string& part) {
  int n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

// The TOML example: series pc-2026 with 10 scheduled sessions.
void import_example(const Hub& hub) {
  auto r = hub.run({"session", "import", example("schedules/palliative-care-2026.toml").string()});
  REQUIRE_MESSAGE(r.code == 0, r);
  REQUIRE(hub.scalar("SELECT count(*) FROM session WHERE status = 'scheduled'") == "10");
}

} // namespace

TEST_SUITE("e2e: session import refusals") {
  TEST_CASE("an empty TOML schedule with --prune is refused and cancels nothing") {
    Hub hub;
    import_example(hub);
    const auto before = hub.dump();
    for (const std::string text : {"", "  \n\t\n", "# nothing scheduled yet\n\n# (to do)\n"}) {
      CAPTURE(text);
      const auto file = hub.write("s.toml", text).string();
      auto r = hub.run({"session", "import", file, "--series", "pc-2026", "--prune"});
      CHECK(r.code == 65);
      CHECK(has(r.err, "no sessions in " + file));
      CHECK(r.out.empty());
      r = hub.run({"session", "import", file, "--series", "pc-2026", "--prune", "--dry-run"});
      CHECK(r.code == 65);
      CHECK(has(r.err, "no sessions in " + file));
      r = hub.run({"session", "import", file, "--series", "pc-2026"});
      CHECK(r.code == 65);
      CHECK(hub.dump() == before);
    }
  }

  TEST_CASE("a TOML [series] table without sessions is refused with --prune") {
    Hub hub;
    import_example(hub);
    const auto before = hub.dump();
    const auto file = hub.write("s.toml", "[series]\ncode = \"pc-2026\"\ntitle = \"Palliative Care ECHO 2026\"\n");
    auto r = hub.run({"session", "import", file.string(), "--prune"});
    CHECK(r.code == 65);
    CHECK(has(r.err, "no sessions in " + file.string() + ": --prune would cancel every session of series 'pc-2026'"));
    CHECK(hub.dump() == before);
    // Without --prune the [series] table alone still updates the series.
    r = hub.run({"session", "import", file.string()});
    CHECK_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT count(*) FROM session WHERE status = 'scheduled'") == "10");
  }

  TEST_CASE("empty JSON and header-only CSV schedules are refused with --prune") {
    Hub hub;
    import_example(hub);
    const auto before = hub.dump();
    for (const auto& [name, text] : std::initializer_list<std::pair<const char*, const char*>>{
             {"s.json", "[]"},
             {"s.json", "{}"},
             {"s.json", "{\"sessions\": []}"},
             {"s.csv", "series,key,date,time,duration,topic,presenters\r\n"}}) {
      CAPTURE(text);
      const auto file = hub.write(name, text).string();
      auto r = hub.run({"session", "import", file, "--series", "pc-2026", "--prune"});
      CHECK(r.code == 65);
      CHECK(has(r.err, "no sessions in " + file));
      CHECK(hub.dump() == before);
    }
  }

  TEST_CASE("an ICS import without --series is one usage error before reading the events") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "nc-2026", "--title", "Nurse Coordinators ECHO 2026"}).code == 0);
    const auto before = hub.dump();
    const auto file = example("schedules/nurse-coordinators-2026.ics").string();
    auto r = hub.run({"session", "import", file});
    CHECK(r.code == 2);
    CHECK(count_of(r.err, "give --series CODE") == 1);
    CHECK(has(r.err, file + " is an ICS calendar, which names no series: give --series CODE"));
    CHECK_FALSE(has(r.err, "or a series column"));
    CHECK(hub.dump() == before);
    // Even a broken calendar gets the usage error first, not its event problems.
    r = hub.run({"session", "import", fixture("schedule/broken.ics").string(), "--dry-run"});
    CHECK(r.code == 2);
    CHECK(count_of(r.err, "give --series CODE") == 1);
    CHECK(hub.dump() == before);
  }
}

} // namespace test_session_import_refusals
