#include "output.hpp"

#include <doctest/doctest.h>

#include "context.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_cli_output {

using namespace echo::cli;

namespace {

Table people() {
  Table t;
  t.columns = {"name", "sessions", "rural", "presenters"};
  t.add({std::string("Émile Dubé"), std::int64_t{3}, true, std::vector<std::string>{"a@x.org", "b@x.org"}});
  t.add({std::string("李小龍"), std::int64_t{12}, false, std::vector<std::string>{}});
  t.add({std::monostate{}, 1.5, false, std::vector<std::string>{}});
  return t;
}

} // namespace

TEST_SUITE("echo::cli::output") {
  TEST_CASE("CSV quotes per RFC 4180 and neutralises formulas") {
    CHECK(csv_field("plain", true) == "plain");
    CHECK(csv_field("a,b", true) == "\"a,b\"");
    CHECK(csv_field("say \"hi\"", true) == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines", true) == "\"two\nlines\"");
    CHECK(csv_field("=HYPERLINK(\"x\")", true) == "\"'=HYPERLINK(\"\"x\"\")\"");
    CHECK(csv_field("+1", true) == "'+1");
    CHECK(csv_field("-2", true) == "'-2");
    CHECK(csv_field("@SUM(A1)", true) == "'@SUM(A1)");
    CHECK(csv_field("-2", false) == "-2");
    CHECK(csv_field(" padded ", false) == "\" padded \"");
  }

  TEST_CASE("CSV output has a header, CRLF rows and numbers left alone") {
    Table t;
    t.columns = {"name", "minutes"};
    t.add({std::string("=cmd"), std::int64_t{-5}});
    CHECK(render(t, Format::csv) == "name,minutes\r\n'=cmd,-5\r\n");
  }

  TEST_CASE("TSV escapes tabs and newlines and has a header") {
    Table t;
    t.columns = {"topic"};
    t.add({std::string("a\tb\nc\\d")});
    CHECK(render(t, Format::tsv) == "topic\na\\tb\\nc\\\\d\n");
  }

  TEST_CASE("JSON keeps types, nulls and arrays and escapes text") {
    const auto out = render(people(), Format::json);
    const auto j = nlohmann::json::parse(out);
    REQUIRE(j.size() == 3);
    CHECK(j[0]["name"] == "Émile Dubé");
    CHECK(j[0]["sessions"] == 3);
    CHECK(j[0]["rural"] == true);
    CHECK(j[0]["presenters"] == nlohmann::json::array({"a@x.org", "b@x.org"}));
    CHECK(j[2]["name"].is_null());
    CHECK(j[2]["sessions"] == 1.5);
    Table t;
    t.columns = {"s"};
    t.add({std::string("quote \" backslash \\ control \x01")});
    CHECK(nlohmann::json::parse(render(t, Format::json))[0]["s"] == "quote \" backslash \\ control \x01");
    CHECK(render(t, Format::json).find("\\u0001") != std::string::npos);
  }

  TEST_CASE("JSON lines are one object per line") {
    const auto out = render(people(), Format::jsonl);
    CHECK(std::count(out.begin(), out.end(), '\n') == 3);
    CHECK(nlohmann::json::parse(out.substr(0, out.find('\n')))["sessions"] == 3);
  }

  TEST_CASE("tables align by display width, so accented and CJK names line up") {
    const auto out = render(people(), Format::table);
    std::vector<std::string> lines;
    std::string line;
    for (char c : out) {
      if (c == '\n') {
        lines.push_back(line);
        line.clear();
      } else {
        line += c;
      }
    }
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "name        sessions  rural  presenters");
    CHECK(lines[1] == "Émile Dubé         3  yes    a@x.org;b@x.org");
    CHECK(lines[2] == "李小龍" + std::string(12, ' ') + "12  no"); // 10-column name, 8-column number
    CHECK(lines[3] == std::string(17, ' ') + "1.5  no");
  }

  TEST_CASE("a column that mixes text and numbers is left-aligned") {
    Table t;
    t.columns = {"field", "value"};
    t.add({std::string("name"), std::string("Hub")});
    t.add({std::string("sessions"), std::int64_t{12}});
    CHECK(render(t, Format::table) == "field     value\nname      Hub\nsessions  12\n");
  }

  TEST_CASE("markdown escapes pipes and HTML") {
    Table t;
    t.columns = {"a"};
    t.add({std::string("x|y")});
    t.add({std::string("<b>Tom & Jerry</b>")});
    CHECK(render(t, Format::markdown) == "| a |\n| --- |\n| x\\|y |\n| &lt;b&gt;Tom &amp; Jerry&lt;/b&gt; |\n");
  }

  TEST_CASE("CSV of a document with several sections keeps CRLF between them") {
    Document doc;
    Table a;
    a.columns = {"x"};
    a.add({std::int64_t{1}});
    doc.sections = {{"one", a}, {"two", a}};
    CHECK(render(doc, Format::csv) == "x\r\n1\r\n\r\nx\r\n1\r\n");
  }

  TEST_CASE("HTML escapes every value") {
    Table t;
    t.columns = {"name"};
    t.add({std::string("<b>\"Tom\" & 'Jerry'</b>")});
    RenderOptions options;
    options.title = "Report <1>";
    const auto out = render(t, Format::html, options);
    CHECK(out.find("<b>\"Tom\"") == std::string::npos);
    CHECK(out.find("&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;") != std::string::npos);
    CHECK(out.find("<title>Report &lt;1&gt;</title>") != std::string::npos);
  }

  TEST_CASE("format names parse and unknown ones do not") {
    CHECK(parse_format("jsonl") == Format::jsonl);
    CHECK_FALSE(parse_format("xml").has_value());
  }

  TEST_CASE("a streamed result is byte for byte the table's rendering in every text format") {
    // emit_rows writes rows as they come (reports at 2M rows): the same bytes as rendering the
    // whole table, for text that JSON escapes (quotes, controls, bytes that are not UTF-8),
    // numbers nlohmann writes its own way (1.0, 0.1 + 0.2, 1e+20), lists, nulls and wide names.
    Table t = people();
    t.add({std::string("q\"b\\c\x01\x7f tab\there\nline"), std::int64_t{-7}, false,
           std::vector<std::string>{"x\"y", "bad \xff byte"}});
    t.add({std::string("=SUM(A1)|<b>&"), 2.0, true, std::vector<std::string>{"one"}});
    t.add({std::string(" padded "), 0.1 + 0.2, false, std::vector<std::string>{}});
    t.add({std::string("big"), 1e20, false, std::vector<std::string>{}});
    Table empty;
    empty.columns = t.columns;
    const auto dir = std::filesystem::temp_directory_path() / ("echo-stream-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto read = [](const std::filesystem::path& p) {
      std::ifstream in(p, std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    Context ctx;
    for (const auto* table : {&t, &empty})
      for (const char* format : {"table", "tsv", "csv", "json", "jsonl", "markdown", "html"})
        for (const std::string& fields : {std::string(), std::string("presenters,name")}) {
          if (!fields.empty() && std::string(format) != "json" && std::string(format) != "jsonl") continue;
          CAPTURE(format);
          CAPTURE(fields);
          OutputOptions o;
          o.format = format;
          o.json_fields = fields;
          o.bom = std::string(format) == "csv";
          o.output = (dir / "whole").string();
          emit(ctx, o, *table, "People");
          o.output = (dir / "streamed").string();
          emit_rows(
              ctx, o, table->columns,
              [&](const RowSink& sink) {
                for (const auto& row : table->rows) sink(row);
              },
              "People");
          CHECK(read(dir / "streamed") == read(dir / "whole"));
        }
    std::filesystem::remove_all(dir);
  }
}

} // namespace test_cli_output
