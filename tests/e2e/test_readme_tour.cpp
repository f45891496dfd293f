// The README's tour, extracted from README.md itself (so that it cannot drift), run as a shell
// script with `echoctl` on PATH on a fresh hub from a copy-free checkout of the bundled examples:
// every command exits 0, no series ends up with two sessions at one start, no instant moved, and
// the report figures are those worked out by hand from the example files.

#include "harness.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_readme_tour {

using echo::test::example;
using echo::test::Hub;
using echo::test::slurp;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The first ```sh block after "## A short tour".
std::string tour_block(const std::string& readme) {
  const auto section = readme.find("## A short tour");
  REQUIRE(section != std::string::npos);
  const auto open = readme.find("```sh\n", section);
  REQUIRE(open != std::string::npos);
  const auto start = open + 6;
  const auto close = readme.find("```\n", start);
  REQUIRE(close != std::string::npos);
  return readme.substr(start, close - start);
}

std::vector<std::string> query(const fs::path& db, const std::string& sql) {
  SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(d, sql);
  std::vector<std::string> rows;
  while (q.executeStep()) {
    std::string row;
    for (int i = 0; i < q.getColumnCount(); ++i) row += (i ? "|" : "") + q.getColumn(i).getString();
    rows.push_back(row);
  }
  return rows;
}

} // namespace

TEST_SUITE("e2e: README tour") {
  TEST_CASE("the tour runs as written on a fresh hub: every command exits 0, records right") {
    Hub home; // its directory is $HOME and the working directory
    const auto dir = home.dir().path();
    const auto readme = slurp(example("").parent_path().parent_path() / "README.md");
    const auto tour = tour_block(readme);
    CHECK(tour.find("echo ") == std::string::npos); // no bare `echo` command: every one is echoctl
    // echoctl on PATH (the installed name) and the examples where the tour expects them.
    fs::create_directories(dir / "bin");
    fs::create_symlink(ECHO_BINARY, dir / "bin/echoctl");
    fs::create_directory_symlink(example(""), dir / "examples");
    home.write("tour.sh", "set -eux\n" + tour);
    const auto command = "cd '" + dir.string() + "' && env -i HOME='" + dir.string() + "' PATH='" +
                         (dir / "bin").string() + ":/usr/bin:/bin' LC_ALL=C.UTF-8 sh tour.sh >tour.out 2>tour.err";
    const int status = std::system(command.c_str());
    INFO("stderr: ", slurp(dir / "tour.err"));
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);

    const auto db = dir / "hub/echo.db";
    // No series has two sessions at one start.
    CHECK(query(db, "SELECT series_id, start_utc FROM session WHERE status <> 'cancelled' "
                    "GROUP BY series_id, start_utc HAVING count(*) > 1")
              .empty());
    // pc-2026: the 10 sessions `series schedule` made, adopted by the file (its keys), each
    // still at 12:00 Vancouver: 20:00Z in PST, 19:00Z from 2026-03-08 (PDT). No instant moved.
    CHECK(query(db, "SELECT s.number, s.key, s.start_utc FROM session s JOIN series r ON r.id = s.series_id "
                    "WHERE r.code = 'pc-2026' ORDER BY s.number") ==
          std::vector<std::string>{"1|s01|2026-01-13T20:00:00Z", "2|s02|2026-01-27T20:00:00Z",
                                   "3|s03|2026-02-10T20:00:00Z", "4|s04|2026-02-24T20:00:00Z",
                                   "5|s05|2026-03-10T19:00:00Z", "6|s06|2026-03-24T19:00:00Z",
                                   "7|s07|2026-04-07T19:00:00Z", "8|s08|2026-04-21T19:00:00Z",
                                   "9|s09|2026-05-05T19:00:00Z", "10|s10|2026-05-19T19:00:00Z"});
    CHECK(query(db, "SELECT timezone FROM series WHERE code = 'pc-2026'") ==
          std::vector<std::string>{"America/Vancouver"});

    // The report figures, as of the end of the series.
    const auto r = home.raw({"--config", (dir / "hub/echo.toml").string(), "report", "series", "pc-2026", "--as-of",
                             "2026-06-01", "--format", "json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto j = json::parse(r.out);
    CHECK(j["sessions_scheduled"] == 10);
    CHECK(j["sessions_cancelled"] == 0);
    // Attendance of sessions 1, 2 and 3 was imported; 4..10 have none: unrecorded, not held.
    CHECK(j["sessions_held"] == 3);
    CHECK(j["sessions_unrecorded"] == 7);
    CHECK(r.err.find("7 past sessions with no attendance recorded") != std::string::npos);
    // Worked out from examples/zoom (participant role only; hub, presenter and unmatched rows
    // apart; eligible = 45 minutes or more):
    //   /1: Anna 56, Daniel 51, Emile 60 (22 + 39 joined), Grace 61, Joel 33, Maria 69, Noor 60,
    //       Priya 62 (two devices, one union), Thomas 56 ("Tom N (Thomas Nguyen)")
    //       -> 9 participations, 8 eligible (not Joel), 508 minutes
    //   /2: Emile 60, Harjit 60, Jasmine 54, Maria 66, Priya 58, Rajesh 63, Siobhan 38, Zoe 56,
    //       and Samuel 44 (Call-in User_1, resolved by the tour) -> 9, 7 eligible, 499 minutes
    //   /3: Emile 52, Fatima 62, Li 58, Noor 60, Priya 61, Samuel 35 -> 6, 5 eligible, 328 minutes
    CHECK(j["participations"] == 24);          // 9 + 9 + 6
    CHECK(j["eligible_participations"] == 20); // 8 + 7 + 5
    CHECK(j["unique_participants"] == 17);     // 9 at /1, 6 more at /2, Fatima and Li at /3
    CHECK(j["new_participants"] == 17);
    // 24 / 3 held = 8.0 (over all 10 past sessions it would have been 2.4).
    CHECK(j["average_attendance"] == 8.0);
    CHECK(j["learning_hours"] == 22.25); // (508 + 499 + 328) / 60 = 1335 / 60
    CHECK(j["credit_hours"] == 20.0);    // 20 eligible x 1.0 h
    // 75 % of 3 held: all 3 eligible. Emile (60, 60, 52) and Priya (62, 58, 61); Noor and Maria
    // have 2.
    CHECK(j["certificates"] == 2);
  }
}

} // namespace test_readme_tour
