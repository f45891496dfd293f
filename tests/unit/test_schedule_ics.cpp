// The ICS reader on hostile and real-world input: nesting, long lines, RDATE lists, Outlook zones
// (Windows ids, "Customized Time Zone"), all-day events, RDATE;VALUE=PERIOD.

#include "echo/error.hpp"
#include "echo/schedule/schedule_file.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_schedule_ics {

using namespace echo;
using namespace echo::schedule;

namespace {

std::string fixture_text(const std::string& name) {
  std::ifstream in(std::string(ECHO_FIXTURES) + "/schedule/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

template <class F> std::string error_of(F&& f, Exit* code = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (code) *code = e.code();
    return e.what();
  }
  return "";
}

const std::string k_head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n";
const std::string k_event = "BEGIN:VEVENT\r\nUID:e@x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T200000Z\r\n";

// The session starting at `utc` (format_utc text), or nullptr.
const Entry* at(const ScheduleFile& f, const std::string& utc) {
  for (const auto& s : f.sessions)
    if (s.utc && util::format_utc(*s.utc) == utc) return &s;
  return nullptr;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE("echo::schedule::ics") {
  TEST_CASE("50,000 nested VALARMs are refused at the line that goes past 64 levels, without recursion") {
    std::string text = k_head + k_event;
    for (int i = 0; i < 50000; ++i) text += "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\n";
    for (int i = 0; i < 50000; ++i) text += "END:VALARM\r\n";
    text += "END:VEVENT\r\nEND:VCALENDAR\r\n";
    Exit code{};
    const auto msg = error_of([&] { parse_ics(text, "deep.ics"); }, &code);
    CHECK(code == Exit::data);
    // VCALENDAR and VEVENT are levels 1-2; VALARM n (line 8 + 3(n-1)) is level n + 2, so the
    // 63rd (line 8 + 186 = 194) is the 65th level.
    CHECK(has(msg, "deep.ics:194: BEGIN:VALARM nests components deeper than 64 levels"));
  }

  TEST_CASE("50,000 nested VEVENTs are refused too") {
    std::string text = k_head;
    for (int i = 0; i < 50000; ++i) text += "BEGIN:VEVENT\r\n";
    for (int i = 0; i < 50000; ++i) text += "END:VEVENT\r\n";
    text += "END:VCALENDAR\r\n";
    // VEVENT n is on line 3 + n at level n + 1: the 64th (line 67) is level 65.
    CHECK(has(error_of([&] { parse_ics(text, "deep.ics"); }), "deep.ics:67: BEGIN:VEVENT nests components deeper"));
  }

  TEST_CASE("BEGIN and END that do not pair are ours to report, with the line") {
    CHECK(has(error_of([&] { parse_ics("END:VEVENT\r\n" + k_head + "END:VCALENDAR\r\n", "a.ics"); }),
              "a.ics:1: END:VEVENT without a BEGIN:VEVENT"));
    CHECK(has(error_of([&] { parse_ics(k_head + k_event + "END:VALARM\r\nEND:VCALENDAR\r\n", "b.ics"); }),
              "b.ics:8: END:VALARM where BEGIN:VEVENT (line 4) is still open"));
    CHECK(has(error_of([&] { parse_ics(k_head + k_event + "END:VEVENT\r\n", "c.ics"); }),
              "c.ics:1: BEGIN:VCALENDAR has no END:VCALENDAR"));
    // Lower case and LF-only line ends are read the same way.
    CHECK(has(error_of([&] { parse_ics("begin:vcalendar\nend:vevent\n", "d.ics"); }),
              "d.ics:2: END:VEVENT where BEGIN:VCALENDAR (line 1) is still open"));
  }

  TEST_CASE("an unfolded line over 1 MB is refused at its first physical line") {
    std::string text = k_head + k_event + "DESCRIPTION:";
    // 15,000 folded pieces of 72 bytes: 1,080,000 bytes once unfolded (> 1,048,576).
    for (int i = 0; i < 15000; ++i) text += std::string(72, 'x') + "\r\n ";
    text += "end\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    CHECK(has(error_of([&] { parse_ics(text, "long.ics"); }), "long.ics:8: content line longer than 1048576 bytes"));
    // Folded to just under the limit, the same line is read.
    std::string ok = k_head + k_event + "DESCRIPTION:";
    for (int i = 0; i < 14000; ++i) ok += std::string(72, 'x') + "\r\n ";
    ok += "end\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    CHECK(parse_ics(ok, "ok.ics").sessions.size() == 1);
  }

  TEST_CASE("40,000 RDATE lines are read in linear time") {
    std::string text = k_head + "BEGIN:VEVENT\r\nUID:r@x\r\nDTSTAMP:20260101T000000Z\r\n"
                                "DTSTART:20260105T200000Z\r\nDURATION:PT1H\r\nSUMMARY:Many\r\n";
    // One RDATE an hour from 2026-01-06T00:00Z: 40,000 h is about 4.6 years.
    for (int n = 0; n < 40000; ++n) {
      const auto t = *util::parse_utc("2026-01-06T00:00:00Z") + std::chrono::hours{n};
      std::string s = util::format_utc(t); // 2026-01-06T00:00:00Z
      std::string compact;
      for (char c : s)
        if (c != '-' && c != ':') compact += c;
      text += "RDATE:" + compact + "\r\n";
    }
    text += "END:VEVENT\r\nEND:VCALENDAR\r\n";
    const auto t0 = std::chrono::steady_clock::now();
    const auto f = parse_ics(text, "many.ics");
    const auto took = std::chrono::steady_clock::now() - t0;
    CHECK(f.sessions.size() == 40001); // DTSTART and the 40,000 RDATEs
    CHECK(f.sessions.back().topic == "Many");
    // Was 41 s (a SUMMARY and STATUS lookup per occurrence over the 40,000 properties).
    CHECK(took < std::chrono::seconds{5});
  }

  TEST_CASE("Outlook's Customized Time Zone and other TZIDs defined only by their VTIMEZONE use its rules") {
    const auto f = parse_ics(fixture_text("outlook-customized-zone.ics"), "custom.ics");
    REQUIRE(f.sessions.size() == 5);
    // Mountain rules: 2026-03-08 (2nd Sunday of March) moves from -07:00 to -06:00.
    const auto* a = at(f, "2026-02-25T16:00:00Z"); // 09:00 - (-7 h)
    REQUIRE(a);
    CHECK(a->duration == 60);
    CHECK(a->topic == "Rural Health ECHO: case presentations");
    CHECK(at(f, "2026-03-04T16:00:00Z"));
    CHECK(at(f, "2026-03-11T15:00:00Z"));          // 09:00 - (-6 h)
    const auto* p = at(f, "2026-04-01T15:00:00Z"); // RDATE;VALUE=PERIOD 09:00-10:30 MDT
    REQUIRE(p);
    CHECK(p->duration == 90);
    const auto* d = at(f, "2026-03-10T13:00:00Z"); // "Hub Local Time" +05:30: 18:30 - 5:30
    REQUIRE(d);
    CHECK(d->topic == "Rural Health ECHO: Delhi partners");
    CHECK(d->duration == 60);
  }

  TEST_CASE("EXDATE, RECURRENCE-ID and UNTIL in UTC follow a custom VTIMEZONE's rules") {
    const std::string text = k_head +
                             "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\n"
                             "BEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0700\r\n"
                             "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\n"
                             "BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0600\r\n"
                             "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
                             "BEGIN:VEVENT\r\nUID:w@x\r\nDTSTAMP:20260101T000000Z\r\n"
                             "DTSTART;TZID=\"Customized Time Zone\":20260304T090000\r\n"
                             "DTEND;TZID=\"Customized Time Zone\":20260304T100000\r\n"
                             // UNTIL 2026-03-25T15:00Z is 09:00 MDT on the 25th: included.
                             "RRULE:FREQ=WEEKLY;UNTIL=20260325T150000Z;BYDAY=WE\r\n"
                             "EXDATE;TZID=\"Customized Time Zone\":20260311T090000\r\nSUMMARY:W\r\nEND:VEVENT\r\n"
                             "BEGIN:VEVENT\r\nUID:w@x\r\nDTSTAMP:20260101T000000Z\r\n"
                             "RECURRENCE-ID;TZID=\"Customized Time Zone\":20260318T090000\r\n"
                             "DTSTART;TZID=\"Customized Time Zone\":20260318T110000\r\n"
                             "DTEND;TZID=\"Customized Time Zone\":20260318T120000\r\nSUMMARY:W moved\r\nEND:VEVENT\r\n"
                             "END:VCALENDAR\r\n";
    const auto f = parse_ics(text, "w.ics");
    // 03-04 09:00 MST = 16:00Z; 03-11 excluded; 03-18 moved to 11:00 MDT = 17:00Z; 03-25 09:00 MDT = 15:00Z.
    REQUIRE(f.sessions.size() == 3);
    CHECK(at(f, "2026-03-04T16:00:00Z"));
    const auto* moved = at(f, "2026-03-18T17:00:00Z");
    REQUIRE(moved);
    CHECK(moved->topic == "W moved");
    CHECK(moved->key == "w@x#20260318T150000Z"); // the original start, 09:00 MDT, in UTC
    CHECK(at(f, "2026-03-25T15:00:00Z"));
  }

  TEST_CASE("a VTIMEZONE without offsets is no zone") {
    const std::string text = k_head + "BEGIN:VTIMEZONE\r\nTZID:Empty zone\r\nEND:VTIMEZONE\r\n" +
                             "BEGIN:VEVENT\r\nUID:z@x\r\nDTSTAMP:20260101T000000Z\r\n"
                             "DTSTART;TZID=Empty zone:20260105T120000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    const auto msg = error_of([&] { parse_ics(text, "e.ics"); });
    CHECK(has(msg, "unknown TZID 'Empty zone' (its VTIMEZONE has no STANDARD or DAYLIGHT offsets)"));
  }

  TEST_CASE("Windows zone ids map through CLDR's table by exact name") {
    CHECK(iana_zone_for_tzid("SA Pacific Standard Time") == "America/Bogota");
    CHECK(iana_zone_for_tzid("Yukon Standard Time") == "America/Whitehorse");
    CHECK(iana_zone_for_tzid("Central Standard Time (Mexico)") == "America/Mexico_City");
    CHECK(iana_zone_for_tzid("E. South America Standard Time") == "America/Sao_Paulo");
    CHECK(iana_zone_for_tzid("Canada Central Standard Time") == "America/Regina");
    // No partial matches: a name that merely contains a known one is unknown.
    CHECK_FALSE(iana_zone_for_tzid("Not Pacific Standard Time"));
    CHECK_FALSE(iana_zone_for_tzid("SA Pacific"));
  }

  TEST_CASE("an Outlook export in four Windows zones gives the right instants") {
    const auto f = parse_ics(fixture_text("outlook-windows-zones.ics"), "win.ics");
    REQUIRE(f.sessions.size() == 4);
    const auto* bogota = at(f, "2026-03-10T15:00:00Z"); // 10:00 -05:00 (a partial match gave Vancouver: 17:00Z)
    REQUIRE(bogota);
    CHECK(bogota->topic == "ECHO Colombia: TB case review");
    const auto* yukon = at(f, "2026-01-14T17:00:00Z"); // 10:00 -07:00
    REQUIRE(yukon);
    CHECK(yukon->duration == 90);
    CHECK(at(f, "2026-07-15T16:00:00Z"));               // Mexico City, no DST since 2022: 10:00 -06:00
    const auto* brasil = at(f, "2026-01-14T13:00:00Z"); // 10:00 -03:00
    REQUIRE(brasil);
    CHECK(brasil->duration == 120);
  }

  TEST_CASE("all-day events are skipped with a warning naming them, timed events import") {
    const auto f = parse_ics(fixture_text("google-holidays.ics"), "holidays.ics");
    REQUIRE(f.sessions.size() == 3);
    // Tuesdays 12:00 PDT (-07:00) = 19:00Z.
    CHECK(at(f, "2026-06-23T19:00:00Z"));
    CHECK(at(f, "2026-06-30T19:00:00Z"));
    CHECK(at(f, "2026-07-07T19:00:00Z"));
    // Google's empty "LOCATION:" adds a warning of its own: find the two about all-day events.
    std::vector<std::string> all_day;
    for (const auto& w : f.warnings)
      if (has(w, "all-day")) all_day.push_back(w);
    REQUIRE(all_day.size() == 2);
    CHECK(has(all_day[0], "holidays.ics:12 (UID 20260701_60o30dr5coo30c1g60o30dr56k@google.com): \"Canada Day\" "
                          "on 2026-07-01 is an all-day event (DTSTART;VALUE=DATE): skipped"));
    CHECK(has(all_day[1], "\"Office closed\" on 2026-06-30 is an all-day event"));
  }

  TEST_CASE("a calendar of all-day events only is refused, naming them") {
    const auto msg = error_of([] { parse_ics(fixture_text("all-day.ics"), "all-day.ics"); });
    CHECK(has(msg, "all-day.ics: no timed event to import: 1 all-day event skipped (\"ECHO planning day\")"));
  }

  TEST_CASE("RDATE VALUE=PERIOD occurrences keep their own durations") {
    const auto f = parse_ics(fixture_text("rdate-periods.ics"), "periods.ics");
    REQUIRE(f.sessions.size() == 5);
    // All at 12:00 PDT = 19:00Z.
    CHECK(at(f, "2026-04-07T19:00:00Z")->duration == 60);  // DTEND - DTSTART
    CHECK(at(f, "2026-04-14T19:00:00Z")->duration == 90);  // 12:00/13:30
    CHECK(at(f, "2026-04-21T19:00:00Z")->duration == 120); // 12:00/PT2H
    CHECK(at(f, "2026-04-28T19:00:00Z")->duration == 45);  // 19:00Z/19:45Z, in UTC
    CHECK(at(f, "2026-05-05T19:00:00Z")->duration == 60);  // a plain RDATE: the event's length
  }

  TEST_CASE("an RDATE period that ends before it starts is refused") {
    const std::string text = k_head +
                             "BEGIN:VEVENT\r\nUID:p@x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T200000Z\r\n"
                             "RDATE;VALUE=PERIOD:20260112T200000Z/20260112T190000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    CHECK(has(error_of([&] { parse_ics(text, "p.ics"); }), "RDATE period starting 20260112T200000 does not end"));
  }
}

} // namespace test_schedule_ics
