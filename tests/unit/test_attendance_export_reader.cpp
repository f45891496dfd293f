#include "echo/attendance/csv_stream.hpp"
#include "echo/attendance/export_reader.hpp"

#include <doctest/doctest.h>

#include <filesystem>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_export_reader {

using namespace echo::attendance;

namespace {

struct Read {
  Layout layout = Layout::unknown;
  std::vector<PersonRow> rows;
  std::optional<Meeting> meeting;
  std::string problems;
};

Read read_text(const std::string& text, const std::string& forced = "", std::size_t chunk = 7) {
  echo::util::Problems problems("t.csv");
  ExportReader reader(problems, forced);
  Read out;
  CsvStream stream([&](const std::vector<std::string>& f, std::size_t line) {
    const auto e = reader.read(f, line);
    if (e == ExportReader::Event::row) out.rows.push_back(reader.row());
    if (e == ExportReader::Event::meeting) out.meeting = reader.meeting();
    return e != ExportReader::Event::stop;
  });
  for (std::size_t i = 0; i < text.size(); i += chunk) stream.feed(std::string_view(text).substr(i, chunk));
  stream.finish();
  reader.finish();
  out.layout = reader.layout();
  out.problems = problems.empty() ? "" : problems.message();
  return out;
}

Read read_fixture(const std::string& name) {
  const auto path = std::filesystem::path(ECHO_FIXTURES) / name;
  echo::util::Problems problems(name);
  ExportReader reader(problems);
  Read out;
  stream_csv_file(path, [&](const std::vector<std::string>& f, std::size_t line) {
    const auto e = reader.read(f, line);
    if (e == ExportReader::Event::row) out.rows.push_back(reader.row());
    if (e == ExportReader::Event::meeting) out.meeting = reader.meeting();
    return e != ExportReader::Event::stop;
  });
  reader.finish();
  out.layout = reader.layout();
  out.problems = problems.empty() ? "" : problems.message();
  return out;
}

} // namespace

TEST_SUITE("echo::attendance::ExportReader") {

  TEST_CASE("the layout is detected from the header text of every fixture") {
    CHECK(read_fixture("zoom/meeting_old.csv").layout == Layout::zoom_meeting);
    CHECK(read_fixture("zoom/meeting_new.csv").layout == Layout::zoom_meeting_new);
    CHECK(read_fixture("zoom/participants_only.csv").layout == Layout::zoom_participants);
    CHECK(read_fixture("zoom/unique_users.csv").layout == Layout::zoom_unique_users);
    CHECK(read_fixture("zoom/webinar.csv").layout == Layout::zoom_webinar);
    CHECK(read_fixture("attendance/history.csv").layout == Layout::generic_csv);
  }

  TEST_CASE("the older export: BOM, CRLF, trailing commas, host email and a quoted name with a comma") {
    const auto r = read_fixture("zoom/meeting_old.csv");
    CHECK(r.problems.empty());
    REQUIRE(r.meeting);
    CHECK(r.meeting->host_email == "host@bccpc.example.org");
    CHECK(r.meeting->topic == "Palliative Care ECHO 2026: Goals of care");
    REQUIRE(r.rows.size() == 10);
    CHECK(r.rows[1].email == "a.lee@example.org");
    CHECK(r.rows[1].line == 6);
    CHECK(r.rows[5].name == "Priya iPad");
    CHECK(r.rows[5].original == "Priya Sharma");
    CHECK(r.rows[6].email.empty());
    CHECK(r.rows[8].name == "Waiting, Person");
    CHECK(r.rows[8].ignored);
    CHECK_FALSE(r.rows[7].ignored);
  }

  TEST_CASE("the newer export names its host by name") {
    const auto r = read_fixture("zoom/meeting_new.csv");
    REQUIRE(r.meeting);
    CHECK(r.meeting->host_name == "BCCPC Host");
    CHECK(r.meeting->host_email.empty());
    CHECK(r.rows.back().ignored);
  }

  TEST_CASE("webinar sections mark hosts and panelists, and Attended = No rows are ignored") {
    const auto r = read_fixture("zoom/webinar.csv");
    CHECK_MESSAGE(r.problems.empty(), r.problems);
    REQUIRE(r.rows.size() == 6);
    CHECK(r.rows[0].hub);
    CHECK(r.rows[1].hub);
    CHECK_FALSE(r.rows[2].hub);
    CHECK_FALSE(r.rows[4].ignored);
    CHECK(r.rows[5].ignored);
    REQUIRE(r.meeting);
    CHECK(r.meeting->start);
  }

  TEST_CASE("the unique-users variant gives minutes and no times") {
    const auto r = read_fixture("zoom/unique_users.csv");
    REQUIRE(r.rows.size() == 3);
    CHECK(r.rows[0].minutes == 58);
    CHECK_FALSE(r.rows[0].join);
  }

  TEST_CASE("bad rows are all reported with their lines") {
    const auto r = read_fixture("zoom/bad_rows.csv");
    CHECK(r.problems.find("zoom/bad_rows.csv: 4 problems") == 0);
    CHECK(r.problems.find("bad_rows.csv:2: bad join time") != std::string::npos);
    CHECK(r.problems.find("bad_rows.csv:4: leave time") != std::string::npos);
    CHECK(r.rows.size() == 1);
  }

  TEST_CASE("empty files, header-only files and unknown headers are problems") {
    CHECK(read_text("").problems == "t.csv: the file is empty");
    CHECK(read_text("\xEF\xBB\xBF\r\n\r\n").problems == "t.csv: the file is empty");
    CHECK(read_text("session,email,name,minutes\n").problems.find("t.csv:1: header only") == 0);
    CHECK(read_text("a,b,c\n1,2,3\n").problems.find("t.csv:1: not a Zoom export") == 0);
    CHECK(read_text("session,email,name\nx/1,a@b.c,A\n").problems.find("lacks the column") != std::string::npos);
    CHECK(read_text("Name (Original Name),User Email,Join Time,Leave Time\nA,a@b.c,01/01/2026 10:00,01/01/2026 11:00\n",
                    "csv")
              .problems.find("expected the generic CSV header") != std::string::npos);
  }

  TEST_CASE("quoted fields with commas and chunked input keep line numbers") {
    const auto r = read_text("session,email,name,minutes\r\n\"pc/1\",a@example.org,\"Lee, Alice\",50\r\npc/2,"
                             "b@example.org,B,x\r\n",
                             "", 3);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].name == "Lee, Alice");
    CHECK(r.rows[0].line == 2);
    CHECK(r.problems.find("t.csv:3: bad minutes 'x'") != std::string::npos);
  }

  TEST_CASE("a line break inside a quoted field stops the stream at the line where the quote opened") {
    echo::util::Problems problems("t.csv");
    std::size_t records = 0;
    CsvStream stream([&](const std::vector<std::string>&, std::size_t) { return ++records > 0; });
    const std::string text = "session,email,name,minutes\r\n\"pc/1\",a@example.org,\"Lee,\nAlice\",50\r\n";
    for (std::size_t i = 0; i < text.size(); i += 3) stream.feed(std::string_view(text).substr(i, 3));
    stream.finish();
    REQUIRE(stream.error());
    CHECK(stream.error()->line == 2);
    CHECK(records == 1);
  }

  TEST_CASE("display names split off the original name in parentheses") {
    CHECK(split_display_name("Dr. Tom (Thomas Nguyen)") ==
          std::pair<std::string, std::string>{"Dr. Tom", "Thomas Nguyen"});
    CHECK(split_display_name("Thomas Nguyen") == std::pair<std::string, std::string>{"Thomas Nguyen", ""});
    CHECK(split_display_name("(Only)") == std::pair<std::string, std::string>{"(Only)", ""});
    CHECK(split_display_name(" A (B) (C) ") == std::pair<std::string, std::string>{"A (B)", "C"});
  }

} // TEST_SUITE

} // namespace test_attendance_export_reader
