#include "harness.hpp"

#include <nlohmann/json.hpp>

#include <regex>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_session_import {

using echo::test::example;
using echo::test::fixture;
using echo::test::Hub;
using echo::test::slurp;
using nlohmann::json;

namespace {

const char* const k_summary_unchanged_10 = "inserted 0, updated 0, unchanged 10, cancelled 0\n";

void make_series(const Hub& hub, const std::string& code) {
  auto r = hub.run({"series", "create", code, "--title", "Series " + code, "--time", "12:00"});
  REQUIRE_MESSAGE(r.code == 0, r);
}

} // namespace

TEST_SUITE("e2e: session import") {
  TEST_CASE("the TOML example creates its series and sessions and re-import changes nothing") {
    Hub hub;
    const auto file = example("schedules/palliative-care-2026.toml").string();
    auto r = hub.run({"session", "import", file});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 10, updated 0, unchanged 0, cancelled 0\n");
    CHECK(hub.scalar("SELECT title || '|' || timezone FROM series WHERE code = 'pc-2026'") ==
          "Palliative Care ECHO 2026|America/Vancouver");
    CHECK(hub.scalar("SELECT count(*) FROM session WHERE origin = 'toml'") == "10");
    CHECK(hub.scalar("SELECT start_utc FROM session WHERE key = 's05'") == "2026-03-10T19:00:00Z");
    CHECK(hub.scalar("SELECT count(*) FROM session_person WHERE role = 'facilitator'") == "10");
    const auto before = hub.dump();
    r = hub.run({"session", "import", file});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == k_summary_unchanged_10);
    CHECK(hub.dump() == before);
    // `series schedule` does not duplicate the imported dates.
    r = hub.run({"series", "schedule", "pc-2026"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT count(*) FROM session") == "10");
  }

  TEST_CASE("a dry run before the first import plans against an empty database and creates nothing") {
    Hub hub;
    auto r = hub.run({"session", "import", example("schedules/palliative-care-2026.toml").string(), "--dry-run"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out.find("create-series pc-2026") != std::string::npos);
    CHECK(r.out.find("insert        pc-2026 s10  2026-05-19 12:00") != std::string::npos);
    CHECK(r.out.find("inserted 10, updated 0, unchanged 0, cancelled 0\n") != std::string::npos);
    CHECK(hub.dump() == "<no database>");
  }

  TEST_CASE("the Outlook ICS example imports into an existing series") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "nc-2026", "--title", "Nurse Coordinators ECHO 2026"}).code == 0);
    const auto file = example("schedules/nurse-coordinators-2026.ics").string();
    auto r = hub.run({"session", "import", file, "--series", "nc-2026"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 10, updated 0, unchanged 0, cancelled 0\n");
    CHECK(hub.scalar("SELECT count(*) FROM session WHERE local_date LIKE '2026-07%'") == "0"); // EXDATE
    CHECK(hub.scalar(
              "SELECT local_time || ' ' || duration || ' ' || topic FROM session WHERE local_date = '2026-03-26'") ==
          "13:00 90 Nurse Coordinators ECHO: medication reconciliation at home");
    CHECK(hub.scalar("SELECT count(*) FROM session WHERE local_time = '13:00'") == "10");
    const auto before = hub.dump();
    r = hub.run({"session", "import", file, "--series", "nc-2026"});
    CHECK(r.out == k_summary_unchanged_10);
    CHECK(hub.dump() == before);
    r = hub.run({"session", "import", file});
    CHECK_MESSAGE(r.code == 2, r); // an ICS names no series: a usage error, once
    CHECK(r.err.find("give --series CODE") != std::string::npos);
  }

  TEST_CASE("an ICS file with a new EXDATE and --prune cancels that occurrence only") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "nc-2026", "--title", "NC"}).code == 0);
    const auto original = slurp(example("schedules/nurse-coordinators-2026.ics"));
    REQUIRE(
        hub.run({"session", "import", example("schedules/nurse-coordinators-2026.ics").string(), "--series", "nc-2026"})
            .code == 0);
    auto text = original;
    const std::string exdate = "EXDATE;TZID=\"Pacific Standard Time\":20260716T130000\r\n";
    REQUIRE(text.find(exdate) != std::string::npos);
    text.replace(text.find(exdate), exdate.size(),
                 exdate + "EXDATE;TZID=\"Pacific Standard Time\":20260917T130000\r\n");
    // The moved session gets longer too.
    text = std::regex_replace(text, std::regex("20260326T143000"), "20260326T150000");
    const auto changed = hub.write("nc-changed.ics", text);
    auto r = hub.run({"session", "import", changed.string(), "--series", "nc-2026", "--prune"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 0, updated 1, unchanged 8, cancelled 1\n");
    CHECK(hub.scalar("SELECT status FROM session WHERE local_date = '2026-09-17'") == "cancelled");
    CHECK(hub.scalar("SELECT duration FROM session WHERE local_date = '2026-03-26'") == "120");
    CHECK(hub.scalar("SELECT count(*) FROM session WHERE status = 'scheduled'") == "9");
  }

  TEST_CASE("an imported session in the spring-forward gap is reported by key") {
    Hub hub;
    hub.write("gap.toml", "[series]\ncode = \"g-1\"\ntitle = \"Gap\"\ntimezone = \"America/Vancouver\"\n\n"
                          "[[session]]\nkey = \"early\"\ndate = 2026-03-08\ntime = 02:30:00\n");
    auto r = hub.run({"session", "import", "gap.toml"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.err.find("warning: g-1 early: 2026-03-08 02:30 does not exist in America/Vancouver") != std::string::npos);
    CHECK(hub.scalar("SELECT local_time || ' ' || start_utc FROM session") == "03:30 2026-03-08T10:30:00Z");
    r = hub.run({"session", "import", "gap.toml"});
    CHECK(r.out == "inserted 0, updated 0, unchanged 1, cancelled 0\n");
  }

  TEST_CASE("a Google ICS: UNTIL in UTC, EXDATE and a cancelled occurrence") {
    Hub hub;
    make_series(hub, "oud-2026");
    auto r = hub.run({"session", "import", fixture("schedule/google-weekly.ics").string(), "--series", "oud-2026"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 3, updated 0, unchanged 0, cancelled 0\n");
    CHECK(hub.rows("SELECT local_date || ' ' || status FROM session ORDER BY start_utc") ==
          std::vector<std::string>{"2026-02-24 scheduled", "2026-03-03 cancelled", "2026-03-17 scheduled"});
  }

  TEST_CASE("CSV import: quoted fields, default keys, updates and --prune") {
    Hub hub;
    make_series(hub, "pc-2026");
    const auto csv = fixture("schedule/pc-2026.csv").string();
    auto r = hub.run({"session", "import", csv});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 4, updated 0, unchanged 0, cancelled 0\n");
    CHECK(hub.scalar("SELECT key FROM session WHERE local_date = '2026-02-10'") == "2026-02-10");
    CHECK(hub.scalar("SELECT topic FROM session WHERE key = 's04'") == "Delirium: \"quiet\" and agitated");
    CHECK(hub.scalar("SELECT duration FROM session WHERE key = 's04'") == "90");

    // A session added by hand is never pruned.
    REQUIRE(hub.run({"session", "add", "pc-2026", "--date", "2026-06-02"}).code == 0);

    // Changed file: s02 moves to 12:30 with a new topic, s01 disappears, s05 is new.
    auto text = slurp(csv);
    text = std::regex_replace(text, std::regex("pc-2026,s01,[^\r]*\r\n"), "");
    text = std::regex_replace(text, std::regex("2026-01-27,12:00,60,\"Serious illness conversations, part 1\""),
                              "2026-01-27,12:30,60,Serious illness conversations");
    text += "pc-2026,s05,2026-03-10,12:00,60,Nausea,a.lee@example.org\r\n";
    const auto changed = hub.write("changed.csv", text);

    const auto before = hub.dump();
    r = hub.run({"session", "import", changed.string(), "--prune", "--dry-run"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out.find("update        pc-2026 s02") != std::string::npos);
    CHECK(r.out.find("insert        pc-2026 s05") != std::string::npos);
    CHECK(r.out.find("cancel        pc-2026 s01") != std::string::npos);
    CHECK(r.out.find("unchanged     pc-2026 s04") != std::string::npos);
    CHECK(r.out.find("inserted 1, updated 1, unchanged 2, cancelled 1\n") != std::string::npos);
    CHECK(hub.dump() == before); // byte-identical

    r = hub.run({"session", "import", changed.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 1, updated 1, unchanged 2, cancelled 0\n");
    CHECK(hub.scalar("SELECT local_time || ' ' || start_utc || ' ' || topic FROM session WHERE key = 's02'") ==
          "12:30 2026-01-27T20:30:00Z Serious illness conversations");
    CHECK(hub.scalar("SELECT status FROM session WHERE key = 's01'") == "scheduled"); // no --prune yet

    r = hub.run({"session", "import", changed.string(), "--prune"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 0, updated 0, unchanged 4, cancelled 1\n");
    CHECK(hub.scalar("SELECT status FROM session WHERE key = 's01'") == "cancelled");
    CHECK(hub.scalar("SELECT status FROM session WHERE key = '2026-06-02'") == "scheduled");
    r = hub.run({"session", "import", changed.string(), "--prune"});
    CHECK(r.out == "inserted 0, updated 0, unchanged 4, cancelled 0\n");
  }

  TEST_CASE("JSON import creates the series and honours status and facilitator") {
    Hub hub;
    auto r = hub.run({"session", "import", fixture("schedule/pc-2026.json").string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 3, updated 0, unchanged 0, cancelled 0\n");
    CHECK(hub.scalar("SELECT status FROM session WHERE key = 's03'") == "cancelled");
    r = hub.run({"session", "list", "--json"});
    const auto j = json::parse(r.out);
    CHECK(j[0]["facilitator"] == "m.tremblay@example.org");
    CHECK(j[1]["facilitator"].is_null());
    r = hub.run({"session", "import", fixture("schedule/pc-2026.json").string()});
    CHECK(r.out == "inserted 0, updated 0, unchanged 3, cancelled 0\n");
  }

  TEST_CASE("malformed files of every format: exit 65, every bad row named, database unchanged") {
    Hub hub;
    make_series(hub, "pc-2026");
    REQUIRE(hub.run({"session", "add", "pc-2026", "--date", "2026-01-06"}).code == 0);
    const auto before = hub.dump();

    auto r = hub.run({"session", "import", fixture("schedule/bad.csv").string()});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK(r.err.find("bad.csv: 5 problems") != std::string::npos);
    CHECK(r.err.find("bad.csv:3: invalid date '2026-02-30'") != std::string::npos);
    CHECK(r.err.find("bad.csv:4: invalid time 'noon'") != std::string::npos);
    CHECK(r.err.find("bad.csv:5: invalid duration 'an hour'") != std::string::npos);
    CHECK(r.err.find("bad.csv:6: presenter 'dr lee' is not an email address") != std::string::npos);
    // Found only against the database, and listed with the rest.
    CHECK(r.err.find("bad.csv:7: no series 'pc-2025'") != std::string::npos);

    r = hub.run({"session", "import", fixture("schedule/bad.toml").string()});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK(r.err.find("bad.toml:14:8: invalid date '2026-02-30'") != std::string::npos);
    CHECK(r.err.find("bad.toml:20:12: duration") != std::string::npos);
    CHECK(r.err.find("session key 's01' appears twice") != std::string::npos);

    r = hub.run({"session", "import", fixture("schedule/bad.json").string()});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK(r.err.find("sessions[1] (key s02): invalid date '13/01/2026'") != std::string::npos);
    CHECK(r.err.find("sessions[2] (key s03): duration") != std::string::npos);
    CHECK(r.err.find("sessions[3] (key s04): presenters") != std::string::npos);

    r = hub.run({"session", "import", fixture("schedule/broken.ics").string(), "--series", "pc-2026"});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK(r.err.find("UID unknown-zone@example.org") != std::string::npos);
    CHECK(r.err.find("Mars Standard Time") != std::string::npos);
    CHECK(r.err.find("UID bad-date@example.org") != std::string::npos);
    CHECK(r.err.find("UID no-start@example.org") != std::string::npos);

    r = hub.run({"session", "import", fixture("schedule/all-day.ics").string(), "--series", "pc-2026"});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK(r.err.find("all-day event") != std::string::npos);

    hub.write("not-json.json", "{\"sessions\": [\n");
    r = hub.run({"session", "import", "not-json.json", "--series", "pc-2026"});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK(r.err.find("not-json.json:2:") != std::string::npos);

    r = hub.run({"session", "import", "missing.csv"});
    CHECK_MESSAGE(r.code == 66, r);
    hub.write("schedule.txt", "x");
    r = hub.run({"session", "import", "schedule.txt"});
    CHECK_MESSAGE(r.code == 2, r);
    r = hub.run({"session", "import", fixture("schedule/pc-2026.csv").string(), "--format", "xml"});
    CHECK_MESSAGE(r.code == 2, r);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("export to every format and import back: nothing changes") {
    Hub hub;
    REQUIRE(hub.run({"session", "import", example("schedules/palliative-care-2026.toml").string()}).code == 0);
    REQUIRE(hub.run({"session", "cancel", "pc-2026/4", "--reason", "storm"}).code == 0);
    // A session in the spring-forward gap and one with a quote and a comma in its topic.
    REQUIRE(hub.run({"session", "add", "pc-2026", "--date", "2026-03-08", "--time", "02:30", "--topic",
                     "Gap, \"quoted\"; and long " + std::string(80, 'x')})
                .code == 0);
    const auto before = hub.dump();
    for (const std::string format : {"ics", "csv", "json", "toml"}) {
      CAPTURE(format);
      const auto file = "export." + format;
      auto r = hub.run({"session", "export", "--series", "pc-2026", "-o", file});
      REQUIRE_MESSAGE(r.code == 0, r);
      r = hub.run({"session", "import", file, "--series", "pc-2026"});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK(r.out == "inserted 0, updated 0, unchanged 11, cancelled 0\n");
    }
    // Only the import ledger grew.
    auto strip_ledger = [](const std::string& dump) { return dump.substr(0, dump.find("== import_file")); };
    CHECK(strip_ledger(hub.dump()) == strip_ledger(before));

    // A second hub imports the TOML export and ends with the same sessions.
    Hub other;
    const auto toml = hub.dir() / "export.toml";
    auto r = other.run({"session", "import", toml.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 11, updated 0, unchanged 0, cancelled 0\n");
    const char* q =
        "SELECT key || ' ' || local_date || ' ' || local_time || ' ' || start_utc || ' ' || duration || ' ' || "
        "status || ' ' || topic FROM session ORDER BY key";
    CHECK(other.rows(q) == hub.rows(q));
  }

  TEST_CASE("a schedule piped on standard input") {
    Hub hub;
    REQUIRE(hub.run({"session", "import", example("schedules/palliative-care-2026.toml").string()}).code == 0);
    auto r = hub.run({"session", "export", "--series", "pc-2026", "--format", "json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.run({"session", "export", "--series", "pc-2026", "--json"}).out == r.out); // the shorthand
    r = hub.run({"session", "import", "-", "--format", "json"}, r.out);
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == k_summary_unchanged_10);
    r = hub.run({"session", "import", "-"}, "x");
    CHECK_MESSAGE(r.code == 2, r);
  }

  TEST_CASE("the ICS export is what calendar programs expect") {
    Hub hub;
    REQUIRE(hub.run({"session", "import", example("schedules/palliative-care-2026.toml").string()}).code == 0);
    REQUIRE(hub.run({"session", "cancel", "pc-2026/2"}).code == 0);
    auto r = hub.run({"session", "export", "--series", "pc-2026"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto& ics = r.out;
    CHECK(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
    CHECK(ics.ends_with("END:VCALENDAR\r\n"));
    CHECK(ics.find("BEGIN:VTIMEZONE\r\nTZID:America/Vancouver\r\n") != std::string::npos);
    CHECK(ics.find("UID:s01.pc-2026@echo\r\n") != std::string::npos);
    CHECK(ics.find("DTSTAMP:") != std::string::npos);
    CHECK(ics.find("DTSTART;TZID=America/Vancouver:20260310T120000\r\n") != std::string::npos);
    CHECK(ics.find("STATUS:CANCELLED\r\n") != std::string::npos);
    std::size_t start = 0;
    std::size_t events = 0;
    while (start < ics.size()) {
      const auto end = ics.find("\r\n", start);
      REQUIRE(end != std::string::npos);
      CHECK(end - start <= 75);
      CHECK(ics.substr(start, end - start).find('\n') == std::string::npos);
      if (ics.compare(start, end - start, "BEGIN:VEVENT") == 0) ++events;
      start = end + 2;
    }
    CHECK(events == 10);
    r = hub.run({"session", "export", "--series", "pc-2026", "-o", "/nonexistent-dir/x.ics"});
    CHECK_MESSAGE(r.code == 73, r);
  }

  TEST_CASE("an ICS export of imported ICS sessions keeps their UIDs") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "nc-2026", "--title", "NC"}).code == 0);
    REQUIRE(
        hub.run({"session", "import", example("schedules/nurse-coordinators-2026.ics").string(), "--series", "nc-2026"})
            .code == 0);
    auto r = hub.run({"session", "export", "--series", "nc-2026", "-o", "nc.ics"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto text = slurp(hub.dir() / "nc.ics");
    CHECK(text.find("UID:040000008200E00074C5B7101A82E008") != std::string::npos);
    r = hub.run({"session", "import", "nc.ics", "--series", "nc-2026"});
    CHECK(r.out == k_summary_unchanged_10);
  }
}

} // namespace test_session_import
