#include "echo/report/html.hpp"
#include "echo/util/text.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <set>

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

  TEST_CASE("the balance checker itself catches broken markup") {
    CHECK(balance_problem("<p><b>x</p></b>") != "");
    CHECK(balance_problem("<p>a & b</p>") != "");
    CHECK(balance_problem("<p>x") != "");
    CHECK(balance_problem("<p><br>x<meta charset=\"utf-8\"></p>") == "");
  }

  TEST_CASE("every page is well formed, self-contained and escapes participant data") {
    html::Meta meta{"Report <1>", "Hub & co", "all dates", "2026-03-01T08:00:00Z"};
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
