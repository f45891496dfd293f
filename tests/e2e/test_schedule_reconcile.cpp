// Issue 12, the schedule part: imports reconcile with the sessions a series already has (no
// duplicates), a new zone never moves an instant silently, two sessions of one series at one start
// are refused, and CODE/N references are given once and never reused or renumbered.

#include "harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_schedule_reconcile {

using echo::test::example;
using echo::test::Hub;
using nlohmann::json;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The README tour's first steps: the series by hand, then its rule's sessions.
void create_and_schedule(const Hub& hub) {
  auto r = hub.run({"series", "create", "pc-2026", "--title", "Palliative Care ECHO 2026", "--start", "2026-01-13",
                    "--time", "12:00", "--repeat", "biweekly", "--count", "10"});
  REQUIRE_MESSAGE(r.code == 0, r);
  r = hub.run({"series", "schedule", "pc-2026"});
  REQUIRE_MESSAGE(r.code == 0, r);
  REQUIRE(hub.scalar("SELECT count(*) FROM session") == "10");
}

const std::string k_example = "schedules/palliative-care-2026.toml";

} // namespace

TEST_SUITE("e2e: schedule imports reconcile") {
  TEST_CASE("the tour's series schedule then the example's import: 10 sessions, adopted, no instant moved") {
    Hub hub; // hub.timezone America/Vancouver, as the tour now sets it
    create_and_schedule(hub);
    REQUIRE(hub.run({"series", "update", "pc-2026", "--weekday", "thu"}).code == 0); // the tour's next step
    const auto before = hub.rows("SELECT id, number, start_utc FROM session ORDER BY id");

    const auto r = hub.run({"session", "import", example(k_example).string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    // Before: "inserted 10, updated 0, ..." and 20 sessions, two on every date.
    CHECK(r.out == "inserted 0, updated 10, unchanged 0, cancelled 0\n");
    CHECK(hub.scalar("SELECT count(*) FROM session") == "10");
    // Same sessions (ids, numbers, instants), now under the file's keys and with its topics.
    CHECK(hub.rows("SELECT id, number, start_utc FROM session ORDER BY id") == before);
    CHECK(hub.rows("SELECT DISTINCT origin FROM session") == std::vector<std::string>{"toml"});
    CHECK(hub.scalar("SELECT key || ' ' || topic FROM session WHERE number = 1") ==
          "s01 Pain management basics: opioid starting doses and titration");
    CHECK(hub.scalar("SELECT count(DISTINCT start_utc) FROM session") == "10");
    CHECK(hub.scalar("SELECT weekday FROM series") == "2"); // the file's rule: Tuesdays

    // Importing again changes nothing.
    const auto again = hub.run({"session", "import", example(k_example).string()});
    REQUIRE_MESSAGE(again.code == 0, again);
    CHECK(again.out == "inserted 0, updated 0, unchanged 10, cancelled 0\n");
  }

  TEST_CASE("the same steps on a UTC hub: the new zone keeps local times, and the plan says so") {
    Hub hub("", "UTC");
    create_and_schedule(hub);
    CHECK(hub.scalar("SELECT start_utc FROM session WHERE number = 1") == "2026-01-13T12:00:00Z");
    const auto db_before = hub.dump();

    const auto dry = hub.run({"session", "import", example(k_example).string(), "--dry-run"});
    REQUIRE_MESSAGE(dry.code == 0, dry);
    CHECK(hub.dump() == db_before);
    // Every field that changes, old -> new: the series' ...
    CHECK(has(dry.out, "update-series pc-2026"));
    CHECK(has(dry.out, "timezone UTC -> America/Vancouver"));
    CHECK(has(dry.out, "description '' -> 'Biweekly case-based learning"));
    // ... each session's new instant (local date and time kept) ...
    CHECK(has(dry.out, "rezone        pc-2026 2026-01-13  2026-01-13 12:00  (timezone UTC -> America/Vancouver: local "
                       "date and time kept, start_utc 2026-01-13T12:00:00Z -> 2026-01-13T20:00:00Z)"));
    // ... and each adopted session's key, topic and people.
    CHECK(has(dry.out, "adopt         pc-2026 s01  2026-01-13 12:00  Pain management basics: opioid starting doses "
                       "and titration  (pc-2026/1 schedule: key 2026-01-13 -> s01, topic '' -> 'Pain management "
                       "basics: opioid starting doses and titration', presenters (none) -> a.lee@example.org, "
                       "facilitator (none) -> m.tremblay@example.org)"));
    CHECK(has(dry.err, "keep their local date and time"));
    CHECK(has(dry.out, "inserted 0, updated 10, unchanged 0, cancelled 0\ndry run: nothing was written\n"));

    const auto r = hub.run({"session", "import", example(k_example).string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(has(r.err, "its 10 sessions keep their local date and time"));
    CHECK(hub.scalar("SELECT count(*) FROM session") == "10");
    CHECK(hub.scalar("SELECT local_date || ' ' || local_time || ' ' || start_utc || ' ' || key FROM session WHERE "
                     "number = 1") == "2026-01-13 12:00 2026-01-13T20:00:00Z s01");
  }

  TEST_CASE("series update --timezone names every session whose instant changes") {
    Hub hub("", "UTC");
    create_and_schedule(hub);
    const auto r = hub.run({"series", "update", "pc-2026", "--timezone", "America/Vancouver"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(has(r.err, "updated series pc-2026: timezone UTC -> America/Vancouver"));
    CHECK(has(r.err, "10 sessions of pc-2026 keep their local date and time in America/Vancouver"));
    CHECK(has(r.err, "pc-2026/1 keeps 2026-01-13 12:00 local; start_utc 2026-01-13T12:00:00Z -> 2026-01-13T20:00:00Z"));
    // After the spring change (2026-03-08) 12:00 PDT is 19:00Z.
    CHECK(
        has(r.err, "pc-2026/10 keeps 2026-05-19 12:00 local; start_utc 2026-05-19T12:00:00Z -> 2026-05-19T19:00:00Z"));
    CHECK(hub.scalar("SELECT count(*) FROM session WHERE local_time = '12:00'") == "10");
  }

  TEST_CASE("a session added by hand at the same local date and time is adopted too") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "c", "--title", "C", "--time", "12:00"}).code == 0);
    REQUIRE(hub.run({"session", "add", "c", "--date", "2026-04-07", "--time", "09:00"}).code == 0);
    REQUIRE(hub.run({"session", "add", "c", "--date", "2026-04-14", "--time", "09:00"}).code == 0);
    const auto file = hub.write("c.csv", "series,key,date,time,duration,topic,presenters\n"
                                         "c,k1,2026-04-07,09:00,60,First,\n"
                                         "c,k2,2026-04-14,10:00,60,Second,\n");
    const auto r = hub.run({"session", "import", file.string(), "-v"});
    REQUIRE_MESSAGE(r.code == 0, r);
    // k1 lands on the manual 04-07 09:00: adopted. k2 is at another time than the manual 04-14
    // session (same date, but not one `series schedule` made): a session of its own.
    CHECK(has(r.out, "adopt         c k1"));
    CHECK(has(r.out, "insert        c k2"));
    CHECK(hub.rows("SELECT number, key, local_time, origin FROM session ORDER BY number") ==
          std::vector<std::string>{"1|k1|09:00|csv", "2|2026-04-14|09:00|manual", "3|k2|10:00|csv"});
  }

  TEST_CASE("two sessions of one series at one start are refused unless --allow-overlap") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "c", "--title", "C", "--time", "12:00"}).code == 0);
    // Two keys at one start in the file.
    const auto twice = hub.write("twice.csv", "series,key,date,time,duration,topic,presenters\n"
                                              "c,a,2026-04-07,12:00,60,A,\n"
                                              "c,b,2026-04-07,12:00,60,B,\n");
    const auto before = hub.dump();
    auto r = hub.run({"session", "import", twice.string()});
    CHECK(r.code == 1);
    CHECK(has(r.err, "series 'c' would have two sessions at one start"));
    CHECK(has(r.err, "2026-04-07T19:00:00Z"));
    CHECK(hub.dump() == before);
    r = hub.run({"session", "import", twice.string(), "--allow-overlap"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 2, updated 0, unchanged 0, cancelled 0\n");

    // A new key at the start of a session the file names by its own key is not adopted: refused.
    Hub other;
    REQUIRE(other.run({"series", "create", "c", "--title", "C", "--time", "12:00"}).code == 0);
    const auto one = other.write("one.csv", "series,key,date,time,duration,topic,presenters\n"
                                            "c,a,2026-04-07,12:00,60,A,\n");
    REQUIRE(other.run({"session", "import", one.string()}).code == 0);
    const auto two = other.write("two.csv", "series,key,date,time,duration,topic,presenters\n"
                                            "c,a,2026-04-07,12:00,60,A,\n"
                                            "c,b,2026-04-07,12:00,60,B,\n");
    const auto kept = other.dump();
    r = other.run({"session", "import", two.string()});
    CHECK(r.code == 1);
    CHECK(has(r.err, "c/1 (key a)"));
    CHECK(other.dump() == kept);
  }
}

TEST_SUITE("e2e: stable session references") {
  TEST_CASE("CODE/N is given once: a removed session leaves a gap and its number is never given again") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "c", "--title", "C", "--time", "12:00"}).code == 0);
    for (const auto* d : {"2026-04-07", "2026-04-14", "2026-04-21", "2026-04-28"})
      REQUIRE(hub.run({"session", "add", "c", "--date", d}).code == 0);
    const auto id3 = hub.scalar("SELECT id FROM session WHERE local_date = '2026-04-21'");

    auto r = hub.run({"session", "remove", "c/2"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(has(r.err, "keep their references"));
    // Before: c/3 became c/2, so a reference kept elsewhere pointed at another session.
    r = hub.run({"session", "show", "c/3", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(json::parse(r.out)["id"].dump() == id3);
    r = hub.run({"session", "show", "c/2"});
    CHECK(r.code == 1);
    CHECK(has(r.err, "no session c/2: it was removed"));

    // An earlier date added now gets the next number, not a place by start time.
    r = hub.run({"session", "add", "c", "--date", "2026-03-31"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "c/5\n");
    REQUIRE(hub.run({"session", "remove", "c/5"}).code == 0);
    r = hub.run({"session", "add", "c", "--date", "2026-05-05"});
    CHECK(r.out == "c/6\n"); // the removed last number is not given again either

    r = hub.run({"session", "list", "--series", "c", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    std::vector<std::string> refs;
    for (const auto& s : json::parse(r.out)) refs.push_back(s["ref"]);
    CHECK(refs == std::vector<std::string>{"c/1", "c/3", "c/4", "c/6"});
  }
}

TEST_SUITE("e2e: stable session references") {
  TEST_CASE("series schedule numbers its sessions in date order with one counter change in its log entry") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "c", "--title", "C", "--start", "2027-01-12", "--time", "12:00", "--repeat",
                     "weekly", "--count", "4"})
                .code == 0);
    REQUIRE(hub.run({"session", "add", "c", "--date", "2027-01-19"}).code == 0); // c/1, adopted by the rule
    auto r = hub.run({"series", "schedule", "c"});
    REQUIRE_MESSAGE(r.code == 0, r);
    // Three new dates (12, 26 Jan, 2 Feb 2027) after c/1: c/2..c/4 in date order.
    CHECK(hub.scalar("SELECT group_concat(local_date || '=' || number, ' ') FROM (SELECT local_date, number FROM "
                     "session ORDER BY local_date)") == "2027-01-12=2 2027-01-19=1 2027-01-26=3 2027-02-02=4");
    CHECK(hub.scalar("SELECT last_session_number FROM series WHERE code = 'c'") == "4");
    r = hub.run({"log", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto entries = json::parse(r.out);
    REQUIRE(!entries.empty());
    std::string changes;
    for (const auto& e : entries)
      if (e["action"] == "series.schedule") changes = e.dump();
    CHECK(has(changes, "last_session_number 1 -> 4"));
    CHECK(!has(changes, "number null"));
    // Undo takes the three sessions back, not their numbers.
    r = hub.run({"undo"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT count(*) FROM session") == "1");
    REQUIRE(hub.run({"series", "schedule", "c"}).code == 0);
    CHECK(hub.scalar("SELECT group_concat(number, ' ') FROM (SELECT number FROM session ORDER BY local_date)") ==
          "5 1 6 7");
    // session add takes the next number the same way: one counter change, no "number null -> 8".
    r = hub.run({"session", "add", "c", "--date", "2027-03-02"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "c/8\n");
    const auto added = json::parse(hub.run({"log", "--json"}).out);
    std::string last;
    for (const auto& e : added)
      if (e["action"] == "session.add") last = e.dump();
    CHECK(has(last, "last_session_number 7 -> 8"));
    CHECK(!has(last, "number null"));
  }
}

TEST_SUITE("e2e: stable session references") {
  // The schedule import numbers its new sessions itself (one reservation of the series' counter,
  // migration 16), not through the per-row trigger: the numbers must be the ones the trigger gave,
  // in the file's order, and still never given again after an undo.
  TEST_CASE("a schedule import numbers its sessions in file order and undo never gives the numbers back") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "c", "--title", "C", "--time", "12:00"}).code == 0);
    REQUIRE(hub.run({"session", "add", "c", "--date", "2026-03-03"}).code == 0); // c/1, by hand
    // The file lists a later date first: numbers follow the file, not the dates.
    const auto file = hub.write("c.toml", R"(
[series]
code = "c"
title = "C"

[[session]]
key = "b"
date = 2026-03-17
time = 12:00:00

[[session]]
key = "a"
date = 2026-03-10
time = 12:00:00

[[session]]
key = "d"
date = 2026-03-24
time = 12:00:00
)");
    auto r = hub.run({"session", "import", file.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT group_concat(key || '=' || number, ' ') FROM (SELECT key, number FROM session "
                     "ORDER BY number)") == "2026-03-03=1 b=2 a=3 d=4");
    CHECK(hub.scalar("SELECT last_session_number FROM series WHERE code = 'c'") == "4");
    // Undo takes the sessions back, not their numbers: the same file again gives c/5..c/7.
    r = hub.run({"undo"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT count(*) FROM session") == "1");
    CHECK(hub.scalar("SELECT last_session_number FROM series WHERE code = 'c'") == "4");
    r = hub.run({"session", "import", file.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT group_concat(key || '=' || number, ' ') FROM (SELECT key, number FROM session "
                     "ORDER BY number)") == "2026-03-03=1 b=5 a=6 d=7");
    // A session added by hand afterwards takes the next number (the trigger's rule).
    r = hub.run({"session", "add", "c", "--date", "2026-03-31"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "c/8\n");
  }
}

TEST_SUITE("e2e: unrecorded sessions") {
  TEST_CASE("3 of 10 past sessions without attendance: sessions_unrecorded 3, averages over the 7 held") {
    Hub hub;
    auto r = hub.run({"series", "create", "u", "--title", "U", "--start", "2026-01-06", "--time", "12:00", "--repeat",
                      "weekly", "--count", "10"});
    REQUIRE_MESSAGE(r.code == 0, r);
    REQUIRE(hub.run({"series", "schedule", "u"}).code == 0); // Tuesdays 01-06 .. 03-10
    for (const auto& [name, email] : std::vector<std::pair<std::string, std::string>>{
             {"Ann Archer", "ann@example.org"}, {"Bob Baker", "bob@example.org"}, {"Cat Cole", "cat@example.org"}})
      REQUIRE(hub.run({"participant", "add", "--name", name, "--email", email}).code == 0);
    // Attendance (60 minutes each, eligible) at u/1..u/7; u/8, u/9, u/10 have none recorded.
    //   Ann u/1..u/6 (6), Bob u/1..u/5 (5), Cat u/1, u/2, u/7 (3): 14 participations.
    auto record = [&](const std::string& ref, std::vector<std::string> who) {
      std::vector<std::string> args{"attendance", "record", ref};
      args.insert(args.end(), who.begin(), who.end());
      args.insert(args.end(), {"--minutes", "60"});
      const auto x = hub.run(args);
      REQUIRE_MESSAGE(x.code == 0, x);
    };
    record("u/1", {"ann@example.org", "bob@example.org", "cat@example.org"});
    record("u/2", {"ann@example.org", "bob@example.org", "cat@example.org"});
    for (const auto* ref : {"u/3", "u/4", "u/5"}) record(ref, {"ann@example.org", "bob@example.org"});
    record("u/6", {"ann@example.org"});
    record("u/7", {"cat@example.org"});

    r = hub.run({"report", "series", "u", "--as-of", "2026-06-01", "--format", "json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    auto j = json::parse(r.out);
    CHECK(j["sessions_scheduled"] == 10);
    CHECK(j["sessions_held"] == 7);
    CHECK(j["sessions_unrecorded"] == 3);
    CHECK(j["sessions_cancelled"] == 0);
    CHECK(j["participations"] == 14);
    // 14 / 7 = 2.00 (before: 14 / 10 = 1.40, the three unrecorded counted as held with nobody).
    CHECK(j["average_attendance"] == 2.0);
    // 75 % of 7 held: Ann 6/7 = 85.7 % qualifies; Bob 5/7 = 71.4 % and Cat 3/7 do not
    // (before: Ann 6/10 = 60 %, no certificate at all).
    CHECK(j["certificates"] == 1);
    CHECK(j["credit_hours"] == 14.0); // 14 eligible participations x 1.0 h
    CHECK(has(r.err, "3 past sessions with no attendance recorded, not counted as held"));
    CHECK(has(r.err, "u/8 (2026-02-24), u/9 (2026-03-03), u/10 (2026-03-10)"));
    // The html page a funder gets says so too, and its sessions table marks them.
    r = hub.run({"report", "series", "u", "--as-of", "2026-06-01", "--format", "html"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(has(r.out, "<strong>Warning:</strong> 3 past sessions with no attendance recorded"));
    CHECK(has(r.out, "u/8 (2026-02-24), u/9 (2026-03-03), u/10 (2026-03-10)"));

    r = hub.run({"report", "participants", "--as-of", "2026-06-01", "--format", "json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(has(r.err, "u/8 (2026-02-24)"));
    j = json::parse(r.out);
    REQUIRE(j.size() == 3);
    CHECK(j[0]["email"] == "ann@example.org");
    CHECK(j[0]["certificate"] == true);

    r = hub.run({"series", "show", "u", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    j = json::parse(r.out);
    CHECK(j["held"] == 7);
    CHECK(j["unrecorded"] == 3);
    CHECK(has(r.err, "3 past sessions of u with no attendance recorded"));

    r = hub.run({"session", "list", "--series", "u", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    j = json::parse(r.out);
    CHECK(j[0]["attendance"] == "recorded");
    CHECK(j[7]["attendance"] == "unrecorded");

    // u/8 did take place and nobody came: say so, and it counts as held with 0 participants.
    r = hub.run({"session", "update", "u/8", "--held"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT marked_held FROM session WHERE number = 8") == "1");
    r = hub.run({"report", "series", "u", "--as-of", "2026-06-01", "--format", "json"});
    j = json::parse(r.out);
    CHECK(j["sessions_held"] == 8);
    CHECK(j["sessions_unrecorded"] == 2);
    CHECK(j["average_attendance"] == 1.75); // 14 / 8
    CHECK(j["certificates"] == 1);          // Ann 6/8 = 75 %: exactly the threshold
    CHECK(json::parse(hub.run({"session", "show", "u/8", "--json"}).out)["attendance"] == "none");

    // A session still to come, or cancelled, cannot be marked held.
    REQUIRE(hub.run({"session", "add", "u", "--date", "2099-01-06"}).code == 0);
    r = hub.run({"session", "update", "u/11", "--held"});
    CHECK(r.code == 1);
    CHECK(has(r.err, "has not been held yet"));
    REQUIRE(hub.run({"session", "cancel", "u/10"}).code == 0);
    CHECK(hub.run({"session", "update", "u/10", "--held"}).code == 1);
  }
}

} // namespace test_schedule_reconcile
