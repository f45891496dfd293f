#include "echo/attendance/csv_stream.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_csv_stream {

using echo::attendance::CsvStream;

namespace {

struct Collected {
  std::vector<std::vector<std::string>> records;
  std::vector<std::size_t> lines;
};

Collected run(std::string_view text, std::size_t chunk, std::optional<echo::attendance::CsvSyntaxError>& error) {
  Collected out;
  CsvStream stream([&](const std::vector<std::string>& f, std::size_t line) {
    out.records.push_back(f);
    out.lines.push_back(line);
    return true;
  });
  // Fed in pieces of `chunk` bytes.
  while (!text.empty()) {
    const auto n = std::min(chunk, text.size());
    stream.feed(text.substr(0, n));
    text.remove_prefix(n);
  }
  stream.finish();
  error = stream.error();
  return out;
}

} // namespace

TEST_SUITE("echo::attendance::CsvStream") {

  TEST_CASE("BOM, CRLF, trailing commas, quoted commas and doubled quotes parse in any chunking") {
    const std::string text = "\xEF\xBB\xBF"
                             "a,b,\r\n\"x, y\",\"say \"\"hi\"\"\",\r\nlast,row";
    for (const std::size_t chunk : {1u, 2u, 5u, 1000u}) {
      std::optional<echo::attendance::CsvSyntaxError> error;
      const auto c = run(text, chunk, error);
      CHECK_FALSE(error);
      REQUIRE(c.records.size() == 3);
      CHECK(c.records[0] == std::vector<std::string>{"a", "b", ""});
      CHECK(c.records[1] == std::vector<std::string>{"x, y", "say \"hi\"", ""});
      CHECK(c.records[2] == std::vector<std::string>{"last", "row"});
      CHECK(c.lines == std::vector<std::size_t>{1, 2, 3});
    }
  }

  TEST_CASE("a quote left open at the end of its line stops the stream at that line") {
    for (const std::size_t chunk : {1u, 3u, 1000u}) {
      std::optional<echo::attendance::CsvSyntaxError> error;
      const auto c = run("h1,h2\n\"Ann,a@x.org\nBob,b@x.org\n\"Cat\",c@x.org\n", chunk, error);
      REQUIRE(error);
      CHECK(error->line == 2);
      CHECK(error->message.find("not closed on its line") != std::string::npos);
      CHECK(c.records.size() == 1);
    }
  }

  TEST_CASE("a quote inside an unquoted field is reported with its column across chunks") {
    for (const std::size_t chunk : {1u, 4u, 1000u}) {
      std::optional<echo::attendance::CsvSyntaxError> error;
      run("h1,h2\nok,Bob \"B\"\n", chunk, error);
      REQUIRE(error);
      CHECK(error->line == 2);
      CHECK(error->column == 8);
      CHECK(error->message.find("a quote inside an unquoted field") != std::string::npos);
    }
  }

  TEST_CASE("a quote left open at the end of a file without a final newline names the last line") {
    std::optional<echo::attendance::CsvSyntaxError> error;
    run("h1,h2\n\"Ann,a@x.org", 1000, error);
    REQUIRE(error);
    CHECK(error->line == 2);
    CHECK(error->message.find("end of the file") != std::string::npos);
  }

  // Whole lines without quotes are split by CsvStream itself, lines cut by a chunk boundary by
  // libcsv: fed one byte at a time, every line goes through libcsv, so both must agree.
  TEST_CASE("unquoted lines read alike whole and byte by byte: spaces trimmed, blank lines skipped") {
    const std::string text = "session , email,\tname\t,minutes\n"
                             "   \n"
                             "\t \n"
                             "\n"
                             "bench/1,  p1@x.org ,Ann  Lee, 7 \r\n"
                             " , ,,\n"
                             "a\rb,c\n"
                             "only\n";
    for (const std::size_t chunk : {1u, 1000u}) {
      std::optional<echo::attendance::CsvSyntaxError> error;
      const auto c = run(text, chunk, error);
      CHECK_FALSE(error);
      REQUIRE(c.records.size() == 6);
      CHECK(c.records[0] == std::vector<std::string>{"session", "email", "name", "minutes"});
      CHECK(c.records[1] == std::vector<std::string>{"bench/1", "p1@x.org", "Ann  Lee", "7"});
      CHECK(c.records[2] == std::vector<std::string>{"", "", "", ""});
      CHECK(c.records[3] == std::vector<std::string>{"a"}); // a lone CR ends a record
      CHECK(c.records[4] == std::vector<std::string>{"b", "c"});
      CHECK(c.records[5] == std::vector<std::string>{"only"});
      CHECK(c.lines == std::vector<std::size_t>{1, 5, 6, 7, 7, 8});
    }
  }

  TEST_CASE("tab-separated lines keep empty fields and trim only spaces, whole and byte by byte") {
    const std::string text = "a\tb\tc\n\t\t\n x \t\ty\n";
    for (const std::size_t chunk : {1u, 1000u}) {
      std::optional<echo::attendance::CsvSyntaxError> error;
      const auto c = run(text, chunk, error);
      CHECK_FALSE(error);
      REQUIRE(c.records.size() == 3);
      CHECK(c.records[1] == std::vector<std::string>{"", "", ""});
      CHECK(c.records[2] == std::vector<std::string>{"x", "", "y"});
    }
  }

  TEST_CASE("random text reads the same records and errors whole as byte by byte") {
    const std::string alphabet = "ab ,;\t\r\n\n\n\"";
    std::mt19937 random(17); // fixed seed: the same texts on every run
    for (int round = 0; round < 3000; ++round) {
      std::string text = "h1,h2;h3\n";
      const auto size = std::uniform_int_distribution<std::size_t>(0, 60)(random);
      for (std::size_t i = 0; i < size; ++i)
        text += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
      std::optional<echo::attendance::CsvSyntaxError> slow_error;
      std::optional<echo::attendance::CsvSyntaxError> fast_error;
      const auto slow = run(text, 1, slow_error);
      const auto fast = run(text, text.size(), fast_error);
      CAPTURE(text);
      CHECK(slow.records == fast.records);
      CHECK(slow.lines == fast.lines);
      REQUIRE(slow_error.has_value() == fast_error.has_value());
      if (slow_error) {
        CHECK(slow_error->line == fast_error->line);
        CHECK(slow_error->column == fast_error->column);
        CHECK(slow_error->message == fast_error->message);
      }
    }
  }
}

} // namespace test_attendance_csv_stream
