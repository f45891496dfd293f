// `echo report ...` end to end: the real binary against the scenario of
// tests/fixtures/report/scenario.sql (hand-computed figures in tests/unit/test_db_report_repo.cpp),
// every output format parsed back, errors and exit codes, and that reports never write.

#include "harness.hpp"
#include "report_seed.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_report {

using echo::test::Hub;
using nlohmann::json;

namespace {

const std::string k_as_of = "2026-03-01"; // local midnight: 2026-03-01T08:00:00Z
const std::string k_evil = "<b>\"Tom\" & 'Jerry'</b>";
const std::string k_evil_escaped = "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;";

json run_json(const Hub& hub, std::vector<std::string> args) {
  args.insert(args.end(), {"--as-of", k_as_of, "--format", "json"});
  const auto r = hub.run(args);
  INFO(r);
  REQUIRE(r.code == 0);
  return json::parse(r.out);
}

// RFC 4180: fields separated by commas, records by CRLF, quoted fields may hold commas, quotes
// (doubled) and line breaks. Throws on malformed input.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  std::size_t i = 0;
  bool quoted = false;
  bool field_started = false;
  while (i < text.size()) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        ++i;
        if (i < text.size() && text[i] != ',' && text[i] != '\r') throw std::runtime_error("text after closing quote");
        continue;
      }
      field += c;
      ++i;
      continue;
    }
    if (c == '"') {
      if (field_started) throw std::runtime_error("quote inside an unquoted field");
      quoted = true;
      field_started = true;
      ++i;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
      field_started = false;
      ++i;
    } else if (c == '\r') {
      if (i + 1 >= text.size() || text[i + 1] != '\n') throw std::runtime_error("bare CR");
      record.push_back(field);
      records.push_back(record);
      record.clear();
      field.clear();
      field_started = false;
      i += 2;
    } else if (c == '\n') {
      throw std::runtime_error("bare LF record end");
    } else {
      field += c;
      field_started = true;
      ++i;
    }
  }
  if (quoted) throw std::runtime_error("unterminated quote");
  if (!record.empty() || !field.empty()) throw std::runtime_error("last record without CRLF");
  return records;
}

std::string balance_problem(const std::string& page) {
  static const std::set<std::string> k_void{"meta", "br", "hr", "img", "input", "link", "col", "wbr"};
  std::vector<std::string> stack;
  std::size_t i = 0;
  while (i < page.size()) {
    if (page[i] == '&') {
      const auto semi = page.find(';', i);
      if (semi == std::string::npos || semi - i > 8) return "bare &";
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
    const auto name = tag.substr(0, tag.find_first_of(" /"));
    if (closing) {
      if (stack.empty() || stack.back() != name) return "</" + name + "> out of order";
      stack.pop_back();
    } else if (tag.back() != '/' && !k_void.count(name)) {
      stack.push_back(name);
    }
  }
  return stack.empty() ? "" : "unclosed <" + stack.back() + ">";
}

bool have_python() { return std::system("python3 -c 'import html.parser' >/dev/null 2>&1") == 0; }

// Python's own HTML parser walks the page and checks that start and end tags pair up.
std::string python_check(const Hub& hub, const std::string& page) {
  const auto file = hub.write("check.html", page);
  const auto script = hub.write("check.py", R"py(
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.text = []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            sys.exit("mismatched </%s>" % tag)
        self.stack.pop()
    def handle_data(self, data):
        self.text.append(data)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
if p.stack:
    sys.exit("unclosed " + ",".join(p.stack))
print("TEXT-HAS-NAME" if "<b>\"Tom\" & 'Jerry'</b>" in "".join(p.text) else "TEXT-LACKS-NAME")
)py");
  const auto out = hub.dir().path() / "python.out";
  const auto cmd = "python3 '" + script.string() + "' '" + file.string() + "' >'" + out.string() + "' 2>&1";
  const int rc = std::system(cmd.c_str());
  return (rc == 0 ? "" : "exit " + std::to_string(rc) + ": ") + echo::test::slurp(out);
}

} // namespace

TEST_SUITE("e2e report") {
  TEST_CASE("report attendance gives one row per session with the contract's fields") {
    Hub hub;
    echo::test::seed_report_scenario(hub);
    const auto rows = run_json(hub, {"report", "attendance"});
    REQUIRE(rows.size() == 8);
    for (const char* key : {"session", "date", "topic", "status", "participants", "eligible", "hub", "minutes"})
      CHECK_MESSAGE(rows[0].contains(key), key);
    // pc-2026/1: Ann 60, Bob 50, Tom 30 -> 3 participants, 2 eligible, 140 minutes; hub + presenter.
    CHECK(rows[0]["session"] == "pc-2026/1");
    CHECK(rows[0]["date"] == "2026-01-13");
    CHECK(rows[0]["topic"] == "Pain management basics");
    CHECK(rows[0]["status"] == "scheduled");
    CHECK(rows[0]["held"] == true);
    CHECK(rows[0]["participants"] == 3);
    CHECK(rows[0]["eligible"] == 2);
    CHECK(rows[0]["hub"] == 2);
    CHECK(rows[0]["minutes"] == 140);
    CHECK(rows[1]["session"] == "pc-2026/2");
    CHECK(rows[1]["status"] == "cancelled");
    CHECK(rows[1]["participants"] == 0);
    // pc-2026/4: past with no attendance recorded: unrecorded, not held (issue 12; was held).
    CHECK(rows[5]["session"] == "pc-2026/4");
    CHECK(rows[5]["held"] == false);
    CHECK(rows[5]["unrecorded"] == true);
    CHECK(rows[5]["participants"] == 0);
    CHECK(rows[0]["unrecorded"] == false);
    CHECK(rows[7]["session"] == "pc-2026/5");
    CHECK(rows[7]["held"] == false);
    CHECK(rows[7]["participants"] == 0);
    // --series and a period narrow the list; positions stay those of the whole series.
    const auto feb =
        run_json(hub, {"report", "attendance", "--series", "pc-2026", "--from", "2026-02-01", "--to", "2026-02-28"});
    REQUIRE(feb.size() == 2);
    CHECK(feb[0]["session"] == "pc-2026/3");
    CHECK(feb[0]["participants"] == 3);
    CHECK(feb[0]["eligible"] == 2);
    CHECK(feb[0]["hub"] == 1);
    CHECK(feb[0]["minutes"] == 149);
  }

  TEST_CASE("report series CODE gives every figure of the contract") {
    Hub hub;
    echo::test::seed_report_scenario(hub);
    const auto f = run_json(hub, {"report", "series", "pc-2026"});
    // Worked out in tests/unit/test_db_report_repo.cpp: 5 scheduled, 2 held, 1 unrecorded (/4),
    // 1 cancelled; 6 participations of 4 people, 4 eligible; 6 / 2 = 3.0; 289 min = 4.82 h;
    // 4 x 1.5 = 6.0 h; Ann 2 of 2 held: 1 certificate.
    CHECK(f["series"] == "pc-2026");
    CHECK(f["sessions_scheduled"] == 5);
    CHECK(f["sessions_held"] == 2);
    CHECK(f["sessions_unrecorded"] == 1);
    CHECK(f["sessions_cancelled"] == 1);
    CHECK(f["participations"] == 6);
    CHECK(f["unique_participants"] == 4);
    CHECK(f["eligible_participations"] == 4);
    CHECK(f["average_attendance"].get<double>() == doctest::Approx(3.0));
    CHECK(f["learning_hours"].get<double>() == doctest::Approx(4.82));
    CHECK(f["credit_hours"].get<double>() == doctest::Approx(6.0));
    CHECK(f["certificates"] == 1);
    CHECK(f["new_participants"] == 4);
    const auto professions = json::parse(R"J([{"name":"Nurse","participants":2},{"name":"Physician","participants":1},
                                              {"name":"(unknown)","participants":1}])J");
    const auto regions = json::parse(R"J([{"name":"Fraser","participants":1},{"name":"Interior","participants":1},
                                          {"name":"Northern","participants":1},{"name":"(unknown)","participants":1}])J");
    CHECK(f["by_profession"] == professions);
    CHECK(f["by_region"] == regions);
    // Mid-series: from 02-01 only Dee is new (Ann and Bob took part on 01-13).
    const auto mid = run_json(hub, {"report", "series", "pc-2026", "--from", "2026-02-01"});
    CHECK(mid["sessions_scheduled"] == 3);
    CHECK(mid["sessions_held"] == 1); // /3; /4 unrecorded
    CHECK(mid["sessions_unrecorded"] == 1);
    CHECK(mid["participations"] == 3);
    CHECK(mid["average_attendance"].get<double>() == doctest::Approx(3.0)); // 3 / 1
    CHECK(mid["learning_hours"].get<double>() == doctest::Approx(2.48));
    CHECK(mid["new_participants"] == 1);
    CHECK(mid["from"] == "2026-02-01");
    // --series is accepted in place of CODE.
    CHECK(run_json(hub, {"report", "series", "--series", "pc-2026"})["participations"] == 6);
    CHECK(hub.run({"report", "series", "pc-2026", "--series", "wound-2026"}).code == 2);
    // wound-2026: Eve attended 2 of 2: one certificate.
    CHECK(run_json(hub, {"report", "series", "wound-2026"})["certificates"] == 1);
  }

  TEST_CASE("report summary gives the hub-wide figures") {
    Hub hub;
    echo::test::seed_report_scenario(hub);
    const auto f = run_json(hub, {"report", "summary"});
    CHECK_FALSE(f.contains("series"));
    CHECK(f["series_count"] == 2);
    CHECK(f["sessions_scheduled"] == 8);
    CHECK(f["sessions_held"] == 4); // pc /1 /3, wound /1 /2; pc /4 unrecorded
    CHECK(f["sessions_unrecorded"] == 1);
    CHECK(f["sessions_cancelled"] == 1);
    CHECK(f["participations"] == 11);
    CHECK(f["unique_participants"] == 5);
    CHECK(f["eligible_participations"] == 9);
    CHECK(f["average_attendance"].get<double>() == doctest::Approx(2.75)); // 11 / 4
    CHECK(f["learning_hours"].get<double>() == doctest::Approx(9.33));
    CHECK(f["credit_hours"].get<double>() == doctest::Approx(11.0));
    CHECK(f["certificates"] == 2); // Eve (wound 2/2), Ann (pc 2/2)
    CHECK(f["new_participants"] == 5);
    CHECK(f["rural_share"].get<double>() == doctest::Approx(0.4));
    CHECK(f["cases_presented"] == 4);
    CHECK(f["by_region"][0] == json({{"name", "Interior"}, {"participants", 2}}));
    const auto feb = run_json(hub, {"report", "summary", "--from", "2026-02-01", "--to", "2026-02-28"});
    CHECK(feb["sessions_held"] == 3);
    CHECK(feb["sessions_unrecorded"] == 1);
    CHECK(feb["participations"] == 8);
    CHECK(feb["credit_hours"].get<double>() == doctest::Approx(8.0));
    CHECK(feb["new_participants"] == 2);
    CHECK(feb["cases_presented"] == 3);
  }

  TEST_CASE("report participants and report credits") {
    Hub hub;
    echo::test::seed_report_scenario(hub);
    const auto people = run_json(hub, {"report", "participants"});
    REQUIRE(people.size() == 5); // Hana attended only as hub staff
    for (const char* key : {"email", "name", "profession", "region", "sessions", "eligible_sessions", "minutes",
                            "credit_hours", "certificate"})
      CHECK_MESSAGE(people[0].contains(key), key);
    CHECK(people[1]["name"] == "=Eve Evans");
    CHECK(people[1]["certificate"] == true);
    CHECK(people[2]["email"] == "ann@example.org");
    CHECK(people[2]["sessions"] == 3);
    CHECK(people[2]["eligible_sessions"] == 3);
    CHECK(people[2]["minutes"] == 155);
    CHECK(people[2]["credit_hours"].get<double>() == doctest::Approx(4.0));
    CHECK(people[2]["certificate"] == true); // pc 2 of 2 held (the unrecorded /4 is no denominator)
    CHECK(people[0]["profession"].is_null());

    const auto credits = run_json(hub, {"report", "credits"});
    CHECK(credits.size() == 9);
    const auto ann = run_json(hub, {"report", "credits", "--participant", "ANN@example.org"});
    REQUIRE(ann.size() == 3);
    CHECK(ann[0]["session"] == "pc-2026/1");
    CHECK(ann[2]["total_credit_hours"].get<double>() == doctest::Approx(4.0));
    const auto totals = run_json(hub, {"report", "credits", "--totals"});
    REQUIRE(totals.size() == 5);
    CHECK(totals[3]["email"] == "bob@example.org");
    CHECK(totals[3]["eligible_sessions"] == 2); // named as in report participants
    CHECK_FALSE(totals[3].contains("sessions"));
    CHECK(totals[3]["credit_hours"].get<double>() == doctest::Approx(2.5));
    const auto nobody = hub.run({"report", "credits", "--participant", "zed@example.org"});
    CHECK(nobody.code == 1);
  }

  TEST_CASE("as-of decides which sessions are held, in the hub's time zone") {
    Hub hub;
    echo::test::seed_report_scenario(hub);
    // pc-2026/5 starts 2026-03-10 12:00 PDT (19:00Z): at exactly its start it is not yet held.
    auto at = [&](const std::string& as_of) {
      const auto r = hub.run({"report", "attendance", "--series", "pc-2026", "--as-of", as_of, "--json"});
      INFO(r);
      REQUIRE(r.code == 0);
      return json::parse(r.out).back()["held"].get<bool>();
    };
    CHECK_FALSE(at("2026-03-10 12:00"));
    CHECK(at("2026-03-10 12:00:01"));
    CHECK(at("2026-03-10T12:01"));
    CHECK_FALSE(at("2026-03-10T19:00Z"));
    CHECK(at("2026-03-10T19:00:01Z"));
    CHECK(at("2026-03-11"));
  }

  TEST_CASE("CSV parses back, matches the JSON and neutralises formulas") {
    Hub hub;
    echo::test::seed_report_scenario(hub);
    const auto r = hub.run({"report", "participants", "--as-of", k_as_of, "--format", "csv"});
    REQUIRE(r.code == 0);
    const auto records = parse_csv(r.out);
    REQUIRE(records.size() == 6);
    CHECK(records[0][0] == "email");
    CHECK(records[0][8] == "certificate");
    CHECK(records[1][1] == k_evil);        // quotes and commas survive the round trip
    CHECK(records[2][1] == "'=Eve Evans"); // a spreadsheet would run =..., so it is prefixed
    CHECK(records[3][5] == "3");
    const auto att = parse_csv(hub.run({"report", "attendance", "--as-of", k_as_of, "--format", "csv"}).out);
    REQUIRE(att.size() == 9);
    CHECK(att[4][2] == "Goals of care, \"serious\" talk");
    CHECK(att[5][2] == "'=Dressings+");
    for (const auto& rec : att) CHECK(rec.size() == att[0].size());
    // Object reports: one wide row under a header, breakdowns as name=participants lists.
    const auto series = hub.run({"report", "series", "pc-2026", "--as-of", k_as_of, "--format", "csv"});
    REQUIRE(series.code == 0);
    const auto fig = parse_csv(series.out);
    REQUIRE(fig.size() == 2);
    REQUIRE(fig[0].size() == fig[1].size());
    std::map<std::string, std::string> field;
    for (std::size_t i = 0; i < fig[0].size(); ++i) field[fig[0][i]] = fig[1][i];
    CHECK(field["series"] == "pc-2026");
    CHECK(field["sessions_held"] == "2");
    CHECK(field["sessions_unrecorded"] == "1");
    CHECK(field["learning_hours"] == "4.82");
    CHECK(field["as_of"] == "2026-03-01T08:00:00Z");
    CHECK(field["by_profession"] == "Nurse=2;Physician=1;(unknown)=1");
    const auto summary = hub.run({"report", "summary", "--as-of", k_as_of, "--format", "tsv"});
    REQUIRE(summary.code == 0);
    CHECK(summary.out.rfind("from\tto\tas_of\tseries_count\tsessions_scheduled", 0) == 0);
    CHECK(std::count(summary.out.begin(), summary.out.end(), '\n') == 2);
  }

  TEST_CASE("TSV, JSON Lines, Markdown and table formats carry the same rows") {
    Hub hub;
    echo::test::seed_report_scenario(hub);
    const auto tsv = hub.run({"report", "attendance", "--as-of", k_as_of}); // off a terminal: tsv
    REQUIRE(tsv.code == 0);
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < tsv.out.size()) {
      const auto nl = tsv.out.find('\n', start);
      lines.push_back(tsv.out.substr(start, nl - start));
      start = nl + 1;
    }
    REQUIRE(lines.size() == 9);
    CHECK(lines[0].rfind("session\tdate\ttopic\tstatus\tparticipants\teligible\thub\tminutes", 0) == 0);
    CHECK(lines[1].rfind("pc-2026/1\t2026-01-13\tPain management basics\tscheduled\t3\t2\t2\t140", 0) == 0);

    const auto jsonl = hub.run({"report", "participants", "--as-of", k_as_of, "--format", "jsonl"});
    REQUIRE(jsonl.code == 0);
    int n = 0;
    start = 0;
    while (start < jsonl.out.size()) {
      const auto nl = jsonl.out.find('\n', start);
      const auto obj = json::parse(jsonl.out.substr(start, nl - start));
      CHECK(obj.contains("eligible_sessions"));
      ++n;
      start = nl + 1;
    }
    CHECK(n == 5);
    const auto summary_jsonl = hub.run({"report", "summary", "--as-of", k_as_of, "--format", "jsonl"});
    CHECK(json::parse(summary_jsonl.out)["participations"] == 11);

    const auto md = hub.run({"report", "summary", "--as-of", k_as_of, "--format", "markdown"});
    REQUIRE(md.code == 0);
    CHECK(md.out.find("| participations | 11 |") != std::string::npos);
    CHECK(md.out.find("## by_region") != std::string::npos);

    const auto table = hub.run({"report", "series", "wound-2026", "--as-of", k_as_of, "--format", "table"});
    REQUIRE(table.code == 0);
    CHECK(table.out.find("certificates") != std::string::npos);
  }

  TEST_CASE("HTML is one well-formed self-contained page that escapes participant data") {
    Hub hub;
    echo::test::seed_report_scenario(hub);
    const bool python = have_python();
    for (const auto& cmd : std::vector<std::vector<std::string>>{{"report", "participants"},
                                                                 {"report", "attendance"},
                                                                 {"report", "credits"},
                                                                 {"report", "series", "pc-2026"},
                                                                 {"report", "summary"}}) {
      auto args = cmd;
      args.insert(args.end(), {"--as-of", k_as_of, "--format", "html"});
      const auto r = hub.run(args);
      INFO(cmd[1]);
      REQUIRE(r.code == 0);
      CHECK(r.out.rfind("<!DOCTYPE html>", 0) == 0);
      CHECK(balance_problem(r.out) == "");
      CHECK(r.out.find("<svg") != std::string::npos);
      CHECK(r.out.find("src=") == std::string::npos);
      CHECK(r.out.find("href=") == std::string::npos);
      // Tom's name is on the participant and credit pages (series and summary list no names).
      if (cmd[1] == "participants" || cmd[1] == "credits") {
        CHECK(r.out.find(k_evil) == std::string::npos);
        CHECK(r.out.find(k_evil_escaped) != std::string::npos);
      }
      if (python) CHECK(python_check(hub, r.out).find("TEXT-") == 0);
    }
  }

  TEST_CASE("-o writes the file atomically and picks html from the extension") {
    Hub hub;
    echo::test::seed_report_scenario(hub);
    const auto csv = hub.dir().path() / "weekly.csv";
    const auto r = hub.run({"report", "attendance", "--as-of", k_as_of, "-o", csv.string()});
    REQUIRE(r.code == 0);
    CHECK(r.out.empty());
    CHECK(parse_csv(echo::test::slurp(csv)).size() == 9);
    const auto page = hub.dir().path() / "summary.html";
    REQUIRE(hub.run({"report", "summary", "--as-of", k_as_of, "-o", page.string()}).code == 0);
    CHECK(echo::test::slurp(page).rfind("<!DOCTYPE html>", 0) == 0);
    const auto bad = hub.run({"report", "summary", "-o", (hub.dir().path() / "no/such/dir/x.csv").string()});
    CHECK(bad.code == 73);
  }

  TEST_CASE("reports only read the database") {
    Hub hub;
    echo::test::seed_report_scenario(hub);
    const auto before = hub.dump();
    for (const auto& cmd : std::vector<std::vector<std::string>>{{"report", "attendance"},
                                                                 {"report", "participants"},
                                                                 {"report", "credits", "--totals"},
                                                                 {"report", "series", "pc-2026"},
                                                                 {"report", "summary", "--format", "html"}})
      CHECK(hub.run(cmd).code == 0);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("config thresholds change eligibility and certificates") {
    Hub hub("[attendance]\nmin_minutes = 50\n[certificates]\nmin_percent = 60\n");
    echo::test::seed_report_scenario(hub);
    const auto f = run_json(hub, {"report", "series", "pc-2026"});
    // At 50 minutes: pc/1 Ann 60, Bob 50 (Tom 30 no); pc/3 Dee 60 (Ann 45 no) -> 3 eligible.
    CHECK(f["eligible_participations"] == 3);
    CHECK(f["credit_hours"].get<double>() == doctest::Approx(4.5));
    // At 60 % of the 2 held (/1 /3; /4 is unrecorded), 2 are needed: Ann has 1, Bob 1, Dee 1 -> none.
    CHECK(f["certificates"] == 0);
    Hub lenient("[certificates]\nmin_percent = 60\n");
    echo::test::seed_report_scenario(lenient);
    // At 45 minutes Ann has 2 of 2 (100 % >= 60 %); Bob and Dee 1 of 2 (50 %): one certificate.
    CHECK(run_json(lenient, {"report", "series", "pc-2026"})["certificates"] == 1);
  }

  TEST_CASE("bad requests fail with the contract's exit codes and name the value") {
    Hub hub;
    const auto missing = hub.run({"report", "summary"});
    CHECK(missing.code == 66); // a reader never creates the database
    CHECK_FALSE(std::filesystem::exists(hub.database()));
    echo::test::seed_report_scenario(hub);
    const auto bad_date = hub.run({"report", "summary", "--from", "Feb 1"});
    CHECK(bad_date.code == 2);
    CHECK(bad_date.err.find("Feb 1") != std::string::npos);
    const auto no_day = hub.run({"report", "summary", "--to", "2025-02-30"});
    CHECK(no_day.code == 65);
    CHECK(no_day.err.find("2025-02-30") != std::string::npos);
    CHECK(hub.run({"report", "summary", "--from", "2026-03-01", "--to", "2026-02-01"}).code == 2);
    CHECK(hub.run({"report", "summary", "--as-of", "soon"}).code == 2);
    CHECK(hub.run({"report", "summary", "--as-of", "2026-02-30T10:00"}).code == 65);
    const auto unknown = hub.run({"report", "series", "pc-2062"});
    CHECK(unknown.code == 1);
    CHECK(unknown.err.find("pc-2026") != std::string::npos); // did you mean
    CHECK(hub.run({"report", "attendance", "--series", "nope"}).code == 1);
    CHECK(hub.run({"report", "series"}).code == 2);
    CHECK(hub.run({"report", "summary", "--format", "pdf"}).code == 2);
    CHECK(hub.run({"report", "bogus"}).code == 2);
  }
}

} // namespace test_report
