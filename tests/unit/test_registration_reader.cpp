#include "echo/attendance/csv_stream.hpp"
#include "echo/registration/reader.hpp"

#include <doctest/doctest.h>

#include <filesystem>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_registration_reader {

using namespace echo::registration;

namespace {

struct Read {
  Layout layout = Layout::unknown;
  std::vector<Registrant> rows;
  std::optional<Meeting> meeting;
  std::string problems;
};

Read read_text(const std::string& text, std::size_t chunk = 5) {
  echo::util::Problems problems("t.csv");
  Reader reader(problems);
  Read out;
  echo::attendance::CsvStream stream([&](const std::vector<std::string>& f, std::size_t line) {
    const auto e = reader.read(f, line);
    if (e == Reader::Event::row) out.rows.push_back(reader.row());
    if (e == Reader::Event::meeting) out.meeting = reader.meeting();
    return e != Reader::Event::stop;
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
  Reader reader(problems);
  Read out;
  echo::attendance::stream_csv_file(path, [&](const std::vector<std::string>& f, std::size_t line) {
    const auto e = reader.read(f, line);
    if (e == Reader::Event::row) out.rows.push_back(reader.row());
    if (e == Reader::Event::meeting) out.meeting = reader.meeting();
    return e != Reader::Event::stop;
  });
  reader.finish();
  out.layout = reader.layout();
  out.problems = problems.empty() ? "" : problems.message();
  return out;
}

} // namespace

TEST_SUITE("echo::registration::Reader") {
  TEST_CASE("a Zoom registration report: meeting block, registrants and custom questions") {
    const auto r = read_fixture("registrations/zoom_registration_report.csv");
    CHECK(r.problems == "");
    CHECK(r.layout == Layout::zoom);
    REQUIRE(r.meeting);
    CHECK(r.meeting->id == "912 3456 7890");
    CHECK(r.meeting->start_text == "Feb 10, 2026 12:00 PM");
    REQUIRE(r.rows.size() == 7);
    const auto& priya = r.rows[0];
    CHECK(priya.line == 7);
    CHECK(priya.name == "Priya Sharma");
    CHECK(priya.email == "priya.sharma@fraserhealth.example.ca");
    CHECK(priya.approval == "approved");
    CHECK(priya.profession == "Nurse");
    CHECK(priya.organization == "Fraser Health Authority");
    CHECK(priya.region == "Fraser Health");         // "Health Region", not Zoom's "Country/Region"
    CHECK(r.rows[1].email == "m.chen@example.org"); // lowercased
    CHECK(r.rows[5].approval == "pending");
    CHECK_FALSE(r.rows[5].declined);
    CHECK(r.rows[6].declined); // denied
  }

  TEST_CASE("a webinar attendee report: only the attendee section's rows are registrants") {
    const auto r = read_fixture("registrations/webinar_no_shows.csv");
    CHECK(r.problems == "");
    REQUIRE(r.rows.size() == 4);
    CHECK(r.rows[0].name == "Priya Sharma");
    CHECK(r.rows[1].name == "Noor Haddad"); // First and Last Name, not the display name
    CHECK(r.rows[3].email == "gordon.ray@example.org");
  }

  TEST_CASE("the generic CSV, by session or by series, in Windows-1252 with semicolons") {
    const auto s = read_fixture("registrations/generic_sessions.csv");
    CHECK(s.problems == "");
    CHECK(s.layout == Layout::generic_csv);
    REQUIRE(s.rows.size() == 3);
    CHECK(s.rows[0].target == "pc-2026/1");
    CHECK_FALSE(s.rows[0].by_series);
    CHECK(s.rows[1].email.empty());
    const auto c = read_fixture("registrations/cohort_cp1252.csv");
    CHECK(c.problems == "");
    REQUIRE(c.rows.size() == 3);
    CHECK(c.rows[0].by_series);
    CHECK(c.rows[2].name == "Zoë Côté");
    CHECK(c.rows[1].organization == "Hôpital de Victoria");
  }

  TEST_CASE("bad rows are problems at their lines, in any chunking") {
    for (const std::size_t chunk : {1U, 3U, 64U}) {
      const auto r = read_text("session,email,name,registered_at\n"
                               "pc-2026/1,bad@,A,2026-01-01 10:00\n"
                               "pc-2026/1,b@example.org,B,31/31/2026 10:00\n"
                               ",c@example.org,C,\n",
                               chunk);
      CHECK(r.problems.find("t.csv:2: 'bad@' is not an email address") != std::string::npos);
      CHECK(r.problems.find("t.csv:3: bad registration time '31/31/2026 10:00'") != std::string::npos);
      CHECK(r.problems.find("t.csv:4: no session or series") != std::string::npos);
    }
  }

  TEST_CASE("files that are not registration exports") {
    CHECK(read_text("").problems.find("the file is empty") != std::string::npos);
    CHECK(read_text("hello,world\n1,2\n").problems.find("not a registration export") != std::string::npos);
    CHECK(read_text("session,email,name,registered_at\n").problems.find("header only") != std::string::npos);
    CHECK(read_text("Registration Report\nRegistrant Details\n").problems.find("no registrant header") !=
          std::string::npos);
  }

  TEST_CASE("N/N/YYYY dates: a field above 12 says the order, and both kinds are remembered") {
    const auto text = std::string("series,email,name,registered_at\n"
                                  "pc,a@example.org,A,13/01/2026 10:00\n"
                                  "pc,b@example.org,B,01/14/2026 10:00\n");
    echo::util::Problems problems("t.csv");
    Reader reader(problems);
    echo::attendance::CsvStream stream([&](const std::vector<std::string>& f, std::size_t line) {
      return reader.read(f, line) != Reader::Event::stop;
    });
    stream.feed(text);
    stream.finish();
    CHECK(reader.day_first().line == 2);
    CHECK(reader.month_first().line == 3);
  }
}

} // namespace test_registration_reader
