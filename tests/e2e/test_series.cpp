#include "harness.hpp"

#include <nlohmann/json.hpp>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_series {

using echo::test::Hub;
using nlohmann::json;

TEST_SUITE("e2e: series") {
  TEST_CASE("series create, schedule and list keep 12:00 across the spring-forward") {
    Hub hub;
    auto r = hub.run({"series", "create", "pc-2026", "--title", "Palliative Care ECHO 2026", "--start", "2026-01-13",
                      "--time", "12:00", "--repeat", "biweekly", "--count", "10", "--skip", "2026-03-24"});
    REQUIRE_MESSAGE(r.code == 0, r);
    r = hub.run({"series", "schedule", "pc-2026"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.err.find("created 10 sessions") != std::string::npos);
    CHECK(hub.scalar("SELECT count(*) FROM session") == "10");
    // Wall clock 12:00 throughout; UTC moves with daylight saving (PDT from 2026-03-08).
    CHECK(hub.scalar("SELECT count(*) FROM session WHERE local_time = '12:00'") == "10");
    CHECK(hub.scalar("SELECT start_utc FROM session WHERE local_date = '2026-02-24'") == "2026-02-24T20:00:00Z");
    CHECK(hub.scalar("SELECT start_utc FROM session WHERE local_date = '2026-03-10'") == "2026-03-10T19:00:00Z");
    CHECK(hub.scalar("SELECT count(*) FROM session WHERE local_date = '2026-03-24'") == "0");
    CHECK(hub.scalar("SELECT max(local_date) FROM session") == "2026-06-02");

    // Idempotent.
    const auto before = hub.dump();
    r = hub.run({"series", "schedule", "pc-2026"});
    CHECK_MESSAGE(r.code == 0, r);
    CHECK(r.err.find("created 0 sessions, 10 already existed") != std::string::npos);
    CHECK(hub.dump() == before);

    r = hub.run({"series", "list", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto list = json::parse(r.out);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["code"] == "pc-2026");
    CHECK(list[0]["title"] == "Palliative Care ECHO 2026");
    CHECK(list[0]["timezone"] == "America/Vancouver");
    CHECK(list[0]["sessions"] == 10);
    CHECK(list[0]["credit_hours"] == 1.0);
    CHECK(list[0].contains("status"));
    CHECK(list[0].size() == 6);
  }

  TEST_CASE("defaults come from the config: zone, duration and credit hours") {
    Hub hub("[defaults]\nsession_minutes = 75\ncredit_hours = 1.5\n", "Europe/London");
    auto r = hub.run({"series", "create", "uk-1", "--title", "UK series"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT timezone || ' ' || duration || ' ' || credit_hours FROM series") ==
          "Europe/London 75 1.5");
  }

  TEST_CASE("series create --file reads the [series] table") {
    Hub hub;
    const auto file = hub.write("series.toml", "[series]\ncode = \"nc-2026\"\ntitle = \"Nurse Coordinators\"\n"
                                               "timezone = \"America/Edmonton\"\nstart = 2026-01-15\ntime = 13:00:00\n"
                                               "repeat = \"monthly\"\nweekday = \"thu\"\nweek_of_month = 3\n"
                                               "until = 2026-12-31\nskip = [2026-07-16]\n");
    auto r = hub.run({"series", "create", "--file", file.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    r = hub.run({"series", "schedule", "nc-2026"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT count(*) FROM session") == "11");
    CHECK(hub.scalar("SELECT group_concat(local_date, ' ') FROM (SELECT local_date FROM session ORDER BY 1 LIMIT 3)") ==
          "2026-01-15 2026-02-19 2026-03-19");
    r = hub.run({"series", "show", "nc-2026", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto j = json::parse(r.out);
    CHECK(j["week_of_month"] == 3);
    CHECK(j["weekday"] == "thu");
    CHECK(j["skip"] == json::array({"2026-07-16"}));
  }

  TEST_CASE("monthly on the last Thursday") {
    Hub hub;
    auto r = hub.run({"series", "create", "m-1", "--title", "Monthly", "--start", "2026-01-01", "--time", "09:00",
                      "--repeat", "monthly", "--weekday", "thu", "--week-of-month", "last", "--count", "3"});
    REQUIRE_MESSAGE(r.code == 0, r);
    r = hub.run({"series", "schedule", "m-1", "--dry-run"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out.find("2026-01-29") != std::string::npos);
    CHECK(r.out.find("2026-03-26") != std::string::npos);
    CHECK(hub.scalar("SELECT count(*) FROM session") == "0");
  }

  TEST_CASE("a time in the spring-forward gap is reported, not silently shifted") {
    Hub hub;
    auto r = hub.run({"series", "create", "g-1", "--title", "Gap", "--start", "2026-03-01", "--time", "02:30",
                      "--repeat", "weekly", "--count", "2"});
    REQUIRE_MESSAGE(r.code == 0, r);
    r = hub.run({"series", "schedule", "g-1"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.err.find("warning: g-1 2026-03-08: 2026-03-08 02:30 does not exist") != std::string::npos);
    CHECK(hub.scalar("SELECT local_time || ' ' || start_utc FROM session WHERE local_date = '2026-03-08'") ==
          "03:30 2026-03-08T10:30:00Z");
  }

  TEST_CASE("update, archive and the status filter") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "a-1", "--title", "A"}).code == 0);
    REQUIRE(hub.run({"series", "create", "b-1", "--title", "B"}).code == 0);
    REQUIRE(hub.run({"session", "add", "b-1", "--date", "2020-01-07", "--time", "12:00"}).code == 0);
    REQUIRE(hub.run({"session", "add", "b-1", "--date", "2099-01-07", "--time", "12:00"}).code == 0);
    auto r = hub.run({"series", "update", "a-1", "--title", "A renamed", "--credit-hours", "2"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT title || ' ' || credit_hours FROM series WHERE code = 'a-1'") == "A renamed 2.0");
    r = hub.run({"series", "list", "--status", "active", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    auto j = json::parse(r.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["code"] == "b-1");
    r = hub.run({"series", "list", "--status", "planned", "--json"});
    CHECK(json::parse(r.out).at(0)["code"] == "a-1");
    REQUIRE(hub.run({"series", "archive", "a-1"}).code == 0);
    CHECK(hub.scalar("SELECT archived_at IS NOT NULL FROM series WHERE code = 'a-1'") == "1");
    r = hub.run({"series", "list", "--status", "archived", "--json"});
    j = json::parse(r.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["status"] == "archived");
    r = hub.run({"series", "archive", "a-1"});
    CHECK_MESSAGE(r.code == 1, r);
  }

  TEST_CASE("an archived series keeps its sessions: changes exit 1, attendance can still be corrected") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "ar-1", "--title", "Archived", "--start", "2026-01-06", "--time", "12:00",
                     "--repeat", "weekly", "--count", "3"})
                .code == 0);
    REQUIRE(hub.run({"series", "schedule", "ar-1"}).code == 0);
    REQUIRE(hub.run({"participant", "add", "--name", "Ana", "--email", "ana@example.org"}).code == 0);
    REQUIRE(hub.run({"series", "archive", "ar-1"}).code == 0);
    const auto csv = hub.write("more.csv", "series,key,date,time,duration,topic,presenters\n"
                                           "ar-1,x,2026-02-03,12:00,60,More,\n");
    const auto before = hub.dump();
    for (const auto& args : std::vector<std::vector<std::string>>{{"session", "add", "ar-1", "--date", "2026-02-10"},
                                                                  {"session", "update", "ar-1/1", "--topic", "Changed"},
                                                                  {"session", "cancel", "ar-1/2"},
                                                                  {"session", "remove", "ar-1/3"},
                                                                  {"session", "import", csv.string()},
                                                                  {"series", "schedule", "ar-1"}}) {
      const auto r = hub.run(args);
      CHECK_MESSAGE(r.code == 1, r);
      CHECK(r.err.find("series 'ar-1' is archived") != std::string::npos);
    }
    CHECK(hub.dump() == before);
    const auto r = hub.run({"attendance", "record", "ar-1/1", "ana@example.org", "--minutes", "60"});
    CHECK_MESSAGE(r.code == 0, r);
  }

  TEST_CASE("changing the zone keeps wall-clock times and moves UTC") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "z-1", "--title", "Z"}).code == 0);
    REQUIRE(hub.run({"session", "add", "z-1", "--date", "2026-06-02", "--time", "12:00"}).code == 0);
    CHECK(hub.scalar("SELECT start_utc FROM session") == "2026-06-02T19:00:00Z");
    auto r = hub.run({"series", "update", "z-1", "--timezone", "America/Toronto"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT local_time || ' ' || start_utc FROM session") == "12:00 2026-06-02T16:00:00Z");
  }

  TEST_CASE("series schedule refuses a series without a time instead of inventing one") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "nt-1", "--title", "No time", "--start", "2099-01-05", "--repeat", "weekly",
                     "--count", "2"})
                .code == 0);
    const auto before = hub.dump();
    auto r = hub.run({"series", "schedule", "nt-1"});
    CHECK_MESSAGE(r.code == 1, r);
    CHECK(r.err.find("series 'nt-1' has no time: set it with `series update nt-1 --time HH:MM`") != std::string::npos);
    CHECK(hub.dump() == before);
    REQUIRE(hub.run({"series", "update", "nt-1", "--time", "15:30"}).code == 0);
    r = hub.run({"series", "schedule", "nt-1"});
    CHECK_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT group_concat(local_time) FROM session") == "15:30,15:30");
  }

  TEST_CASE("series schedule after series update moves and removes the generated sessions still to come") {
    Hub hub;
    auto r = hub.run({"series", "create", "fut-1", "--title", "Future ECHO", "--timezone", "America/Vancouver",
                      "--start", "2099-01-06", "--time", "12:00", "--repeat", "weekly", "--count", "4"});
    REQUIRE_MESSAGE(r.code == 0, r);
    REQUIRE(hub.run({"series", "schedule", "fut-1"}).code == 0); // Tuesdays 01-06 .. 01-27
    REQUIRE(hub.run({"session", "update", "fut-1/3", "--topic", "Opioid rotation"}).code == 0);
    REQUIRE(hub.run({"session", "add", "fut-1", "--date", "2099-01-14", "--time", "09:00"}).code == 0);
    REQUIRE(hub.run({"series", "update", "fut-1", "--weekday", "thu", "--time", "13:00"}).code == 0);

    const auto before = hub.dump();
    r = hub.run({"series", "schedule", "fut-1", "--dry-run"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.err.find("would remove fut-1/1 2099-01-06, no longer in the rule") != std::string::npos);
    CHECK(hub.dump() == before);

    r = hub.run({"series", "schedule", "fut-1"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.err.find("removed fut-1/1 2099-01-06, no longer in the rule") != std::string::npos);
    // References are the numbers given at creation (issue 12): the 01-20 session is fut-1/3 (by
    // start time, after the manual 01-14 one, it used to be fut-1/4).
    CHECK(r.err.find("fut-1/3 on 2099-01-20 is no longer in the rule of series 'fut-1' but has a topic") !=
          std::string::npos);
    CHECK(r.err.find("created 4 sessions, 0 already existed, removed 3") != std::string::npos);
    // Thursdays at 13:00 now; the session with a topic and the one added by hand stay.
    CHECK(hub.rows("SELECT local_date || ' ' || local_time || ' ' || origin FROM session ORDER BY start_utc") ==
          std::vector<std::string>{"2099-01-08 13:00 schedule", "2099-01-14 09:00 manual", "2099-01-15 13:00 schedule",
                                   "2099-01-20 12:00 schedule", "2099-01-22 13:00 schedule",
                                   "2099-01-29 13:00 schedule"});

    REQUIRE(hub.run({"series", "update", "fut-1", "--time", "12:15", "--duration", "75"}).code == 0);
    r = hub.run({"series", "schedule", "fut-1"});
    REQUIRE_MESSAGE(r.code == 0, r);
    // 01-08 was created by the second schedule run, after /1../5: fut-1/6 (was fut-1/1 by position).
    CHECK(r.err.find("moved fut-1/6 2099-01-08 to 12:15 (75 min), as the rule now says") != std::string::npos);
    CHECK(hub.scalar("SELECT count(*) FROM session WHERE local_time = '12:15' AND duration = 75") == "4");
    const auto settled = hub.dump();
    r = hub.run({"series", "schedule", "fut-1"});
    CHECK(r.err.find("created 0 sessions, 4 already existed\n") != std::string::npos);
    CHECK(hub.dump() == settled);
  }

  TEST_CASE("errors: duplicate code 1, unknown zone, bad date or out-of-range value 65, text for a number 2") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "pc-2026", "--title", "PC"}).code == 0);
    const auto before = hub.dump();
    auto r = hub.run({"series", "create", "pc-2026", "--title", "PC again"});
    CHECK_MESSAGE(r.code == 1, r);
    CHECK(r.err.find("already exists") != std::string::npos);
    r = hub.run({"series", "create", "x-1", "--title", "X", "--timezone", "America/Vancuver"});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK(r.err.find("America/Vancouver") != std::string::npos); // did you mean
    r = hub.run({"series", "create", "x-1", "--title", "X", "--start", "2025-02-30"});
    CHECK_MESSAGE(r.code == 65, r);
    r = hub.run({"series", "create", "x-1", "--title", "X", "--until", "2026-13-01", "--repeat", "weekly", "--start",
                 "2026-01-01"});
    CHECK_MESSAGE(r.code == 65, r);
    r = hub.run({"series", "create", "x-1", "--title", "X", "--duration", "sixty"});
    CHECK_MESSAGE(r.code == 2, r);
    r = hub.run({"series", "create", "x-1", "--title", "X", "--count", "ten"});
    CHECK_MESSAGE(r.code == 2, r);
    r = hub.run({"series", "create", "x-1", "--title", "X", "--repeat", "daily"});
    CHECK_MESSAGE(r.code == 2, r);
    // A well-formed value that is not valid is bad data, as `proposal convert --code` has it.
    r = hub.run({"series", "create", "X_1", "--title", "X"});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK(r.err.find("invalid series code 'X_1'") != std::string::npos);
    r = hub.run({"series", "create", "x-1", "--title", "X", "--duration", "-5"});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK(r.err.find("invalid duration -5") != std::string::npos);
    // Out-of-range numbers are bad data; text that is no date or time at all is malformed (2),
    // one of the right shape that does not exist is bad data (65), for every command alike.
    const std::vector<std::pair<std::vector<std::string>, int>> cases{
        {{"series", "create", "x-1", "--title", "X", "--repeat", "weekly", "--count", "0"}, 65},
        {{"session", "add", "pc-2026", "--date", "2026-03-03", "--time", "12:00", "--duration", "2000"}, 65},
        {{"series", "create", "x-1", "--title", "X", "--start", "garbage"}, 2},
        {{"series", "create", "x-1", "--title", "X", "--time", "noon"}, 2},
        {{"series", "create", "x-1", "--title", "X", "--time", "25:00"}, 65},
        {{"session", "add", "pc-2026", "--date", "next tuesday"}, 2},
        {{"session", "list", "--from", "2026/01/01"}, 2},
        {{"session", "list", "--from", "2026-02-30"}, 65},
        {{"report", "attendance", "--from", "garbage"}, 2},
    };
    for (const auto& [args, code] : cases) {
      r = hub.run(args);
      CHECK_MESSAGE(r.code == code, r);
    }
    r = hub.run({"series", "create", "x-1", "--title", "X", "--start", "garbage"});
    CHECK(r.err.find("--start \"garbage\" is not a date: use YYYY-MM-DD") != std::string::npos);
    r = hub.run({"series", "create", "x-1", "--title", "X", "--count", "3", "--until", "2026-05-01"});
    CHECK_MESSAGE(r.code == 2, r);
    r = hub.run({"series", "show", "pc-2025"});
    CHECK_MESSAGE(r.code == 1, r);
    CHECK(r.err.find("did you mean 'pc-2026'") != std::string::npos);
    r = hub.run({"series", "list", "--status", "done"});
    CHECK_MESSAGE(r.code == 2, r);
    CHECK(hub.dump() == before);
  }
}

} // namespace test_series
