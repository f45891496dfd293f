// The validation layer shared by every reader and the command line (util/validate.hpp).

#include "echo/util/validate.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_util_validate {

using namespace echo::util;

TEST_SUITE("util validate") {
  TEST_CASE("text: UTF-8 without NUL or control characters") {
    CHECK_FALSE(text_problem("Émile Dubé"));
    CHECK_FALSE(text_problem(""));
    CHECK(text_problem(std::string("ec\0ho", 5)) == "contains a NUL byte");
    CHECK(text_problem("Eve\x1b[31mRed") == "contains the control character U+001B");
    CHECK(text_problem("bell\x07") == "contains the control character U+0007");
    CHECK(text_problem("del\x7f") == "contains the control character U+007F");
    CHECK(text_problem("c1 \xc2\x9b") == "contains the control character U+009B"); // CSI as C1
    CHECK(text_problem("caf\xe9")->starts_with("is not valid UTF-8 text"));        // Latin-1
    CHECK(text_problem("\xed\xa0\x80")->starts_with("is not valid UTF-8"));        // a surrogate
    CHECK(text_problem("\xc0\xaf")->starts_with("is not valid UTF-8"));            // overlong '/'
    CHECK(text_problem("a\tb"));
    CHECK_FALSE(text_problem("line one\nline two\tx\r\n", TextRule::multiline));
    CHECK(text_problem("a\x1b", TextRule::multiline));
  }

  TEST_CASE("text: a bad byte is found at any offset of a long value, ASCII read eight bytes at a time") {
    // Every byte value at every offset of a 20-byte ASCII text: printable ASCII passes, C0 and
    // DEL are control characters, a lone byte from 0x80 is not UTF-8 (offset named).
    for (std::size_t at = 0; at < 20; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string text = "abcdefghijklmnopqrst";
        text[at] = static_cast<char>(b);
        CAPTURE(at);
        CAPTURE(b);
        const auto problem = text_problem(text);
        if (b == 0)
          CHECK(problem == "contains a NUL byte");
        else if (b < 0x20 || b == 0x7F)
          CHECK(problem == fmt::format("contains the control character U+{:04X}", b));
        else if (b >= 0x80)
          CHECK(problem == fmt::format("is not valid UTF-8 text (byte 0x{:02X} at offset {})", b, at));
        else
          CHECK_FALSE(problem);
      }
    }
    CHECK_FALSE(text_problem("Pérson Désirée 4567, p4567@bench.example.org"));
    CHECK(text_problem("Pérson Désirée 4567, p4567@bench.example.org\x1b") == "contains the control character U+001B");
  }

  TEST_CASE("text: two-byte characters, C1 controls and cut sequences at any offset after accented letters") {
    // "é" (C3 A9) at the start moves every later byte off the eight-byte grid.
    for (std::size_t at = 2; at < 22; ++at) {
      CAPTURE(at);
      std::string text = "\xC3\xA9"
                         "bcdefghijklmnopqrstu";
      CHECK_FALSE(text_problem(text));
      // A two-byte character that is a C1 control (U+0085) and one that is not (U+00A0, U+07FF).
      auto c1 = text;
      c1.replace(at, 1, "\xC2\x85");
      CHECK(text_problem(c1) == "contains the control character U+0085");
      auto nbsp = text;
      nbsp.replace(at, 1, "\xC2\xA0\xDF\xBF");
      CHECK_FALSE(text_problem(nbsp));
      // A lead byte whose continuation is missing: the lead byte's offset is named.
      auto cut = text;
      cut[at] = '\xC3';
      CHECK(text_problem(cut) == fmt::format("is not valid UTF-8 text (byte 0xC3 at offset {})", at));
      // Overlong forms (C0 80, C1 BF) are not UTF-8.
      auto overlong = text;
      overlong.replace(at, 1, "\xC1\xBF");
      CHECK(text_problem(overlong) == fmt::format("is not valid UTF-8 text (byte 0xC1 at offset {})", at));
      auto tab = text;
      tab[at] = '\t';
      CHECK(text_problem(tab) == "contains the control character U+0009");
      CHECK_FALSE(text_problem(tab, TextRule::multiline));
    }
  }

  TEST_CASE("printable ASCII: every byte value at every offset of texts of 0 to 20 bytes") {
    CHECK(printable_ascii(""));
    for (std::size_t size = 1; size <= 20; ++size) {
      for (std::size_t at = 0; at < size; ++at) {
        for (int b = 0; b < 256; ++b) {
          std::string text(size, '~');
          text[at] = static_cast<char>(b);
          CAPTURE(size);
          CAPTURE(at);
          CAPTURE(b);
          REQUIRE(printable_ascii(text) == (b >= 0x20 && b < 0x7F));
        }
      }
    }
  }

  TEST_CASE("dates within 1990..2100") {
    CHECK_FALSE(date_problem(date::year{1990} / 1 / 1));
    CHECK_FALSE(date_problem(date::year{2100} / 12 / 31));
    CHECK(date_problem(date::year{1989} / 12 / 31) == "1989-12-31 is outside 1990-01-01..2100-12-31");
    CHECK(date_problem(date::year{0} / 12 / 31) == "0000-12-31 is outside 1990-01-01..2100-12-31");
    CHECK(date_problem(date::year{2101} / 1 / 1));
  }

  TEST_CASE("decimal numbers: finite, no hex, no inf or nan") {
    CHECK(parse_decimal("1.5") == 1.5);
    CHECK(parse_decimal("-2") == -2.0);
    CHECK(parse_decimal(".5") == 0.5);
    CHECK(parse_decimal("1e2") == 100.0);
    CHECK_FALSE(parse_decimal("0x10"));
    CHECK_FALSE(parse_decimal("inf"));
    CHECK_FALSE(parse_decimal("nan"));
    CHECK_FALSE(parse_decimal("1e400"));
    CHECK_FALSE(parse_decimal(""));
    CHECK_FALSE(parse_decimal("."));
    CHECK_FALSE(parse_decimal("1.5h"));
    CHECK_FALSE(parse_decimal("1e"));
  }

  TEST_CASE("JSON nesting depth is found without recursion, strings skipped") {
    CHECK_FALSE(json_too_deep(R"({"a": [[1, 2], {"b": "[[[[["}]})", 3));
    const auto at = json_too_deep("{\n  \"a\": [[[1]]]\n}", 3);
    REQUIRE(at);
    CHECK(at->line == 2);
    CHECK(at->column == 10);
    CHECK(json_too_deep(std::string(1000000, '[')));
    CHECK_FALSE(json_too_deep(R"(["\"[[[["])", 1));
  }

  TEST_CASE("attendance minutes: the session's minutes plus 14 h, at most a day") {
    CHECK(max_attendance_minutes(60) == 900);
    CHECK(max_attendance_minutes(90) == 930);
    CHECK(max_attendance_minutes(1000) == 1440);
  }

  TEST_CASE("escaping for terminals: controls and invalid bytes become visible escapes") {
    CHECK(escape_controls("plain Émile") == "plain Émile");
    CHECK(escape_controls("Eve\x1b[31mRed\x07") == "Eve\\x1B[31mRed\\x07");
    CHECK(escape_controls("c1\xc2\x9b") == "c1\\u009B");
    CHECK(escape_controls("caf\xe9") == "caf\\xE9");
    CHECK(escape_controls("a\tb\n") == "a\\x09b\\x0A");
    CHECK(escape_controls("a\tb\n", true) == "a\tb\n");
    CHECK_FALSE(needs_escaping("a\tb\n", true));
    CHECK(needs_escaping("\x1b"));
  }
}

} // namespace test_util_validate
