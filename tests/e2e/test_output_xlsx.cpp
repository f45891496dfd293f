// --format xlsx / -o FILE.xlsx opened back with python3's zipfile and the sheet XML: numbers are
// numeric cells, dates are date-formatted serial numbers, text is shared strings, or inline
// strings in a workbook streamed row by row (never a formula), the header row is frozen. Also --bom, and -o with an
// extension that names no format.

#include "harness.hpp"
#include "report_seed.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_output_xlsx {

using echo::test::Hub;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Reads an xlsx with the Python standard library: per sheet (by name) the cells {ref: {t, s, v}}
// with shared and inline strings resolved into "text", whether the first row is frozen, and the
// autofilter's range.
const char* const k_reader = R"py(
import json, re, sys, zipfile
import xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
strings = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
        strings.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
wb = ET.fromstring(z.read('xl/workbook.xml'))
out = {}
for i, sheet in enumerate(wb.find('m:sheets', ns).findall('m:sheet', ns), 1):
    root = ET.fromstring(z.read('xl/worksheets/sheet%d.xml' % i))
    pane = root.find('.//m:pane', ns)
    cells = {}
    for c in root.iter('{%s}c' % ns['m']):
        v = c.find('m:v', ns)
        cell = {'t': c.get('t', 'n'), 's': c.get('s', '0'), 'v': v.text if v is not None else None}
        if cell['t'] == 's':
            cell['text'] = strings[int(cell['v'])]
        elif cell['t'] == 'inlineStr':
            cell['text'] = ''.join(t.text or '' for t in c.iter('{%s}t' % ns['m']))
        if c.find('m:f', ns) is not None:
            cell['formula'] = True
        cells[c.get('r')] = cell
    autofilter = root.find('m:autoFilter', ns)
    out[sheet.get('name')] = {'frozen': pane is not None and pane.get('state') == 'frozen' and pane.get('ySplit') == '1',
                              'autofilter': autofilter.get('ref') if autofilter is not None else None,
                              'cells': cells}
print(json.dumps(out))
)py";

std::pair<int, std::string> shell(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf{};
  while (auto n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  return {WEXITSTATUS(pclose(p)), out};
}

json read_xlsx(const Hub& hub, const fs::path& file) {
  const auto script = hub.write("read_xlsx.py", k_reader);
  const auto [code, out] = shell("python3 '" + script.string() + "' '" + file.string() + "'");
  INFO(out);
  REQUIRE(code == 0);
  return json::parse(out);
}

bool have_python() { return shell("command -v python3 >/dev/null").first == 0; }

} // namespace

TEST_SUITE("e2e output xlsx") {
  TEST_CASE("report credits -o FILE.xlsx: typed cells, header row, frozen pane") {
    if (!have_python()) return;
    Hub hub;
    echo::test::seed_report_scenario(hub);
    const auto file = hub.dir() / "credits.xlsx";
    const auto r = hub.run({"report", "credits", "--totals", "--as-of", "2026-03-01", "-o", file.string()});
    INFO(r);
    REQUIRE(r.code == 0);
    const auto book = read_xlsx(hub, file);
    REQUIRE(book.contains("Credit hours"));
    const auto& sheet = book["Credit hours"];
    CHECK(sheet["frozen"] == true);
    const auto& c = sheet["cells"];
    // Header: email, name, profession, region, eligible_sessions, credit_hours, certificate, certificates.
    CHECK(c["A1"]["text"] == "email");
    CHECK(c["F1"]["text"] == "credit_hours");
    // A streamed report's workbook is written row by row (constant_memory): its text is inline,
    // and the autofilter spans the header and the 5 rows written (Ann, Bob, Dee, Eve, Tom) over
    // the 8 columns A..H: A1:H6.
    CHECK(c["A2"]["t"] == "inlineStr");
    CHECK(sheet["autofilter"] == "A1:H6");
    // Rows by name: Ann, Bob, Dee, Eve ("=Eve Evans" sorts by its name key "=eve evans" first),
    // then Tom; row 2 is "=Eve Evans" as of 2026-03-01: wound /1 70 min and /2 45 min, both
    // eligible: 2 sessions x 1.0 h = 2 h, and the text "=Eve Evans" stays text (no formula).
    // Ann: pc /1 60, /3 45 -> 2 x 1.5 = 3.0; wound /1 50 -> 1.0: 3 eligible sessions, 4 h.
    bool found_ann = false;
    for (int row = 2; row <= 6; ++row) {
      const auto ref = [&](char col) { return std::string(1, col) + std::to_string(row); };
      CHECK(c[ref('E')]["t"] == "n"); // eligible_sessions: a number
      CHECK(c[ref('F')]["t"] == "n"); // credit_hours: a number
      CHECK(c[ref('G')]["t"] == "b"); // certificate: a boolean
      CHECK_FALSE(c[ref('B')].contains("formula"));
      if (c[ref('A')].value("text", "") == "ann@example.org") {
        found_ann = true;
        CHECK(c[ref('E')]["v"] == "3");
        CHECK(c[ref('F')]["v"] == "4");
      }
      if (c[ref('A')].value("text", "") == "eve@example.org") CHECK(c[ref('B')]["text"] == "=Eve Evans");
    }
    CHECK(found_ann);
  }

  TEST_CASE("dates are Excel dates and a document gets one sheet per section") {
    if (!have_python()) return;
    Hub hub;
    echo::test::seed_report_scenario(hub);
    const auto file = hub.dir() / "att.xlsx";
    REQUIRE(hub.run({"report", "attendance", "--as-of", "2026-03-01", "--format", "xlsx", "-o", file.string()}).code ==
            0);
    const auto book = read_xlsx(hub, file);
    const auto& c = book["Attendance by session"]["cells"];
    // Row 2 is pc-2026/1 on 2026-01-13: Excel's serial day 46035 (days since 1899-12-30), in a
    // date format (style index > 0), not text.
    CHECK(c["A2"]["text"] == "pc-2026/1");
    CHECK(c["B1"]["text"] == "date");
    CHECK(c["B2"]["t"] == "n");
    CHECK(c["B2"]["v"] == "46035");
    CHECK(c["B2"]["s"] != "0");
    // report summary: figures, by_profession and by_region as three sheets.
    const auto sum = hub.dir() / "sum.xlsx";
    REQUIRE(hub.run({"report", "summary", "--as-of", "2026-03-01", "-o", sum.string()}).code == 0);
    const auto sbook = read_xlsx(hub, sum);
    CHECK(sbook.contains("summary"));
    CHECK(sbook.contains("by_profession"));
    CHECK(sbook.contains("by_region"));
    // To a pipe, the bytes of the workbook (a zip file).
    const auto piped = hub.run({"participant", "list", "--format", "xlsx"});
    REQUIRE(piped.code == 0);
    CHECK(piped.out.starts_with("PK"));
  }

  TEST_CASE("--bom, and -o with an extension that names no format") {
    Hub hub;
    echo::test::seed_report_scenario(hub);
    const auto csv = hub.dir() / "p.csv";
    REQUIRE(hub.run({"participant", "list", "--bom", "-o", csv.string()}).code == 0);
    CHECK(echo::test::slurp(csv).starts_with("\xEF\xBB\xBF"
                                             "id,name,email"));
    // Without --bom an -o .csv file has none (see echoctl(1): scripts and imports read it).
    REQUIRE(hub.run({"participant", "list", "-o", csv.string()}).code == 0);
    CHECK(echo::test::slurp(csv).starts_with("id,name,email"));
    CHECK(hub.run({"participant", "list", "--bom", "--json"}).code == 2);
    auto r = hub.run({"participant", "list", "-o", (hub.dir() / "p.txt").string()});
    CHECK(r.code == 2);
    CHECK(r.err.find("extension") != std::string::npos);
    CHECK_FALSE(fs::exists(hub.dir() / "p.txt"));
    CHECK(hub.run({"participant", "list", "-o", (hub.dir() / "noext").string()}).code == 2);
    // --format names it: any file name will do.
    CHECK(hub.run({"participant", "list", "--format", "tsv", "-o", (hub.dir() / "p.txt").string()}).code == 0);
  }
}

} // namespace test_output_xlsx
