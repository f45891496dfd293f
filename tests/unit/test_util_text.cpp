#include "echo/util/text.hpp"

#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_util_text {

using namespace echo::util;

TEST_SUITE("echo::util::text") {
  TEST_CASE("name keys ignore case, accents, punctuation and extra spaces") {
    CHECK(name_key("  Émile  DUBÉ ") == "emile dube");
    CHECK(name_key("Emile Dube") == name_key("émile dubé"));
    CHECK(name_key("Lee, A.") == "lee a");
    CHECK(name_key("Zoë O'Brien-Smith") == "zoe o brien smith");
    CHECK(name_key("Straße") == "strasse");
    CHECK(name_key("") == "");
  }

  TEST_CASE("name keys of invalid UTF-8 fall back to ASCII lowercasing") {
    CHECK(name_key(std::string("AB\xff") + "C") == std::string("ab\xff") + "c");
  }

  TEST_CASE("display width counts wide characters twice and combining marks not at all") {
    CHECK(display_width("abc") == 3);
    CHECK(display_width("Émile Dubé") == 10);
    CHECK(display_width("E\xCC\x81mile") == 5); // E + combining acute
    CHECK(display_width("李小龍") == 6);
    CHECK(display_width("") == 0);
  }

  TEST_CASE("truncation respects display width") {
    CHECK(truncate_to_width("abcdef", 4) == "abc…");
    CHECK(truncate_to_width("abc", 4) == "abc");
    CHECK(truncate_to_width("李小龍李", 5) == "李小…");
  }

  TEST_CASE("trim removes ASCII white space and no-break spaces") {
    CHECK(trim("  a b \t\r\n") == "a b");
    CHECK(trim("\xC2\xA0x\xC2\xA0") == "x");
    CHECK(trim("") == "");
  }

  TEST_CASE("emails are trimmed and lowercased") {
    CHECK(normalize_email("  A.Lee@Example.ORG ") == "a.lee@example.org");
  }

  TEST_CASE("split keeps empty fields") {
    CHECK(split("a,,b", ',') == std::vector<std::string>{"a", "", "b"});
    CHECK(split("", ',') == std::vector<std::string>{""});
  }

  TEST_CASE("closest match suggests near misses only") {
    const std::vector<std::string> words{"series", "session", "participant", "report"};
    CHECK(closest_match("sereis", words) == "series");
    CHECK(closest_match("sesion", words) == "session");
    CHECK(closest_match("Report", words) == "report");
    CHECK_FALSE(closest_match("xyzzy", words).has_value());
    CHECK(edit_distance("abc", "acb") == 1);
    CHECK(edit_distance("", "abc") == 3);
  }

  TEST_CASE("group digits puts a comma every three digits") {
    CHECK(group_digits(0) == "0");
    CHECK(group_digits(999) == "999");
    CHECK(group_digits(1000) == "1,000");
    CHECK(group_digits(2000) == "2,000");
    CHECK(group_digits(123456) == "123,456");
    CHECK(group_digits(3000000) == "3,000,000");
    CHECK(group_digits(-1234567) == "-1,234,567");
  }
}

} // namespace test_util_text
