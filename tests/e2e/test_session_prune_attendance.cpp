// --prune cancels sessions that were held too (contract), but warns about their attendance.

#include "harness.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <regex>
#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_session_prune_attendance {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::slurp;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE("e2e: session import --prune and attendance") {
  TEST_CASE("pruning a held session warns with its name and attendance count, in the plan too") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "pc-2026", "--title", "Palliative Care", "--time", "12:00"}).code == 0);
    const auto csv = fixture("schedule/pc-2026.csv").string();
    auto r = hub.run({"session", "import", csv});
    REQUIRE_MESSAGE(r.code == 0, r);
    // s01 was held: three people attended (as the attendance module records it); s04 was not.
    {
      SQLite::Database db(hub.database().string(), SQLite::OPEN_READWRITE);
      db.exec("INSERT INTO participant (name, name_key, email, created_at, updated_at) VALUES "
              "('Ann Ode', 'ann ode', 'ann@example.org', 'now', 'now'), "
              "('Bo Li', 'bo li', 'bo@example.org', 'now', 'now'), "
              "('Cy Ng', 'cy ng', 'cy@example.org', 'now', 'now')");
      db.exec("INSERT INTO attendance (session_id, participant_id, minutes, created_at, updated_at) "
              "SELECT s.id, p.id, 55, 'now', 'now' FROM session s, participant p "
              "WHERE s.key = 's01' AND p.email IN ('ann@example.org', 'bo@example.org', 'cy@example.org')");
    }
    REQUIRE(hub.scalar("SELECT count(*) FROM attendance") == "3");
    // The file drops s01 (held) and s04 (not held).
    auto text = slurp(csv);
    text = std::regex_replace(text, std::regex("pc-2026,s01,[^\r\n]*\r?\n"), "");
    text = std::regex_replace(text, std::regex("pc-2026,s04,[^\r\n]*\r?\n"), "");
    const auto changed = hub.write("changed.csv", text).string();

    const auto before = hub.dump();
    r = hub.run({"session", "import", changed, "--prune", "--dry-run"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(has(r.out, "cancel        pc-2026 s01  2026-01-13 12:00  Pain management basics  (no longer in the file; "
                     "has 3 attendance records)"));
    CHECK(has(r.out, "(no longer in the file)\n")); // s04: no attendance, no mention
    CHECK(has(r.out, "inserted 0, updated 0, unchanged 2, cancelled 2\n"));
    CHECK(has(r.err, "--prune cancels session pc-2026/1 (key s01, 2026-01-13) which has 3 attendance records"));
    CHECK_FALSE(has(r.err, "s04"));
    CHECK(hub.dump() == before);

    r = hub.run({"session", "import", changed, "--prune"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 0, updated 0, unchanged 2, cancelled 2\n");
    CHECK(has(r.err, "--prune cancels session pc-2026/1 (key s01, 2026-01-13) which has 3 attendance records"));
    CHECK(hub.scalar("SELECT group_concat(key || '=' || status, ' ') FROM (SELECT key, status FROM session "
                     "ORDER BY local_date)") == "s01=cancelled s02=scheduled 2026-02-10=scheduled s04=cancelled");
    CHECK(hub.scalar("SELECT count(*) FROM attendance") == "3"); // kept
  }
}

} // namespace test_session_prune_attendance
