#include "echo/util/text.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

  TEST_CASE("name keys without allocation match utf8proc_map on mixed scripts, marks and controls") {
    // name_key decomposes short names on the stack; detail::name_key_mapped is utf8proc_map.
    const std::vector<std::string> pieces = {
        "a",
        "Z",
        "0",
        "9",
        " ",
        ",",
        ".",
        "-",
        "'",
        "(",
        "\t",
        "\n",
        "\r",
        "\x01",
        "\x7f",
        "\xC2\x85",         // NEL (C1)
        "\xC2\x9F",         // C1
        "\xC2\xA0",         // no-break space
        "\xC2\xAD",         // soft hyphen (ignorable)
        "\xC3\xA9",         // é
        "\xC3\x89",         // É
        "\xC3\x9F",         // ß
        "e\xCC\x81",        // e + combining acute
        "\xCC\xA3\xCC\x81", // two combining marks
        "\xEF\xAC\x81",     // ﬁ ligature
        "\xC7\x84",         // Ǆ
        "\xC2\xB2",         // superscript two
        "\xC2\xBD",         // one half
        "\xE2\x80\x8D",     // zero-width joiner
        "\xE2\x80\xA8",     // line separator
        "\xE6\x9D\x8E",     // 李
        "\xED\x95\x9C",     // 한 (Hangul syllable)
        "\xD8\xB9",         // Arabic ain
        "\xEF\xB7\xBA",     // ﷺ (decomposes to 18 code points)
        "\xF0\x9F\x98\x80", // emoji
        "\xFF",             // invalid byte
        "\xC3",             // truncated sequence
    };
    std::uint32_t seed = 12345;
    auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
    for (int round = 0; round < 4000; ++round) {
      std::string text;
      const auto count = next() % 30;
      for (std::uint32_t i = 0; i < count; ++i) text += pieces[(next() >> 8) % pieces.size()];
      CAPTURE(text);
      CHECK(name_key(text) == detail::name_key_mapped(text));
    }
    std::string many;
    for (int i = 0; i < 20; ++i) many += "\xEF\xB7\xBA "; // 360 code points decomposed
    CHECK(name_key(many) == detail::name_key_mapped(many));
    CHECK(name_key("  O'Brien-SMITH, Dr. J.  ") == "o brien smith dr j");
    CHECK(name_key("tab\there") == "tab here");
    CHECK(name_key("Pérson Désirée 54") == "person desiree 54");
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

  TEST_CASE("trim_view trims like trim without a copy") {
    for (const std::string_view text :
         {"x", "  a b \t\r\n", "\xC2\xA0x\xC2\xA0", "\xC2\xA9 x \xC2\xA9", "\xC2\xA0", " ", "", "\vx\f", "a\xC2\xA0"}) {
      CAPTURE(text);
      CHECK(trim_view(text) == trim(text));
    }
    CHECK(trim_view("\xC2\xA9 x \xC2\xA9") == "\xC2\xA9 x \xC2\xA9"); // (c) is no space
    CHECK(trim_view("a\xC2\xA0") == "a");
  }

  TEST_CASE("UTF-8 validity at any offset: ASCII read eight bytes at a time") {
    for (std::size_t at = 0; at < 20; ++at) {
      CAPTURE(at);
      std::string text = "abcdefghijklmnopqrst";
      CHECK(is_valid_utf8(text));
      auto accented = text;
      accented.replace(at, 1, "\xC3\xA9");
      CHECK(is_valid_utf8(accented));
      auto lone = text;
      lone[at] = '\x80';
      CHECK_FALSE(is_valid_utf8(lone));
      auto cut = text.substr(0, at) + "\xE2\x82"; // a three-byte sequence cut at the end
      CHECK_FALSE(is_valid_utf8(cut));
      auto overlong = text;
      overlong.replace(at, 1, "\xC0\x80");
      CHECK_FALSE(is_valid_utf8(overlong));
    }
  }

  TEST_CASE("email shapes: one @ with text on both sides, no spaces, commas, semicolons or brackets") {
    CHECK(looks_like_email("a@b"));
    CHECK(looks_like_email("p4567@bench.example.org"));
    CHECK_FALSE(looks_like_email("@b"));
    CHECK_FALSE(looks_like_email("a@"));
    CHECK_FALSE(looks_like_email("a@b@c"));
    CHECK_FALSE(looks_like_email("ab"));
    for (const char c : {' ', '\t', ',', ';', '<', '>'}) {
      CAPTURE(c);
      CHECK_FALSE(looks_like_email(std::string("a") + c + "@b"));
      CHECK_FALSE(looks_like_email(std::string("a@b") + c));
    }
    CHECK(looks_like_email("\xC3\xA9mile@example.org"));
  }

  TEST_CASE("ASCII lowercasing in place, eight bytes at a time, other bytes kept") {
    // Every byte value at every offset of texts of 1 to 20 bytes: only A..Z change.
    for (std::size_t size = 1; size <= 20; ++size) {
      for (std::size_t at = 0; at < size; ++at) {
        for (int b = 0; b < 256; ++b) {
          std::string text(size, 'Q');
          text[at] = static_cast<char>(b);
          std::string expected(size, 'q');
          expected[at] = b >= 'A' && b <= 'Z' ? static_cast<char>(b + 32) : static_cast<char>(b);
          ascii_lower_in_place(text);
          CAPTURE(size);
          CAPTURE(at);
          CAPTURE(b);
          REQUIRE(text == expected);
        }
      }
    }
    CHECK(ascii_lower("P4567@Bench.EXAMPLE.org \xC3\x89MILE") == "p4567@bench.example.org \xC3\x89mile");
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
