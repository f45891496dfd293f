#include "echo/report/html.hpp"
#include "echo/util/text.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <set>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_report_html {

using namespace echo::report;

namespace {

// Checks that every element is closed in order (void elements excepted) and that no raw '<'
// or '&' is left in text. Returns the first problem, or "" when well formed.
std::string balance_problem(const std::string& page) {
  static const std::set<std::string> k_void{"meta", "br", "hr", "img", "input", "link", "col", "wbr"};
  std::vector<std::string> stack;
  std::size_t i = 0;
  while (i < page.size()) {
    if (page[i] == '&') {
      const auto semi = page.find(';', i);
      if (semi == std::string::npos || semi - i > 8) return "bare & at " + std::to_string(i);
      i = semi + 1;
      continue;
    }
    if (page[i] != '<') {
      ++i;
      continue;
    }
    const auto end = page.find('>', i);
    if (end == std::string::npos) return "unterminated tag";
    std::string tag = page.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.rfind("!DOCTYPE", 0) == 0) continue;
    const bool closing = !tag.empty() && tag[0] == '/';
    if (closing) tag.erase(0, 1);
    const bool self_closing = !tag.empty() && tag.back() == '/';
    const auto name = tag.substr(0, tag.find_first_of(" /"));
    if (name.empty()) return "empty tag name";
    for (char c : name)
      if (!std::isalnum(static_cast<unsigned char>(c))) return "odd tag name " + name;
    if (closing) {
      if (stack.empty() || stack.back() != name)
        return "</" + name + "> does not close <" + (stack.empty() ? "" : stack.back()) + ">";
      stack.pop_back();
    } else if (!self_closing && !k_void.count(name)) {
      stack.push_back(name);
    }
  }
  return stack.empty() ? "" : "unclosed <" + stack.back() + ">";
}

const std::string k_evil = "<b>\"Tom\" & 'Jerry'</b>";
const std::string k_escaped = "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;";

} // namespace

TEST_SUITE("echo::report::Html") {
  TEST_CASE("escape covers the five HTML metacharacters") { CHECK(echo::util::html_escape(k_evil) == k_escaped); }

  TEST_CASE("a table row escapes text cells and writes numbers, flags and lists as the page shows them") {
    // One row of every cell kind: text (escaped, plain runs kept), a reference column (class
    // ref), an integer, a whole and a fractional double (class num), a flag, a list, nothing.
    html::TableBuilder t({"name", "session", "minutes", "credit_hours", "hours", "rural", "certificates", "email"});
    t.add({Value{k_evil + " & co"}, Value{std::string("echo/12")}, Value{std::int64_t{-42}}, Value{3.0}, Value{1.25},
           Value{true}, Value{std::vector<std::string>{"a&b", "c"}}, Value{}});
    CHECK(t.rows() == 1);
    const auto out = t.finish();
    CHECK(out.find("<tr><td>" + k_escaped +
                   " &amp; co</td><td class=\"ref\">echo/12</td>"
                   "<td class=\"num\">-42</td><td class=\"num\">3</td><td class=\"num\">1.25</td>"
                   "<td>yes</td><td>a&amp;b, c</td><td class=\"ref\"></td></tr>\n") != std::string::npos);
    CHECK(balance_problem(out) == "");
  }

  TEST_CASE("the balance checker itself catches broken markup") {
    CHECK(balance_problem("<p><b>x</p></b>") != "");
    CHECK(balance_problem("<p>a & b</p>") != "");
    CHECK(balance_problem("<p>x") != "");
    CHECK(balance_problem("<p><br>x<meta charset=\"utf-8\"></p>") == "");
  }

  TEST_CASE("every page is well formed, self-contained and escapes participant data") {
    html::Meta meta{"Report <1>", "Hub & co", "all dates", "2026-03-01T08:00:00Z", "America/Vancouver", 45,
                    75.0,         "",         ""};
    SessionRow s;
    s.session = "pc-2026/1";
    s.topic = k_evil;
    s.held = true;
    s.participants = 3;
    s.eligible = 2;
    ParticipantRow p;
    p.name = k_evil;
    p.email = "tom@example.org";
    p.profession = k_evil;
    p.region = std::nullopt;
    CreditRow c;
    c.name = k_evil;
    c.topic = k_evil;
    c.session = "pc-2026/1";
    Figures f;
    f.series = "pc-2026";
    f.by_profession = {{k_evil, 1}, {"(unknown)", 1}};
    f.by_region = {{"Interior", 2}};
    const std::vector<std::string> pages{html::attendance_page(meta, {s}), html::participants_page(meta, {p}),
                                         html::credits_page(meta, {c}, {p}), html::figures_page(meta, f, false, {s}),
                                         html::figures_page(meta, f, true, {})};
    for (const auto& page : pages) {
      CHECK(balance_problem(page) == "");
      CHECK(page.find(k_evil) == std::string::npos);
      CHECK(page.find(k_escaped) != std::string::npos);
      CHECK(page.find("<svg") != std::string::npos);
      CHECK(page.find("Report &lt;1&gt;") != std::string::npos);
      CHECK(page.find("http://www.w3.org/2000/svg") != std::string::npos);
      // No external assets: the only URL is the SVG namespace.
      CHECK(page.find("src=") == std::string::npos);
      CHECK(page.find("href=") == std::string::npos);
      CHECK(page.find("https://") == std::string::npos);
    }
  }

  TEST_CASE("charts scale bars to the largest value and say when there is nothing to draw") {
    const auto chart = html::bar_chart("By region", {{"Interior", 4, 0, ""}, {"Fraser", 2, 0, ""}});
    CHECK(chart.find("width=\"420.0\"") != std::string::npos); // the largest bar fills the area
    CHECK(chart.find("width=\"210.0\"") != std::string::npos); // half of it
    CHECK(chart.find("<title>Fraser: 2</title>") != std::string::npos);
    CHECK(html::bar_chart("Empty", {}).find("No data.") != std::string::npos);
    CHECK(html::column_chart("Empty", {}).find("No data.") != std::string::npos);
    // Long labels are cut on a code point boundary.
    const auto cut = html::bar_chart("x", {{std::string(40, 'a') + "\u00e9\u00e9", 1, 0, ""}});
    CHECK(cut.find(std::string(30, 'a') + "\u2026") != std::string::npos);
  }

  TEST_CASE("the period reads naturally") {
    Params p;
    CHECK(html::period_text(p) == "all dates");
    p.from = "2026-01-01";
    CHECK(html::period_text(p) == "from 2026-01-01");
    p.to = "2026-03-31";
    CHECK(html::period_text(p) == "2026-01-01 to 2026-03-31");
  }
}

TEST_SUITE("report html for funders") {
  using namespace echo::report;

  html::Meta funder_meta() {
    return {"Hub summary",
            "BC Centre for Palliative Care",
            "2026-01-01 to 2026-03-31",
            "2026-03-01T08:00:00Z",
            "America/Vancouver",
            50,
            80.0,
            "",
            ""};
  }

  TEST_CASE("figures are in words with units, and the definitions give the thresholds in force") {
    Figures f;
    f.unique_participants = 17;
    f.rural_participants = 7; // 7 / 17 = 0.4118 -> "41.2 %"
    f.sessions_held = 3;
    f.participations = 9;
    f.minutes = 450; // 7.5 learning hours
    f.credit_hours = 4.5;
    const auto page = html::figures_page(funder_meta(), f, true, {});
    CHECK(page.find("<dt>Rural participants</dt><dd>41.2 %</dd>") != std::string::npos);
    CHECK(page.find("<dt>Learning hours</dt><dd>7.5 h</dd>") != std::string::npos);
    CHECK(page.find("<dt>Credit hours</dt><dd>4.5 h</dd>") != std::string::npos);
    CHECK(page.find("Eligible participations (at least 50 min)") != std::string::npos);
    CHECK(page.find("rural_share") == std::string::npos); // no raw field names
    CHECK(page.find("0.4118") == std::string::npos);
    // Definitions with the thresholds of the config (50 min, 80 %), not the defaults.
    CHECK(page.find("<h2>Definitions</h2>") != std::string::npos);
    CHECK(page.find("at least 50 minutes") != std::string::npos);
    CHECK(page.find("at least 80 % of a series' held sessions") != std::string::npos);
    // The as-of instant in the hub's zone: 2026-03-01T08:00:00Z is midnight in Vancouver (PST).
    CHECK(page.find("As of: 1 March 2026, 00:00 (America/Vancouver)") != std::string::npos);
    CHECK(page.find("2026-03-01T08:00:00Z") == std::string::npos);
  }

  TEST_CASE("the hub summary has a per-series table with titles") {
    Figures all;
    Figures pc;
    pc.sessions_held = 3;
    pc.participations = 7;
    pc.credit_hours = 6;
    const auto page = html::figures_page(
        funder_meta(), all, true, {}, {{"pc-2026", "Palliative Care ECHO 2026", pc}, {"wound-2026", "Wound Care", {}}});
    CHECK(page.find("<h2>By series</h2>") != std::string::npos);
    CHECK(page.find("<td>Palliative Care ECHO 2026</td><td class=\"ref\">pc-2026</td><td class=\"num\">3</td>"
                    "<td class=\"num\">7</td>") != std::string::npos);
    CHECK(page.find("<th scope=\"col\">Credit hours (h)</th>") != std::string::npos);
  }

  TEST_CASE("tables fit the page: wrap between words, never inside references or dates, and print") {
    SessionRow s;
    s.session = "pc-2026/1";
    s.date = "2026-01-13";
    s.series = "pc-2026";
    s.topic = "Goals of care conversations with families of people living with advanced dementia";
    const auto page = html::attendance_page(funder_meta(), {s});
    // References and dates are cells of class ref, which never wrap; text wraps between words only.
    CHECK(page.find("<td class=\"ref\">pc-2026/1</td><td class=\"ref\">2026-01-13</td>") != std::string::npos);
    CHECK(page.find("td.ref{white-space:nowrap}") != std::string::npos);
    CHECK(page.find("overflow-wrap:normal;word-break:normal;hyphens:none") != std::string::npos);
    // Never wider than the page: tables take the page's width and scroll inside it on a screen;
    // in print the page is turned landscape (A4 or Letter, whichever the printer has), the type is
    // set smaller and headers repeat on every page.
    CHECK(page.find(".table-wrap{max-width:100%;overflow-x:auto}") != std::string::npos);
    CHECK(page.find("<div class=\"table-wrap\"><table>") != std::string::npos);
    CHECK(page.find("@page{size:landscape;margin:10mm}") != std::string::npos); // A4 or Letter, landscape
    CHECK(page.find("@media print{") != std::string::npos);
    CHECK(page.find("table{width:100%;font-size:8pt}") != std::string::npos);
    CHECK(page.find("thead{display:table-header-group}") != std::string::npos);
    CHECK(page.find("max-width:70em") != std::string::npos); // 70em at 16px = 1120px < 1280px
  }

  TEST_CASE("the session chart has axes, ticks, a legend and distinct marks, and stays readable at 100") {
    std::vector<SessionRow> rows;
    for (int i = 1; i <= 100; ++i) {
      SessionRow r;
      r.session = "ltc-dementia-2026/" + std::to_string(i);
      r.status = i == 5 ? echo::domain::SessionStatus::cancelled : echo::domain::SessionStatus::scheduled;
      r.held = i <= 90 && i != 5 && i != 7; // 7: past, but no attendance recorded
      r.unrecorded = i == 7;
      r.participants = r.held ? 10 + i % 7 : 0;
      r.eligible = r.participants / 2;
      rows.push_back(r);
    }
    const auto page = html::attendance_page(funder_meta(), rows);
    CHECK(page.find("class=\"axis\"") != std::string::npos);
    CHECK(page.find(">Participants</text>") != std::string::npos); // y-axis title
    CHECK(page.find("class=\"tick\"") != std::string::npos);
    for (const char* legend :
         {">participants</text>", ">of them eligible</text>", ">unrecorded: no attendance recorded</text>",
          ">not yet held</text>", ">cancelled</text>"})
      CHECK_MESSAGE(page.find(legend) != std::string::npos, legend);
    CHECK(page.find("class=\"future\"") != std::string::npos);
    CHECK(page.find("class=\"unrecorded\"") != std::string::npos);
    // 100 columns, one label in 4 (25 labels: sessions 1, 5, ..., 97); a long series code is cut,
    // the session number never is.
    std::size_t labels = 0;
    for (auto at = page.find("class=\"label\""); at != std::string::npos; at = page.find("class=\"label\"", at + 1))
      ++labels;
    CHECK(labels == 25);
    CHECK(page.find(">ltc-dementia-20\u2026/1</text>") != std::string::npos);
    CHECK(page.find(">ltc-dementia-2\u2026/97</text>") != std::string::npos);
    CHECK(page.find("one session in 4 labelled") != std::string::npos);
    // Every session still has its tooltip.
    CHECK(page.find("<title>ltc-dementia-2026/100 ") != std::string::npos);
  }
}

} // namespace test_report_html
