#include "progress.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_cli_progress {

using echo::cli::TerminalProgress;
using echo::util::Progress;
using echo::util::ProgressTick;
using std::chrono::milliseconds;

TEST_SUITE("cli progress") {
  TEST_CASE("without a unit the line gives the elapsed time only (reports)") {
    CHECK(TerminalProgress::line("Hub summary", "", {7, 0, 0, false}, milliseconds(125400)) ==
          "Hub summary: working, 2:05");
    CHECK(TerminalProgress::line("Hub summary", "", {9, 0, 0, true}, milliseconds(3500)) ==
          "Hub summary: done in 0:03");
  }

  TEST_CASE("the progress line gives rows, rate, share and time left") {
    // 120,000 rows in 3 s = 40,000 rows/s; 25 of 100 bytes read = 25 %; 3 s for 25 %: 9 s left.
    const ProgressTick tick{120000, 25, 100, false};
    CHECK(TerminalProgress::line("importing a.csv", "rows", tick, milliseconds(3000)) ==
          "importing a.csv: 120,000 rows, 40,000 rows/s, 25%, ETA 0:09");
    // No total: rows and rate only.
    CHECK(TerminalProgress::line("importing a.csv", "rows", {5000, 0, 0, false}, milliseconds(2000)) ==
          "importing a.csv: 5,000 rows, 2,500 rows/s");
    // 1,000 of 3,000,000 bytes after 2 s: 5,998 s left = 1:39:58.
    CHECK(TerminalProgress::line("x", "rows", {1000, 1000, 3000000, false}, milliseconds(2000)) ==
          "x: 1,000 rows, 500 rows/s, 0%, ETA 1:39:58");
    // The last line: how many in how long. 3,000,000 rows in 69 s = 43,478 rows/s (rounded down).
    CHECK(TerminalProgress::line("x", "rows", {3000000, 100, 100, true}, milliseconds(69000)) ==
          "x: 3,000,000 rows in 1:09, 43,478 rows/s");
    CHECK(TerminalProgress::line("x", "sessions", {2, 2, 2, true}, milliseconds(1000)) ==
          "x: 2 sessions in 0:01, 2 sessions/s");
  }

  TEST_CASE("ECHO_PROGRESS_AFTER sets the delay before progress shows") {
    ::unsetenv("ECHO_PROGRESS_AFTER");
    CHECK(TerminalProgress::delay() == milliseconds(2000));
    ::setenv("ECHO_PROGRESS_AFTER", "0", 1);
    CHECK(TerminalProgress::delay() == milliseconds(0));
    ::setenv("ECHO_PROGRESS_AFTER", "0.5", 1);
    CHECK(TerminalProgress::delay() == milliseconds(500));
    ::setenv("ECHO_PROGRESS_AFTER", "soon", 1); // not a number: the default
    CHECK(TerminalProgress::delay() == milliseconds(2000));
    ::setenv("ECHO_PROGRESS_AFTER", "-1", 1);
    CHECK(TerminalProgress::delay() == milliseconds(2000));
    ::unsetenv("ECHO_PROGRESS_AFTER");
  }

  TEST_CASE("the library's progress calls back every N rows and once at the end") {
    std::vector<ProgressTick> ticks;
    Progress progress([&](const ProgressTick& t) { ticks.push_back(t); }, 1000);
    for (std::uint64_t i = 1; i <= 2500; ++i) progress.row(i * 10, 30000);
    progress.finish();
    progress.finish();          // once only
    REQUIRE(ticks.size() == 3); // rows 1,000 and 2,000, then the end
    CHECK(ticks[0].rows == 1000);
    CHECK(ticks[0].done == 10000);
    CHECK(ticks[1].rows == 2000);
    CHECK(ticks[2].rows == 2500);
    CHECK(ticks[2].final);
    CHECK(ticks[2].done == 30000); // done is the total at the end
    // Without a callback nothing happens, and the rows are still counted.
    Progress none;
    none.row();
    none.finish();
    CHECK(none.rows() == 1);
  }
}

} // namespace test_cli_progress
