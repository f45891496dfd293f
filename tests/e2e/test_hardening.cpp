// Hardening (issue 11): garbage is refused with a location and the documented exit code, the
// database stays exactly as it was, and output never carries terminal control characters.

#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_hardening {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::seed_pc2026;
using echo::test::slurp;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE("e2e hardening") {
  TEST_CASE("config: nan and inf are refused with file:line:column, a NUL in the path too") {
    Hub hub;
    SUBCASE("min_percent = nan") {
      const auto file = hub.write("bad.toml", "[certificates]\nmin_percent = nan\n");
      const auto r = hub.raw({"config", "check", file.string()});
      CHECK(r.code == 78);
      CHECK_MESSAGE(has(r.err, "bad.toml:2:15"), r);
      CHECK(has(r.err, "'certificates.min_percent' must be a finite number, not nan"));
    }
    SUBCASE("credit_hours = inf") {
      const auto file = hub.write("bad.toml", "[defaults]\n\ncredit_hours = -inf\n");
      const auto r = hub.raw({"config", "check", file.string()});
      CHECK(r.code == 78);
      CHECK_MESSAGE(has(r.err, "bad.toml:3:16"), r);
      CHECK(has(r.err, "'defaults.credit_hours' must be a finite number"));
    }
    SUBCASE("path = \"ec\\u0000ho.db\"") {
      const auto file = hub.write("bad.toml", "[database]\npath = \"ec\\u0000ho.db\"\n");
      const auto r = hub.raw({"--config", file.string(), "participant", "add", "--name", "A", "--email", "a@b.org"});
      CHECK(r.code == 78);
      CHECK_MESSAGE(has(r.err, "bad.toml:2:8: 'database.path' contains a NUL byte"), r);
      CHECK_FALSE(std::filesystem::exists(hub.dir() / "ec"));
    }
    SUBCASE("a hub name with an escape sequence") {
      const auto file = hub.write("bad.toml", "[hub]\nname = \"Hub\\u001b[2J\"\n");
      const auto r = hub.raw({"config", "check", file.string()});
      CHECK(r.code == 78);
      CHECK_MESSAGE(has(r.err, "bad.toml:2:8: 'hub.name' contains the control character U+001B"), r);
    }
  }

  TEST_CASE("command line: -o '' is a usage error, 0x10 is not a number, ESC is refused") {
    Hub hub;
    REQUIRE(hub.run({"participant", "add", "--name", "Alice Lee", "--email", "a.lee@example.org"}).code == 0);
    const auto before = hub.dump();
    auto r = hub.run({"participant", "list", "-o", ""});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(has(r.err, "empty file name"));
    r = hub.run({"session", "export", "-o", ""});
    CHECK(r.code == 2);
    r = hub.run({"series", "create", "hex-1", "--title", "Hex", "--credit-hours", "0x10"});
    CHECK(r.code == 2);
    CHECK_MESSAGE(has(r.err, "'0x10' is not a decimal number"), r);
    r = hub.run({"series", "create", "nan-1", "--title", "NaN", "--credit-hours", "nan"});
    CHECK(r.code == 2);
    r = hub.run({"participant", "add", "--name", "Eve\x1b]0;pwned\x07", "--email", "eve@example.org"});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "contains the control character U+001B"), r);
    CHECK_FALSE(has(r.err, "\x1b"));
    r = hub.run({"participant", "add", "--name", "Bad \xe9", "--email", "bad@example.org"});
    CHECK(r.code == 65);
    CHECK(has(r.err, "is not valid UTF-8"));
    CHECK(hub.dump() == before);
  }

  TEST_CASE("dates outside 1990..2100 are refused from the command line and schedule files") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "pc-2026", "--title", "PC", "--timezone", "America/Vancouver"}).code == 0);
    const auto before = hub.dump();
    auto r = hub.run({"series", "create", "old-1", "--title", "Old", "--start", "0000-12-31", "--time", "10:00"});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "0000-12-31 is outside 1990-01-01..2100-12-31"), r);
    r = hub.run({"session", "add", "pc-2026", "--date", "2150-01-01", "--time", "10:00"});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "2150-01-01 is outside"), r);
    const auto csv = hub.write("s.csv", "series,key,date,time,duration,topic\npc-2026,a,2026-01-13,12:00,60,Fine\n"
                                        "pc-2026,b,0000-01-01,12:00,60,Year zero\n");
    r = hub.run({"session", "import", csv.string()});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "s.csv:3: date 0000-01-01 is outside"), r);
    const auto toml = hub.write("s.toml", "[series]\ncode = \"far-1\"\ntitle = \"Far\"\nstart = 2101-01-01\n");
    r = hub.run({"session", "import", toml.string()});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "2101-01-01 is outside"), r);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("proposal start dates outside 1990..2100 are refused, in the file and from --start") {
    Hub hub;
    REQUIRE(hub.run({"participant", "add", "--name", "Seed", "--email", "seed@example.org"}).code == 0);
    const auto before = hub.dump();
    auto text = slurp(fixture("proposal/pain-echo.toml"));
    const auto at = text.find("start = 2026-10-06");
    REQUIRE(at != std::string::npos);
    text.replace(at, 18, "start = 0000-10-06");
    const auto file = hub.write("p.toml", text);
    auto r = hub.run({"proposal", "submit", file.string()});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "p.toml:10:9: 'start' 0000-10-06 is outside 1990-01-01..2100-12-31"), r);
    r = hub.run({"proposal", "submit", fixture("proposal/pain-echo.toml").string(), "--start", "2200-01-01"});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "--start 2200-01-01 is outside"), r);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("schedule readers refuse NUL, invalid UTF-8 and control characters") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "pc-2026", "--title", "PC", "--timezone", "America/Vancouver"}).code == 0);
    const auto before = hub.dump();
    const auto csv = hub.write("s.csv", std::string("series,key,date,time,duration,topic\n"
                                                    "pc-2026,a,2026-01-13,12:00,60,Pain\x1b[2J\n"
                                                    "pc-2026,b,2026-01-27,12:00,60,N") +
                                            std::string(1, '\0') +
                                            "L\n"
                                            "pc-2026,c,2026-02-10,12:00,60,caf\xe9\n");
    auto r = hub.run({"session", "import", csv.string()});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "s.csv:2: topic contains the control character U+001B"), r);
    CHECK(has(r.err, "s.csv:3: topic contains a NUL byte"));
    CHECK(has(r.err, "s.csv:4: topic is not valid UTF-8"));
    const auto json = hub.write("s.json", R"([{"series": "pc-2026", "date": "2026-01-13", "topic": "Bell\u0007"}])");
    r = hub.run({"session", "import", json.string()});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "topic contains the control character U+0007"), r);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("JSON: a number beyond double range is bad data with a line, deep nesting is refused") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "pc-2026", "--title", "PC", "--timezone", "America/Vancouver"}).code == 0);
    const auto before = hub.dump();
    const auto big = hub.write("big.json", "{\"series\": {\"code\": \"pc-2026\",\n \"credit_hours\": 1e400}}\n");
    auto r = hub.run({"session", "import", big.string()});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "big.json:2: number 1e400 is out of range"), r);
    const auto deep = hub.write("deep.json", std::string(100000, '[') + std::string(100000, ']'));
    r = hub.run({"session", "import", deep.string()});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "deep.json:1:65: arrays or objects nested deeper than 64"), r);
    const auto toml = hub.write("deep.toml", "a = " + std::string(100000, '['));
    r = hub.run({"session", "import", toml.string()});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "deep.toml:1:"), r);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("attendance: times outside [start - 2 h, end + 12 h] and minutes past the span are refused") {
    Hub hub;
    seed_pc2026(hub);
    const auto before = hub.dump();
    SUBCASE("a Zoom join time in 1970") {
      auto text = slurp(fixture("zoom/meeting_old.csv"));
      const std::string from = "Alice Lee,A.Lee@Example.org,01/13/2026 11:55:02 AM";
      const auto at = text.find(from);
      REQUIRE(at != std::string::npos);
      text.replace(at, from.size(), "Alice Lee,A.Lee@Example.org,01/13/1970 11:55:02 AM");
      const auto file = hub.write("zoom1970.csv", text);
      const auto r = hub.run({"attendance", "import", file.string()});
      CHECK(r.code == 65);
      CHECK_MESSAGE(has(r.err, "zoom1970.csv:6: 1970-01-13 11:55"), r);
      CHECK(has(r.err, "is outside session pc-2026/1"));
    }
    SUBCASE("generic CSV minutes=5000") {
      const auto file = hub.write("m.csv", "session,email,name,minutes\npc-2026/1,a.lee@example.org,Alice Lee,60\n"
                                           "pc-2026/2,a.lee@example.org,Alice Lee,5000\n");
      const auto r = hub.run({"attendance", "import", file.string()});
      CHECK(r.code == 65);
      // 60 scheduled minutes + 2 h before + 12 h after = 900.
      CHECK_MESSAGE(has(r.err, "m.csv:3: 5000 minutes is more than session pc-2026/2 allows (900 minutes"), r);
    }
    SUBCASE("a leave time in 2099") {
      const auto file = hub.write("l.csv", "session,email,name,join,leave\n"
                                           "pc-2026/2,a.lee@example.org,Alice Lee,2026-01-27 12:00:00,"
                                           "2099-01-27 12:50:00\n");
      const auto r = hub.run({"attendance", "import", file.string(), "--dry-run"});
      CHECK(r.code == 65);
      CHECK_MESSAGE(has(r.err, "l.csv:2:"), r);
      CHECK(has(r.err, "2099-01-27 12:50"));
    }
    SUBCASE("a join 2 h before and a leave 12 h after the end are still taken") {
      // Session 2: 2026-01-27 12:00-13:00 Vancouver; 10:00 to 01:00 the next day is the window.
      const auto file = hub.write("ok.csv", "session,email,name,join,leave\n"
                                            "pc-2026/2,a.lee@example.org,Alice Lee,2026-01-27 10:00:00,"
                                            "2026-01-28 01:00:00\n");
      const auto r = hub.run({"attendance", "import", file.string()});
      CHECK_MESSAGE(r.code == 0, r);
      CHECK(hub.scalar("SELECT minutes FROM attendance WHERE session_id = 2") == "900");
      return;
    }
    CHECK(hub.dump() == before);
  }

  TEST_CASE("attendance: an ESC in a Zoom display name is refused") {
    Hub hub;
    seed_pc2026(hub);
    const auto before = hub.dump();
    auto text = slurp(fixture("zoom/meeting_old.csv"));
    const auto at = text.find("Guest Caller");
    REQUIRE(at != std::string::npos);
    text.replace(at, 12, "Guest\x1b[2JCaller");
    const auto file = hub.write("esc.csv", text);
    const auto r = hub.run({"attendance", "import", file.string()});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "esc.csv:12: the name contains the control character U+001B"), r);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("attendance: a participant created by the import is counted created once, not once per session") {
    Hub hub;
    seed_pc2026(hub);
    const auto file = hub.write("two.csv", "session,email,name,minutes\n"
                                           "pc-2026/1,new.person@example.org,New Person,50\n"
                                           "pc-2026/2,new.person@example.org,New Person,40\n");
    const auto r = hub.run({"attendance", "import", file.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    // Created at pc-2026/1 (50 minutes: eligible), matched at pc-2026/2 (40 minutes: not).
    CHECK_MESSAGE(has(r.out, "pc-2026/1: 1 rows, 0 matched, 1 created, 0 unmatched, 1 eligible"), r.out);
    CHECK_MESSAGE(has(r.out, "pc-2026/2: 1 rows, 1 matched, 0 created, 0 unmatched, 0 eligible"), r.out);
  }

  TEST_CASE("participant CSV: control characters in any cell are refused") {
    Hub hub;
    REQUIRE(hub.run({"participant", "add", "--name", "Seed", "--email", "seed@example.org"}).code == 0);
    const auto before = hub.dump();
    const auto file = hub.write("p.csv", "name,email,profession,organization,region,rural\n"
                                         "Eve\x1b[31m,eve@example.org,Nurse,,,no\n"
                                         "Bob,bob@example.org,Nurse\x07,,,no\n");
    const auto r = hub.run({"participant", "import", file.string()});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "p.csv:2: name contains the control character U+001B"), r);
    CHECK(has(r.err, "p.csv:3: profession contains the control character U+0007"));
    CHECK(hub.dump() == before);
  }

  TEST_CASE("output: a control character stored before this release is escaped in every text format") {
    Hub hub;
    REQUIRE(hub.run({"participant", "add", "--name", "Placeholder", "--email", "eve@example.org"}).code == 0);
    // A name stored by an older echo (set-up by SQL: echo itself now refuses it).
    REQUIRE(hub.run({"participant", "list"}).code == 0);
    echo::test::seed_sql(hub, "UPDATE participant SET name = 'Eve' || char(27) || '[2J' || char(7) || 'x', "
                              "organization = '=HYPERLINK(\"x\")'");
    for (const char* format : {"table", "tsv", "csv", "markdown"}) {
      CAPTURE(format);
      const auto r = hub.run({"participant", "list", "--format", format});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK_FALSE(has(r.out, "\x1b"));
      CHECK_FALSE(has(r.out, "\x07"));
      CHECK(has(r.out, "Eve\\x1B[2J\\x07x"));
    }
    const auto tsv = hub.run({"participant", "list", "--format", "tsv"});
    CHECK_MESSAGE(has(tsv.out, "\t'=HYPERLINK(\"x\")"), tsv.out);
    const auto json = hub.run({"participant", "list", "--json"});
    CHECK(has(json.out, "\\u001b"));
  }

  TEST_CASE("db backup removes what a killed backup left behind, and its own temporary file on failure") {
    Hub hub;
    REQUIRE(hub.run({"participant", "add", "--name", "Alice Lee", "--email", "a.lee@example.org"}).code == 0);
    // What `kill -9` during a backup leaves: a hidden temporary file of a process that is gone
    // (pid 4999999 is above Linux's pid_max) ...
    const auto stale = hub.write(".copy.db.tmp-4999999-1a2b", "half a database");
    // ... and one of a backup still running (this test's own process): kept.
    const auto running = hub.write(".copy.db.tmp-" + std::to_string(::getpid()) + "-3c4d", "in progress");
    auto r = hub.run({"db", "backup", "copy.db"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK_FALSE(std::filesystem::exists(stale));
    CHECK(std::filesystem::exists(running));
    std::filesystem::remove(running);

    // A backup that fails at its last step (the target is a directory) leaves nothing behind.
    std::filesystem::create_directories(hub.dir() / "taken" / "inside");
    r = hub.run({"db", "backup", "taken", "--force"});
    CHECK(r.code != 0);
    for (const auto& entry : std::filesystem::directory_iterator(hub.dir().path()))
      CHECK_MESSAGE(entry.path().filename().string().find(".tmp-") == std::string::npos, entry.path());
  }
}

} // namespace test_hardening
