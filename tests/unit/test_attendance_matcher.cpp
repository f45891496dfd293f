// The matcher's rules as tables: who a row is (email, display name, original name, aliases,
// ambiguous and generic names, --create-missing), who hosts, and which session a time falls in.

#include "attendance_memory_directory.hpp"
#include "echo/attendance/matcher.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_matcher {

using echo::attendance::Matcher;
using echo::attendance::MatchOptions;
using echo::attendance::new_participant_id;
using echo::attendance::Who;
using echo::test::MemoryDirectory;

namespace {

MemoryDirectory hub() {
  MemoryDirectory d;
  d.people = {
      {1, "Alice Lee", "a.lee@example.org", {}, {}},
      {2, "Maria Chen", "m.chen@example.org", {"Mary Chen"}, {"maria@clinic.example.org"}},
      {3, "Sam Roy", "", {}, {}},
      {4, "Sam Roy", "s.roy@example.org", {}, {}}, // two people named Sam Roy
      {5, "", "p.unnamed@example.org", {}, {}},    // known by email only (a presenter)
      {6, "Call-in User_1", "", {}, {}},           // a generic name someone once recorded
  };
  return d;
}

struct MatchCase {
  const char* what;
  std::vector<Who> before; // rows matched first, in order
  Who who;
  bool create_missing;
  std::optional<std::int64_t> id; // expected; negative: the n-th participant this matcher created
  bool created;
};

} // namespace

TEST_SUITE("echo::attendance::matcher") {

  TEST_CASE("who a row is: the table of matching rules") {
    const std::vector<MatchCase> cases = {
        {"an email finds its participant", {}, {"a.lee@example.org", "Someone Else", ""}, false, 1, false},
        {"an email alias finds its participant", {}, {"maria@clinic.example.org", "M", ""}, false, 2, false},
        {"an email is compared case-insensitively", {}, {"A.Lee@Example.ORG", "", ""}, false, 1, false},
        {"an unknown email creates a participant, without --create-missing",
         {},
         {"new@example.org", "New Person", ""},
         false,
         new_participant_id(0),
         true},
        {"the display name, folded, finds a participant", {}, {"", "  alice   LEE ", ""}, false, 1, false},
        {"the original name is tried after the display name", {}, {"", "Dr. L", "Alice Lee"}, false, 1, false},
        {"a name alias finds its participant", {}, {"", "Mary Chen", ""}, false, 2, false},
        {"a name two participants share is left unmatched", {}, {"", "Sam Roy", ""}, false, std::nullopt, false},
        {"a shared name with --create-missing is a new participant",
         {},
         {"", "Sam Roy", ""},
         true,
         new_participant_id(0),
         true},
        {"an unknown name is left unmatched", {}, {"", "Guest Caller", ""}, false, std::nullopt, false},
        {"an unknown name with --create-missing is created",
         {},
         {"", "Guest Caller", ""},
         true,
         new_participant_id(0),
         true},
        {"a generic name is never matched, though a participant carries it",
         {},
         {"", "Call-in User_1", ""},
         false,
         std::nullopt,
         false},
        {"a generic name is never created", {}, {"", "iPhone", ""}, true, std::nullopt, false},
        {"a generic display name falls back to the original name", {}, {"", "iPad", "Alice Lee"}, false, 1, false},
        {"an unnamed participant is found by email", {}, {"p.unnamed@example.org", "Pat Doe", ""}, false, 5, false},
        {"an unnamed participant named by an earlier row is found by that name",
         {{"p.unnamed@example.org", "Pat Doe", ""}},
         {"", "Pat Doe", ""},
         false,
         5,
         false},
        {"a participant created by email is found by name later",
         {{"new@example.org", "New Person", ""}},
         {"", "new person", ""},
         false,
         new_participant_id(0),
         false},
        {"a name created with --create-missing is created once",
         {{"", "Guest Caller", ""}},
         {"", "GUEST caller", ""},
         true,
         new_participant_id(0),
         true},
        {"a name looked up before a participant was created keeps its first answer",
         {{"", "New Person", ""}, {"new@example.org", "New Person", ""}},
         {"", "New Person", ""},
         false,
         std::nullopt,
         false},
    };
    for (const auto& c : cases) {
      CAPTURE(c.what);
      auto directory = hub();
      Matcher matcher(directory, MatchOptions{c.create_missing, {}});
      for (const auto& row : c.before) matcher.match(row);
      const auto got = matcher.match(c.who);
      CHECK(got.id == c.id);
      CHECK(got.created == c.created);
    }
  }

  TEST_CASE("the hub's own generic names are never matched nor created") {
    auto directory = hub();
    directory.people.push_back({8, "Front Desk", "", {}, {}});
    Matcher matcher(directory, MatchOptions{true, {"Front Desk"}});
    CHECK_FALSE(matcher.match({"", "Front Desk", ""}).id);
    CHECK(matcher.created().empty());
  }

  TEST_CASE("what the matcher creates and names is listed for the writer, each once") {
    auto directory = hub();
    Matcher matcher(directory, MatchOptions{true, {}});
    matcher.match({"new@example.org", "", "New Person"}); // the original name is the better one
    matcher.match({"new@example.org", "New Person", ""});
    matcher.match({"", "Guest Caller", ""});
    matcher.match({"p.unnamed@example.org", " Pat Doe ", ""});
    matcher.match({"P.Unnamed@example.org", "Pat Doe", ""});
    REQUIRE(matcher.created().size() == 2);
    CHECK(matcher.created()[0].name == "New Person");
    CHECK(matcher.created()[0].email == "new@example.org");
    CHECK(matcher.created()[1].name == "Guest Caller");
    CHECK(matcher.created()[1].email.empty());
    REQUIRE(matcher.namings().size() == 1);
    CHECK(matcher.namings()[0].id == 5);
    CHECK(matcher.namings()[0].name == "Pat Doe");
  }

  TEST_CASE("an email or a name is looked up once however many rows carry it") {
    auto directory = hub();
    Matcher matcher(directory, MatchOptions{});
    for (int i = 0; i < 5; ++i) {
      matcher.match({"a.lee@example.org", "Alice Lee", ""});
      matcher.match({"", "Sam Roy", ""});
    }
    CHECK(directory.email_lookups == 1);
    CHECK(directory.name_lookups == 1);
  }

  TEST_CASE("who hosts: by email when both sides have one, otherwise by name") {
    struct HostCase {
      const char* what;
      Who who;
      const char* host_email;
      const char* host_name;
      bool host;
    };
    const std::vector<HostCase> cases = {
        {"the host's email", {"host@example.org", "Anyone", ""}, "host@example.org", "Dr. Host", true},
        {"another email with the host's name",
         {"other@example.org", "Dr. Host", ""},
         "host@example.org",
         "Dr. Host",
         false},
        {"no email, the host's name", {"", "dr. host", ""}, "host@example.org", "Dr. Host", true},
        {"no email, the host's name as the original name", {"", "Room 2", "Dr. Host"}, "", "Dr. Host", true},
        {"no email, another name", {"", "Alice Lee", ""}, "host@example.org", "Dr. Host", false},
        {"a header with only an email, a row without one", {"", "Dr. Host", ""}, "host@example.org", "", false},
        {"a header with only a name, a row with an email", {"host@example.org", "Dr. Host", ""}, "", "Dr. Host", true},
        {"a header naming no host", {"host@example.org", "Dr. Host", ""}, "", "", false},
    };
    for (const auto& c : cases) {
      CAPTURE(c.what);
      CHECK(echo::attendance::is_host(c.who, c.host_email, c.host_name) == c.host);
    }
  }

  TEST_CASE("the session window runs from 60 minutes before the start to the end, both inclusive") {
    MemoryDirectory directory;
    directory.sessions = {
        {10, 1, "2026-01-13T20:00:00Z", 60, "scheduled", "pc-2026/1"},
        {11, 1, "2026-01-14T20:00:00Z", 90, "cancelled", "pc-2026/2"},
        {12, 2, "2026-01-15T20:00:00Z", 60, "scheduled", "other/1"},
        {13, 2, "2026-01-15T20:30:00Z", 60, "scheduled", "other/2"},
    };
    struct WindowCase {
      const char* at;
      std::optional<std::int64_t> series;
      std::optional<std::int64_t> only;
      std::vector<std::int64_t> hits;
    };
    const std::vector<WindowCase> cases = {
        {"2026-01-13T18:59:59Z", {}, {}, {}},   // 60 min + 1 s before the start
        {"2026-01-13T19:00:00Z", {}, {}, {10}}, // exactly 60 minutes before
        {"2026-01-13T20:00:00Z", {}, {}, {10}}, // the start
        {"2026-01-13T21:00:00Z", {}, {}, {10}}, // the end (start + 60 minutes)
        {"2026-01-13T21:00:01Z", {}, {}, {}},   // a second after the end
        {"2026-01-14T20:00:00Z", {}, {}, {}},   // a cancelled session is never found
        {"2026-01-15T20:15:00Z", {}, {}, {12, 13}}, {"2026-01-15T20:15:00Z", 1, {}, {}}, // of another series
        {"2026-01-15T20:15:00Z", {}, 13, {13}},                                          // --session: only that one
        {"2026-01-15T21:20:00Z", {}, {}, {13}},                                          // after other/1's end
    };
    for (const auto& c : cases) {
      CAPTURE(c.at);
      const auto at = echo::util::parse_utc(c.at);
      REQUIRE(at);
      std::vector<std::int64_t> ids;
      for (const auto& s : echo::attendance::sessions_at(directory, *at, c.series, c.only)) ids.push_back(s.id);
      std::sort(ids.begin(), ids.end());
      CHECK(ids == c.hits);
    }
  }
}

} // namespace test_attendance_matcher
