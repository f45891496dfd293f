// Dotted keys and table names with more parts than a TOML reader should nest (issue 11: no
// recursion on input depth): refused with line and column before toml++ builds the tables.

#include "echo/error.hpp"
#include "echo/proposal/file.hpp"
#include "echo/schedule/schedule_file.hpp"
#include "echo/util/toml_parse.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_util_toml_parse {

using namespace echo;

namespace {

std::string parts(std::size_t n, const std::string& part = "a") {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i ? "." : "") + part;
  return out;
}

template <class F> std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.code() == Exit::data);
    return e.what();
  }
  FAIL("no error thrown");
  return "";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE("echo::util::toml_parse") {
  TEST_CASE("64 parts pass, 65 do not, with the key's line and column") {
    CHECK_FALSE(util::toml_key_too_deep(parts(64) + " = 1\n"));
    const auto deep = util::toml_key_too_deep("title = \"x\"\n\n  " + parts(65) + " = 1\n");
    REQUIRE(deep);
    CHECK(deep->line == 3);
    CHECK(deep->column == 3);
    // Table headers, quoted parts and spaces around the dots count the same.
    CHECK(util::toml_key_too_deep("[" + parts(65) + "]\n"));
    CHECK(util::toml_key_too_deep("[[" + parts(65, "\"q.q\"") + "]]\n"));
    CHECK(util::toml_key_too_deep(parts(65, "b ") + "= 1\n"));
  }

  TEST_CASE("dots in values, strings and comments are no key parts") {
    const std::string many_dots(500, '.');
    CHECK_FALSE(util::toml_key_too_deep("version = \"" + many_dots + "\"\n"));
    CHECK_FALSE(util::toml_key_too_deep("v = '" + many_dots + "'\n"));
    CHECK_FALSE(util::toml_key_too_deep("# " + many_dots + "\n"));
    CHECK_FALSE(util::toml_key_too_deep("text = \"\"\"\n" + parts(100) + " = 1\n\"\"\"\n"));
    CHECK_FALSE(util::toml_key_too_deep("text = '''\n" + parts(100) + "'''\n"));
    CHECK_FALSE(util::toml_key_too_deep("e = \"a \\\" " + many_dots + "\"\n"));
    CHECK_FALSE(util::toml_key_too_deep("x = [1.5, 2.5, 1979-05-27T07:32:00.999Z]\n"));
  }

  TEST_CASE("100,000 parts in a schedule, a proposal: refused at the key, no stack overflow") {
    const auto header = "[" + parts(100000) + "]\nx = 1\n";
    auto msg = error_of([&] { schedule::parse_toml(header, "s.toml"); });
    CHECK(has(msg, "s.toml:1:2: a dotted key or table name with more than 64 parts"));
    const auto key = "title = \"T\"\n" + parts(100000) + " = 1\n";
    msg = error_of([&] { proposal::read_submission(proposal::SourceText{key, "p.toml"}, {}); });
    CHECK(has(msg, "p.toml:2:1: a dotted key or table name with more than 64 parts"));
  }
}

} // namespace test_util_toml_parse
