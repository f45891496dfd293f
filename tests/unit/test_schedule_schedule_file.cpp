#include "echo/error.hpp"
#include "echo/schedule/schedule_file.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_schedule_schedule_file {

using namespace echo;
using namespace echo::schedule;

namespace {

std::string fixture_text(const std::string& name) {
  std::ifstream in(std::string(ECHO_FIXTURES) + "/schedule/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string example_text(const std::string& name) {
  std::ifstream in(std::string(ECHO_FIXTURES) + "/../../examples/schedules/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The message of the Error a parse throws ("" when it does not throw).
template <class F> std::string error_of(F&& f, Exit* code = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (code) *code = e.code();
    return e.what();
  }
  return "";
}

} // namespace

TEST_SUITE("echo::schedule::schedule_file") {
  TEST_CASE("the TOML example reads its series and ten sessions") {
    const auto f = parse_toml(example_text("palliative-care-2026.toml"), "pc.toml");
    REQUIRE(f.series);
    CHECK(f.series->code == "pc-2026");
    CHECK(f.series->timezone == "America/Vancouver");
    CHECK(f.series->rule.repeat == domain::Repeat::biweekly);
    CHECK(f.series->rule.weekday == 2);
    REQUIRE(f.sessions.size() == 10);
    CHECK(f.sessions[0].key == "s01");
    CHECK(f.sessions[0].date == "2026-01-13");
    CHECK(f.sessions[0].time == "12:00:00");
    CHECK(f.sessions[1].presenters == std::vector<std::string>{"j.okafor@example.org", "r.singh@example.org"});
    CHECK(f.sessions[0].facilitator == "m.tremblay@example.org");
  }

  TEST_CASE("a bad TOML schedule lists every bad session with its line") {
    const std::string text = "[series]\ncode = \"pc-2026\"\ntitle = \"PC\"\ntimezone = \"Mars/Olympus\"\n\n"
                             "[[session]]\ndate = 2026-01-13\nduration = \"sixty\"\n\n"
                             "[[session]]\ndate = \"2026-02-30\"\n\n"
                             "[[session]]\ndate = 2026-03-10\npresenter = [\"a@example.org\"]\n";
    Exit code{};
    const auto msg = error_of([&] { parse_toml(text, "bad.toml"); }, &code);
    CHECK(code == Exit::data);
    CHECK(msg.find("4 problems") != std::string::npos);
    CHECK(msg.find("Mars/Olympus") != std::string::npos);
    CHECK(msg.find("bad.toml:8:12: duration") != std::string::npos);
    CHECK(msg.find("bad.toml:11:8: invalid date '2026-02-30'") != std::string::npos);
    CHECK(msg.find("bad.toml:15:1: unknown key 'presenter' (did you mean 'presenters'?)") != std::string::npos);
  }

  TEST_CASE("TOML and JSON read every [series] key alike and name wrong ones the same way") {
    const std::string toml = "[series]\ncode = \"pc-2026\"\ntitle = \"PC\"\ndescription = \"D\"\n"
                             "timezone = \"America/Vancouver\"\ncredit_hours = 1.5\nstart = 2026-01-13\n"
                             "time = 12:00:00\nduration = 90\nrepeat = \"monthly\"\nweekday = \"tue\"\n"
                             "week_of_month = 2\ncount = 6\nskip = [2026-04-14, \"2026-02-10\"]\n";
    const std::string json = R"({"series": {"code": "pc-2026", "title": "PC", "description": "D",
      "timezone": "America/Vancouver", "credit_hours": 1.5, "start": "2026-01-13", "time": "12:00",
      "duration": 90, "repeat": "monthly", "weekday": "tue", "week_of_month": 2, "count": 6,
      "skip": ["2026-04-14", "2026-02-10"]}})";
    for (const auto& f : {parse_toml(toml, "s.toml"), parse_json(json, "s.json")}) {
      CAPTURE(f.format);
      REQUIRE(f.series);
      const auto& s = *f.series;
      CHECK(s.code == "pc-2026");
      CHECK(s.title == "PC");
      CHECK(s.description == "D");
      CHECK(s.timezone == "America/Vancouver");
      CHECK(s.credit_hours == 1.5);
      CHECK(s.rule.start_date == "2026-01-13");
      CHECK(s.rule.start_time == "12:00");
      CHECK(s.duration == 90);
      CHECK(s.rule.repeat == domain::Repeat::monthly);
      CHECK(s.rule.weekday == 2);
      CHECK(s.rule.week_of_month == 2);
      CHECK(s.rule.count == 6);
      CHECK(s.has_skip);
      CHECK(s.rule.skip == std::vector<std::string>{"2026-02-10", "2026-04-14"});
    }
    const auto toml_msg = error_of([] {
      parse_toml("[series]\ncode = \"pc\"\ntitle = \"PC\"\nduration = \"long\"\ntime = \"noon\"\n"
                 "skip = [\n  2026-01-13,\n  3,\n]\nweekdy = \"tue\"\n",
                 "b.toml");
    });
    CHECK(toml_msg.find("b.toml:4:12: [series] duration: expected minutes as a whole number") != std::string::npos);
    CHECK(toml_msg.find("b.toml:5:8: [series] time: invalid time 'noon'") != std::string::npos);
    CHECK(toml_msg.find("b.toml:8:3: [series] skip: expected dates") != std::string::npos); // the item's own line
    CHECK(toml_msg.find("b.toml:10:1: [series] unknown key 'weekdy' (did you mean 'weekday'?)") != std::string::npos);
    // In file order, whatever order the keys sort in.
    CHECK(toml_msg.find("b.toml:5:8:") < toml_msg.find("b.toml:8:3:"));
    const auto json_msg = error_of([] {
      parse_json(R"({"series": {"code": "pc", "title": "PC", "duration": "long", "weekdy": "tue"}})", "b.json");
    });
    CHECK(json_msg.find("b.json: series: series.duration: expected minutes as a whole number") != std::string::npos);
    CHECK(json_msg.find("b.json: series: series unknown key 'weekdy' (did you mean 'weekday'?)") != std::string::npos);
  }

  TEST_CASE("a TOML syntax error names the line and column") {
    const auto msg = error_of([] { parse_toml("[series\ncode = 1\n", "x.toml"); });
    CHECK(msg.find("x.toml:1:") != std::string::npos);
  }

  TEST_CASE("CSV with quotes, a BOM, CRLF and a multi-line topic keeps line numbers") {
    const std::string text = "\xEF\xBB\xBFseries,key,date,time,duration,topic,presenters\r\n"
                             "pc-2026,s1,2026-01-13,12:00,60,\"Pain, the basics\",a.lee@example.org\r\n"
                             "pc-2026,,2026-01-27,12:00,60,\"Two\r\nlines\",\"A.Lee@Example.org; b@example.org\"\r\n"
                             "pc-2026,s3,2026-02-10,,,,\r\n";
    const auto f = parse_csv(text, "s.csv");
    REQUIRE(f.sessions.size() == 3);
    CHECK(f.sessions[0].topic == "Pain, the basics");
    CHECK(f.sessions[1].key.empty());
    CHECK(f.sessions[1].topic == "Two\r\nlines");
    CHECK(f.sessions[1].presenters == std::vector<std::string>{"a.lee@example.org", "b@example.org"});
    CHECK(f.sessions[2].where == "s.csv:5");
    CHECK_FALSE(f.sessions[2].time);
    CHECK_FALSE(f.sessions[2].duration);
  }

  TEST_CASE("a bad CSV lists every bad row") {
    const std::string text = "series,key,date,time,duration,topic,presenters\n"
                             "pc-2026,s1,2026-01-13,12:00,60,ok,\n"
                             "pc-2026,s2,2026-13-01,12:00,60,bad date,\n"
                             "pc-2026,s3,2026-01-27,25:00,sixty,bad time and duration,\n"
                             "pc-2026,s4,2026-02-10,12:00,60,bad presenter,not-an-email\n";
    const auto msg = error_of([&] { parse_csv(text, "s.csv"); });
    CHECK(msg.find("s.csv: 4 problems") != std::string::npos);
    CHECK(msg.find("s.csv:3: invalid date '2026-13-01'") != std::string::npos);
    CHECK(msg.find("s.csv:4: invalid duration 'sixty'") != std::string::npos);
    CHECK(msg.find("s.csv:4: invalid time '25:00'") != std::string::npos);
    CHECK(msg.find("s.csv:5: presenter 'not-an-email'") != std::string::npos);
  }

  TEST_CASE("a CSV header with an unknown column is refused with a hint") {
    const auto msg = error_of([] { parse_csv("series,date,topik\npc,2026-01-01,x\n", "h.csv"); });
    CHECK(msg.find("h.csv:1: header: unknown key 'topik' (did you mean 'topic'?)") != std::string::npos);
  }

  TEST_CASE("JSON schedules read the object and the array forms") {
    const auto f = parse_json(R"({"series": {"code": "pc-2026", "title": "PC", "week_of_month": "last"},
      "sessions": [{"key": "s1", "date": "2026-01-13", "time": "12:00", "presenters": ["a@example.org"],
                    "facilitator": null, "status": "cancelled"}]})",
                              "s.json");
    REQUIRE(f.series);
    CHECK(f.series->rule.week_of_month == -1);
    REQUIRE(f.sessions.size() == 1);
    CHECK(f.sessions[0].cancelled);
    CHECK(f.sessions[0].facilitator == "");
    const auto a = parse_json(R"([{"series": "pc-2026", "date": "2026-01-13"}])", "a.json");
    CHECK(a.sessions.at(0).series == "pc-2026");
  }

  TEST_CASE("malformed JSON names the line") {
    const auto msg =
        error_of([] { parse_json("{\n  \"sessions\": [\n    {\"date\": \"2026-01-13\",}\n  ]\n}", "m.json"); });
    CHECK(msg.find("m.json:3:") != std::string::npos);
  }

  TEST_CASE("the Outlook ICS example expands RRULE, drops the EXDATE and applies the override") {
    const auto f = parse_ics(example_text("nurse-coordinators-2026.ics"), "nc.ics");
    REQUIRE(f.sessions.size() == 10); // COUNT=11 minus one EXDATE
    // 2026-01-15 13:00 Pacific Standard Time = 21:00Z
    CHECK(util::format_utc(*f.sessions[0].utc) == "2026-01-15T21:00:00Z");
    CHECK(f.sessions[0].duration == 60);
    CHECK(f.sessions[0].topic == "Nurse Coordinators ECHO: case rounds");
    CHECK(f.sessions[0].key.find("#20260115T210000Z") != std::string::npos);
    bool july = false;
    bool moved = false;
    for (const auto& s : f.sessions) {
      const auto t = util::format_utc(*s.utc);
      july = july || t.starts_with("2026-07");
      if (s.key.ends_with("#20260319T200000Z")) {
        moved = true;
        CHECK(t == "2026-03-26T20:00:00Z"); // 13:00 PDT
        CHECK(s.duration == 90);
        CHECK(s.topic == "Nurse Coordinators ECHO: medication reconciliation at home");
      }
    }
    CHECK_FALSE(july);
    CHECK(moved);
  }

  TEST_CASE("a calendar with only an all-day event is refused with a clear message") {
    const auto msg = error_of([] { parse_ics(fixture_text("all-day.ics"), "all-day.ics"); });
    CHECK(msg.find("all-day event") != std::string::npos);
    CHECK(msg.find("all-day.ics:") != std::string::npos);
  }

  TEST_CASE("libical parse errors and unknown zones are listed with their UID") {
    Exit code{};
    const auto msg = error_of([] { parse_ics(fixture_text("broken.ics"), "broken.ics"); }, &code);
    CHECK(code == Exit::data);
    CHECK(msg.find("Mars Standard Time") != std::string::npos);
    CHECK(msg.find("bad-date@example.org") != std::string::npos);
    CHECK(msg.find("no-start@example.org") != std::string::npos);
  }

  TEST_CASE("an RRULE without COUNT or UNTIL runs two years from its first start, with a warning") {
    const std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
                             "BEGIN:VEVENT\r\nUID:open@x\r\nDTSTAMP:20260101T000000Z\r\n"
                             "DTSTART:20260105T200000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=MONTHLY\r\n"
                             "SUMMARY:Open\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    const auto f = parse_ics(text, "open.ics");
    REQUIRE(f.sessions.size() == 25); // 2026-01-05 .. 2028-01-05
    CHECK(util::format_utc(*f.sessions.front().utc) == "2026-01-05T20:00:00Z");
    CHECK(util::format_utc(*f.sessions.back().utc) == "2028-01-05T20:00:00Z");
    REQUIRE(f.warnings.size() == 1);
    CHECK(f.warnings[0].find("up to 2 years after the first") != std::string::npos);
  }

  TEST_CASE("STATUS:CANCELLED, DURATION, UTC times and RDATE are honoured") {
    const std::string text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
        "BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260113T200000Z\r\n"
        "DURATION:PT45M\r\nSUMMARY:One\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:b@x\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=Europe/London:20260301T120000\r\nDTEND;TZID=Europe/London:20260301T130000\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=2\r\nRDATE;TZID=Europe/London:20260401T120000\r\n"
        "SUMMARY:Two\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    const auto f = parse_ics(text, "t.ics");
    REQUIRE(f.sessions.size() == 4);
    CHECK(f.sessions[0].cancelled);
    CHECK(f.sessions[0].duration == 45);
    CHECK(f.sessions[0].key == "a@x");
    CHECK(util::format_utc(*f.sessions[3].utc) == "2026-04-01T11:00:00Z"); // BST
  }

  TEST_CASE("a custom TZID resolves through its VTIMEZONE's X-LIC-LOCATION") {
    const std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
                             "BEGIN:VTIMEZONE\r\nTZID:Hub time\r\nX-LIC-LOCATION:Australia/Sydney\r\n"
                             "BEGIN:STANDARD\r\nDTSTART:19700405T030000\r\nTZOFFSETFROM:+1100\r\n"
                             "TZOFFSETTO:+1000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
                             "BEGIN:VEVENT\r\nUID:s@x\r\nDTSTAMP:20260101T000000Z\r\n"
                             "DTSTART;TZID=Hub time:20260401T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    const auto f = parse_ics(text, "c.ics");
    REQUIRE(f.sessions.size() == 1);
    CHECK(util::format_utc(*f.sessions[0].utc) == "2026-03-31T22:00:00Z");
  }

  TEST_CASE("Windows and prefixed TZIDs map to IANA zones") {
    // CLDR's windowsZones (through ICU) maps the Windows id to its "001" zone, Los Angeles (the
    // same rules as Vancouver); display names are no ids and no longer match in part (issue 10):
    // Outlook writes a VTIMEZONE for them, which the reader uses.
    CHECK(iana_zone_for_tzid("Pacific Standard Time") == "America/Los_Angeles");
    CHECK_FALSE(iana_zone_for_tzid("(UTC-08:00) Pacific Time (US & Canada)"));
    CHECK(iana_zone_for_tzid("/freeassociation.sourceforge.net/Tzfile/Europe/London") == "Europe/London");
    CHECK(iana_zone_for_tzid("Australia/Sydney") == "Australia/Sydney");
    CHECK_FALSE(iana_zone_for_tzid("Mars Standard Time"));
  }

  TEST_CASE("the ICS writer folds at 75 octets, uses CRLF and a VTIMEZONE") {
    domain::Series s;
    s.id = 1;
    s.code = "pc-2026";
    s.title = "Palliative Care ECHO 2026";
    s.timezone = "America/Vancouver";
    domain::Session x;
    x.series_id = 1;
    x.series_code = "pc-2026";
    x.key = "s1";
    x.local_date = "2026-03-10";
    x.local_time = "12:00";
    x.start_utc = "2026-03-10T19:00:00Z";
    x.duration = 60;
    x.topic = std::string(100, 'a') + " é, done; ok";
    const auto text = write_ics({s}, {x}, *util::parse_utc("2026-01-01T00:00:00Z"));
    CHECK(text.find("UID:s1.pc-2026@echo\r\n") != std::string::npos);
    CHECK(text.find("DTSTART;TZID=America/Vancouver:20260310T120000\r\n") != std::string::npos);
    CHECK(text.find("BEGIN:VTIMEZONE\r\nTZID:America/Vancouver\r\n") != std::string::npos);
    CHECK(text.find("TZOFFSETTO:-0700") != std::string::npos);
    CHECK(text.find("\\, done\\; ok") != std::string::npos);
    std::size_t start = 0;
    while (start < text.size()) {
      const auto end = text.find("\r\n", start);
      REQUIRE(end != std::string::npos);
      CHECK(end - start <= 75);
      start = end + 2;
    }
    CHECK(text.find('\n') == text.find("\r\n") + 1);
    // Read back: same instant and key.
    const auto f = parse_ics(text, "rt.ics");
    REQUIRE(f.sessions.size() == 1);
    CHECK(util::format_utc(*f.sessions[0].utc) == "2026-03-10T19:00:00Z");
    CHECK(f.sessions[0].topic == x.topic);
    CHECK(key_from_uid(f.sessions[0].key, "", "pc-2026") == "s1");
  }
}

} // namespace test_schedule_schedule_file
