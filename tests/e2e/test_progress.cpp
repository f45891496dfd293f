// Progress on a terminal for imports (issue 16), and the total line after a multi-session
// attendance import. The terminal is a pseudo-terminal from script(1) (util-linux); the 2 s
// delay before progress shows is set to 0 with ECHO_PROGRESS_AFTER so that the tests are fast.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_progress {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::seed_pc2026;
using echo::test::seed_sql;

namespace {

std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// Runs echo with the hub's config and database under a pseudo-terminal: stdout and stderr both
// go to the terminal, whose output script(1) copies to its own (with \r\n for \n). `env` is
// "NAME=VALUE ..." added to a clean environment. Returns that output and the exit code.
std::pair<int, std::string> run_on_terminal(const Hub& hub, const std::vector<std::string>& args,
                                            const std::string& env = "") {
  std::string command = fmt::format("env -i PATH=/usr/bin:/bin HOME={} USER=tester NO_COLOR=1 TERM=xterm {} {} "
                                    "--config {} --database {}",
                                    shell_quoted(hub.dir().path().string()), env, shell_quoted(ECHO_BINARY),
                                    shell_quoted(hub.config().string()), shell_quoted(hub.database().string()));
  for (const auto& a : args) command += " " + shell_quoted(a);
  const auto outer = "script -qfec " + shell_quoted(command) + " /dev/null </dev/null 2>&1";
  FILE* pipe = ::popen(outer.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// A participants CSV of `rows` people, as a hub's registration export looks.
std::string participants_csv(int rows) {
  static const char* const k_regions[] = {"Fraser Health", "Interior Health", "Island Health", "Northern Health",
                                          "Vancouver Coastal Health"};
  std::string text = "name,email,profession,organization,region,rural\n";
  for (int i = 1; i <= rows; ++i)
    text += fmt::format("Person {0},person.{0}@example.org,Registered Nurse,Community Clinic {1},{2},{3}\n", i, i % 40,
                        k_regions[i % 5], i % 3 == 0 ? "yes" : "no");
  return text;
}

} // namespace

TEST_SUITE("e2e progress") {

  TEST_CASE("participant import draws rows, rate, share and ETA on a terminal") {
    Hub hub;
    const auto file = hub.write("people.csv", participants_csv(2500));
    const auto [code, out] = run_on_terminal(hub, {"participant", "import", file.string()}, "ECHO_PROGRESS_AFTER=0");
    REQUIRE_MESSAGE(code == 0, out);
    // The first tick (1,000 rows) draws at once: the share of the file's bytes read and the time left.
    CHECK(out.find("\rimporting " + file.string() + ": 1,000 rows, ") != std::string::npos);
    CHECK(out.find("rows/s, ") != std::string::npos);
    CHECK(out.find("%, ETA ") != std::string::npos);
    // The last drawing says how many rows in all, and ends its line before the summary.
    CHECK(out.find(": 2,500 rows in ") != std::string::npos);
    CHECK(out.find("people.csv: 2500 rows, 2500 added, 0 updated, 0 unchanged") != std::string::npos);
    CHECK(hub.scalar("SELECT count(*) FROM participant") == "2500");
  }

  TEST_CASE("attendance and session imports draw progress on a terminal") {
    Hub hub;
    seed_pc2026(hub);
    const auto [code, out] = run_on_terminal(hub, {"attendance", "import", fixture("attendance/history.csv").string()},
                                             "ECHO_PROGRESS_AFTER=0");
    REQUIRE_MESSAGE(code == 0, out);
    // The person rows read: 1 + 2 + 2 = 5.
    CHECK(out.find("\rimporting " + fixture("attendance/history.csv").string() + ": 5 rows in ") != std::string::npos);
    CHECK(out.find("3 sessions, 5 rows, 3 matched, 1 created, 1 unmatched") != std::string::npos);

    const auto schedule =
        hub.write("s.csv", "series,key,date,time,duration,topic\npc-2026,s05,2026-03-10,12:00,60,Grief\n"
                           "pc-2026,s06,2026-03-24,12:00,60,Nutrition\n");
    const auto [scode, sout] = run_on_terminal(hub, {"session", "import", schedule.string()}, "ECHO_PROGRESS_AFTER=0");
    REQUIRE_MESSAGE(scode == 0, sout);
    CHECK(sout.find("\rimporting " + schedule.string() + ": 2 sessions in ") != std::string::npos);
  }

  TEST_CASE("no progress in a pipe, with -q, or for an import shorter than 2 s") {
    Hub hub;
    seed_pc2026(hub);
    const auto people = hub.write("people.csv", participants_csv(1500));
    // Through pipes (the harness): stderr is not a terminal.
    const auto piped = hub.raw({"--config", hub.config().string(), "--database", hub.database().string(), "participant",
                                "import", people.string()},
                               {{"ECHO_PROGRESS_AFTER", "0"}});
    REQUIRE_MESSAGE(piped.code == 0, piped);
    CHECK(piped.err.find("rows") == std::string::npos);
    CHECK(piped.err.find('\r') == std::string::npos);
    // -q on a terminal.
    const auto [qcode, quiet] = run_on_terminal(
        hub, {"-q", "attendance", "import", fixture("attendance/history.csv").string()}, "ECHO_PROGRESS_AFTER=0");
    REQUIRE_MESSAGE(qcode == 0, quiet);
    CHECK(quiet.find("importing") == std::string::npos);
    CHECK(quiet.find("3 sessions, 5 rows") != std::string::npos);
    // On a terminal with the default delay: this import takes far less than 2 s.
    const auto [dcode, fast] = run_on_terminal(hub, {"participant", "import", people.string()});
    REQUIRE_MESSAGE(dcode == 0, fast);
    CHECK(fast.find("importing") == std::string::npos);
    CHECK(fast.find("1500 rows, 0 added, 0 updated, 1500 unchanged") != std::string::npos);
  }

  TEST_CASE("an import of more than 10 sessions prints the total line, the sessions only with -v") {
    Hub hub;
    seed_pc2026(hub);
    // Eight more sessions: pc-2026/5 .. pc-2026/12 (biweekly Tuesdays, noon PDT).
    std::string sql = "INSERT INTO session (id, series_id, key, origin, local_date, local_time, start_utc, duration, "
                      "topic, status, created_at, updated_at) VALUES ";
    const char* const dates[] = {"2026-03-10", "2026-03-24", "2026-04-07", "2026-04-21",
                                 "2026-05-05", "2026-05-19", "2026-06-02", "2026-06-16"};
    for (int i = 0; i < 8; ++i)
      sql += fmt::format("{}({}, 1, '{}', 'schedule', '{}', '12:00', '{}T19:00:00Z', 60, 'Topic {}', 'scheduled', "
                         "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                         i == 0 ? "" : ", ", 5 + i, dates[i], dates[i], dates[i], 5 + i);
    seed_sql(hub, sql + ";");
    // 11 sessions (pc-2026/4 is cancelled and left out): in each, Alice Lee and Maria Chen (known),
    // Jordan Blake (new: created in the first, matched in the others) and a dial-in "Guest
    // Caller" without email (unmatched); in the last also Sam Okafor (new).
    std::string csv = "session,email,name,minutes\n";
    for (const int n : {1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12}) {
      csv += fmt::format("pc-2026/{0},a.lee@example.org,Alice Lee,60\npc-2026/{0},m.chen@example.org,Maria Chen,55\n"
                         "pc-2026/{0},j.blake@example.org,Jordan Blake,50\npc-2026/{0},,Guest Caller,30\n",
                         n);
    }
    csv += "pc-2026/12,s.okafor@example.org,Sam Okafor,58\n";
    const auto file = hub.write("term.csv", csv);

    const auto dry = hub.run({"attendance", "import", file.string(), "--dry-run"});
    REQUIRE_MESSAGE(dry.code == 0, dry);
    // Rows: 11 sessions x 4 + 1 = 45. Matched: Alice Lee and Maria Chen = 2 (each once, though
    // in 11 sessions). Created: Jordan Blake and Sam Okafor = 2 (Jordan once, not 11 times).
    // Unmatched: the one name "Guest Caller" = 1. No per-session lines without -v.
    CHECK(dry.out == "11 sessions, 45 rows, 2 matched, 2 created, 1 unmatched\n");

    const auto verbose = hub.run({"-v", "attendance", "import", file.string()});
    REQUIRE_MESSAGE(verbose.code == 0, verbose);
    // With -v the 11 session lines come first. Eligible (participant role, 45 minutes or more):
    // Alice 60, Maria 55, Jordan 50 = 3 a session, except pc-2026/1 where Alice presents and Maria
    // facilitates = 1, and pc-2026/12 with Sam 58 too = 4.
    std::string expected;
    for (const int n : {1, 2, 3, 5, 6, 7, 8, 9, 10, 11})
      expected += fmt::format("pc-2026/{}: 4 rows, {} matched, {} created, 1 unmatched, {} eligible\n", n,
                              n == 1 ? 2 : 3, n == 1 ? 1 : 0, n == 1 ? 1 : 3);
    expected += "pc-2026/12: 5 rows, 3 matched, 1 created, 1 unmatched, 4 eligible\n";
    expected += "11 sessions, 45 rows, 2 matched, 2 created, 1 unmatched\n";
    CHECK(verbose.out == expected);
    CHECK(hub.scalar("SELECT count(*) FROM participant WHERE email IN ('j.blake@example.org', "
                     "'s.okafor@example.org')") == "2");
    CHECK(hub.scalar("SELECT count(*) FROM unmatched_row") == "11");
  }

  TEST_CASE("a report on a terminal shows its elapsed time past the delay, nothing in a pipe") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "pc-2026", "--title", "Palliative Care", "--start", "2026-01-13", "--time",
                     "12:00", "--repeat", "weekly", "--count", "4"})
                .code == 0);
    REQUIRE(hub.run({"series", "schedule", "pc-2026"}).code == 0);
    // ECHO_PROGRESS_AFTER=0: any report runs longer than the delay, so its line is drawn.
    const auto [code, out] = run_on_terminal(hub, {"report", "summary"}, "ECHO_PROGRESS_AFTER=0");
    CHECK(code == 0);
    CHECK(out.find("Hub summary: done in 0:0") != std::string::npos);
    // At the default 2 s a small report draws nothing; in a pipe never.
    const auto [code2, out2] = run_on_terminal(hub, {"report", "summary"});
    CHECK(code2 == 0);
    CHECK(out2.find("done in") == std::string::npos);
    const auto piped =
        hub.raw({"--config", hub.config().string(), "--database", hub.database().string(), "report", "summary"},
                {{"ECHO_PROGRESS_AFTER", "0"}});
    CHECK(piped.code == 0);
    CHECK(piped.err.find("done in") == std::string::npos);
  }
}

} // namespace test_progress
