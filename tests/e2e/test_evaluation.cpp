// evaluation import, list and export and report evaluation, end to end on
// tests/fixtures/evaluations/: a REDCap post-session export (UTF-8 with BOM) and Microsoft Forms
// pre/post cohort exports (Windows-1252), each with its map, on the hub of hub.sql. The figures
// are worked out by hand in the comments.

#include "harness.hpp"
#include "report_seed.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_evaluation {

using echo::test::fixture;
using echo::test::Hub;
using nlohmann::json;

namespace {

void seed(const Hub& hub) { echo::test::exec_sql(hub, echo::test::slurp(fixture("evaluations/hub.sql"))); }

std::string f(const std::string& name) { return fixture("evaluations/" + name).string(); }

echo::test::Result import_redcap(const Hub& hub, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{"evaluation", "import", f("redcap-post-session.csv"), "--session",
                                "ltc-2026/1", "--map",  f("redcap-post-session.toml")};
  args.insert(args.end(), extra.begin(), extra.end());
  return hub.run(args);
}

const json* item_of(const json& items, const std::string& id, const std::string& phase) {
  for (const auto& i : items)
    if (i["item"] == id && i["phase"] == phase) return &i;
  return nullptr;
}

} // namespace

TEST_SUITE("e2e evaluation") {

  TEST_CASE("a REDCap post-session export gives the response rate, means, medians and the retrospective change") {
    Hub hub;
    seed(hub);
    const auto imp = import_redcap(hub);
    REQUIRE_MESSAGE(imp.code == 0, imp);
    // Six responses: Ann, Bob, Cy (their emails), Dee (her alias, in capitals): 4 linked; zed@ is
    // no participant; record 5 left the email blank.
    CHECK(imp.out.find("ltc-2026/1: 6 responses (4 linked, 1 unknown email, 1 anonymous), 6 items from") == 0);
    CHECK(imp.err.find("1 response with an email no participant has (kept unlinked): zed@elsewhere.org") !=
          std::string::npos);
    CHECK(hub.scalar("SELECT participant_id FROM evaluation_response WHERE line = 4") == "4"); // Dee via alias
    // The quoted answer over two lines is one answer, and the next record starts on line 8.
    CHECK(hub.scalar("SELECT answer FROM evaluation_answer a JOIN evaluation_item i ON i.id = a.item_id WHERE "
                     "i.item = 'comments' AND a.response_id = (SELECT id FROM evaluation_response WHERE line = 6)") ==
          "Would like more on de-prescribing.\nThanks!");
    CHECK(hub.scalar("SELECT count(*) FROM evaluation_response WHERE line = 8") == "1");

    const auto r = hub.run({"report", "evaluation", "--session", "ltc-2026/1", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto j = json::parse(r.out);
    std::vector<std::string> keys;
    const auto ordered = nlohmann::ordered_json::parse(r.out);
    for (const auto& [k, v] : ordered.items()) keys.push_back(k);
    CHECK(keys ==
          std::vector<std::string>{"attendees", "responses", "response_rate", "items", "changes", "by_profession"});
    // Attendees: P1-P8 took part in ltc-2026/1 (the hub coordinator is not a participant) = 8.
    // Response rate: 6 responses / 8 attendees = 0.75.
    CHECK(j["attendees"] == 8);
    CHECK(j["responses"] == 6);
    CHECK(j["response_rate"].get<double>() == doctest::Approx(0.75));
    // Satisfaction (Very satisfied 5, Satisfied 4, Neutral 3, Satisfied 4, Very satisfied 5,
    // Dissatisfied 2): n 6, mean 23 / 6 = 3.833 -> 3.83; sorted 2 3 4 4 5 5, median (4 + 4) / 2 = 4.
    const auto* sat = item_of(j["items"], "satisfaction", "post");
    REQUIRE(sat != nullptr);
    CHECK((*sat)["level"] == "satisfaction");
    CHECK((*sat)["n"] == 6);
    CHECK((*sat)["mean"].get<double>() == doctest::Approx(3.83));
    CHECK((*sat)["median"].get<double>() == doctest::Approx(4.0));
    CHECK((*sat)["distribution"] == json::array({0, 1, 1, 2, 2}));
    // Confidence before (2 3 1 3 2 4): mean 15 / 6 = 2.5, sorted 1 2 2 3 3 4, median 2.5.
    const auto* pre = item_of(j["items"], "confidence", "pre");
    REQUIRE(pre != nullptr);
    CHECK((*pre)["mean"].get<double>() == doctest::Approx(2.5));
    CHECK((*pre)["median"].get<double>() == doctest::Approx(2.5));
    // Confidence now (4 4 3 3 5; Cy left it blank): n 5, mean 19 / 5 = 3.8, median 4.
    const auto* post = item_of(j["items"], "confidence", "post");
    REQUIRE(post != nullptr);
    CHECK((*post)["n"] == 5);
    CHECK((*post)["mean"].get<double>() == doctest::Approx(3.8));
    CHECK((*post)["median"].get<double>() == doctest::Approx(4.0));
    // Yes/no: Yes Yes No Yes Yes No -> 4 / 6 = 0.67; 0-10: 9 8 6 7 10 5 -> 45 / 6 = 7.5, median (7 + 8) / 2.
    CHECK((*item_of(j["items"], "intent", "post"))["mean"].get<double>() == doctest::Approx(0.67));
    CHECK((*item_of(j["items"], "recommend", "post"))["median"].get<double>() == doctest::Approx(7.5));
    // Free text is never in the report.
    CHECK(item_of(j["items"], "comments", "post") == nullptr);
    CHECK(r.out.find("Audio dropped") == std::string::npos);
    // The retrospective pre/post pair, answered in the same response by the 5 who answered both
    // (Cy did not answer "now"): before 2 3 1 3 2 = 11 / 5 = 2.2, now 4 4 3 3 5 = 19 / 5 = 3.8.
    REQUIRE(j["changes"].size() == 1);
    CHECK(j["changes"][0]["item"] == "confidence");
    CHECK(j["changes"][0]["n"] == 5);
    CHECK(j["changes"][0]["pre_mean"].get<double>() == doctest::Approx(2.2));
    CHECK(j["changes"][0]["post_mean"].get<double>() == doctest::Approx(3.8));
    // By profession: Cy left the question blank, his participant record says Pharmacist (2).
    bool pharmacist = false;
    for (const auto& p : j["by_profession"])
      if (p["profession"] == "Pharmacist" && p["item"] == "satisfaction") pharmacist = p["mean"] == 2.0;
    CHECK(pharmacist);
  }

  TEST_CASE("Microsoft Forms pre and post surveys of a series pair the same participants across the two files") {
    Hub hub;
    seed(hub);
    const auto pre = hub.run(
        {"evaluation", "import", f("msforms-cohort-pre.csv"), "--series", "ltc-2026", "--map", f("msforms-pre.toml")});
    REQUIRE_MESSAGE(pre.code == 0, pre);
    // "anonymous" in Microsoft Forms' Email column is an anonymous response.
    CHECK(pre.out.find("ltc-2026: 5 responses (4 linked, 1 anonymous), 1 item from") == 0);
    const auto post = hub.run({"evaluation", "import", f("msforms-cohort-post.csv"), "--series", "ltc-2026", "--map",
                               f("msforms-post.toml")});
    REQUIRE_MESSAGE(post.code == 0, post);
    // Windows-1252 read as such: Émile's profession and his free-text answer.
    CHECK(hub.scalar("SELECT profession FROM evaluation_response WHERE email = 'emile.dube@example.org' AND "
                     "profession IS NOT NULL") == "Infirmi\u00e8re");
    CHECK(hub.scalar("SELECT answer FROM evaluation_answer WHERE answer LIKE 'R%viser%'") ==
          "R\u00e9viser les antipsychotiques \u00e0 l'admission");
    const auto r = hub.run({"report", "evaluation", "--series", "ltc-2026", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto j = json::parse(r.out);
    // Attendees of a series-wide survey: its unique participants at sessions not cancelled, P1-P8
    // and P10 = 9 (P6's record at the cancelled /3 does not add anyone). Responses: the 5 of the
    // post survey (the pre survey has no post answer). Rate 5 / 9 = 0.5556.
    CHECK(j["attendees"] == 9);
    CHECK(j["responses"] == 5);
    CHECK(j["response_rate"].get<double>() == doctest::Approx(0.5556));
    // Pairs: Ann 2 -> 4, Bob 3 -> 4, Émile 1 -> 3 (Eve answered only before, Fay only after, the
    // anonymous ones cannot be paired): n 3, before 6 / 3 = 2.0, after 11 / 3 = 3.67.
    REQUIRE(j["changes"].size() == 1);
    CHECK(j["changes"][0]["n"] == 3);
    CHECK(j["changes"][0]["pre_mean"].get<double>() == doctest::Approx(2.0));
    CHECK(j["changes"][0]["post_mean"].get<double>() == doctest::Approx(3.67));
    // Unpaired means are in the items: before 2 3 1 3 2 = 2.2, after 4 4 3 5 4 = 4.0.
    CHECK((*item_of(j["items"], "confidence", "pre"))["mean"].get<double>() == doctest::Approx(2.2));
    CHECK((*item_of(j["items"], "confidence", "post"))["mean"].get<double>() == doctest::Approx(4.0));
  }

  TEST_CASE("anonymous surveys are never linked and their change is of unmatched means") {
    Hub hub;
    seed(hub);
    // The same cohort files with maps that name no email column.
    std::string pre_text = echo::test::slurp(fixture("evaluations/msforms-pre.toml"));
    pre_text.replace(pre_text.find("email = \"Email\"\n"), std::string("email = \"Email\"\n").size(), "");
    std::string post_text = echo::test::slurp(fixture("evaluations/msforms-post.toml"));
    post_text.replace(post_text.find("email = \"Email\"\n"), std::string("email = \"Email\"\n").size(), "");
    hub.write("pre.toml", pre_text);
    hub.write("post.toml", post_text);
    REQUIRE(hub.run({"evaluation", "import", f("msforms-cohort-pre.csv"), "--series", "ltc-2026", "--map",
                     (hub.dir() / "pre.toml").string()})
                .code == 0);
    const auto post = hub.run({"evaluation", "import", f("msforms-cohort-post.csv"), "--series", "ltc-2026", "--map",
                               (hub.dir() / "post.toml").string()});
    REQUIRE_MESSAGE(post.code == 0, post);
    CHECK(post.err.find("the map names no email column: the responses stay anonymous") != std::string::npos);
    CHECK(hub.scalar("SELECT count(*) FROM evaluation_response WHERE participant_id IS NOT NULL OR email IS NOT "
                     "NULL") == "0");
    const auto j = json::parse(hub.run({"report", "evaluation", "--series", "ltc-2026", "--json"}).out);
    // Nobody can be paired: n 0, the means of all answers, before 11 / 5 = 2.2, after 20 / 5 = 4.0.
    REQUIRE(j["changes"].size() == 1);
    CHECK(j["changes"][0]["n"] == 0);
    CHECK(j["changes"][0]["pre_mean"].get<double>() == doctest::Approx(2.2));
    CHECK(j["changes"][0]["post_mean"].get<double>() == doctest::Approx(4.0));
  }

  TEST_CASE("anonymise keeps a matched respondent's profession and drops the link and the email") {
    Hub hub;
    seed(hub);
    const auto r = import_redcap(hub, {"--anonymise"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT count(*) FROM evaluation_response WHERE participant_id IS NOT NULL OR email IS NOT "
                     "NULL") == "0");
    // Cy (line 8) left the profession blank: his record's Pharmacist is kept.
    CHECK(hub.scalar("SELECT profession FROM evaluation_response WHERE line = 8") == "Pharmacist");
    CHECK(hub.scalar("SELECT anonymised FROM evaluation_import") == "1");
    const auto exp = hub.run({"evaluation", "export", "--session", "ltc-2026/1", "--format", "csv"});
    REQUIRE(exp.code == 0);
    CHECK(exp.out.find("@") == std::string::npos);
  }

  TEST_CASE("re-importing the same file for the same session replaces it, and a dry run writes nothing") {
    Hub hub;
    seed(hub);
    const auto dry = import_redcap(hub, {"--dry-run"});
    REQUIRE_MESSAGE(dry.code == 0, dry);
    CHECK(dry.err.find("dry run: nothing was written") != std::string::npos);
    CHECK(hub.scalar("SELECT count(*) FROM evaluation_import") == "0");
    REQUIRE(import_redcap(hub).code == 0);
    const auto again = import_redcap(hub);
    REQUIRE_MESSAGE(again.code == 0, again);
    CHECK(again.out.find("replaced the earlier import of this file") != std::string::npos);
    CHECK(hub.scalar("SELECT count(*) FROM evaluation_import") == "1");
    CHECK(hub.scalar("SELECT count(*) FROM evaluation_response") == "6");
    const auto list = hub.run({"evaluation", "list", "--json"});
    REQUIRE(list.code == 0);
    const auto j = json::parse(list.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["file"] == "redcap-post-session.csv");
    CHECK(j[0]["scope"] == "ltc-2026/1");
    CHECK(j[0]["responses"] == 6);
    CHECK(j[0]["layout"] == "redcap");
  }

  // The import names the tables it writes (db::Database::WriteLimit): only their history is
  // loaded, and its log entry and undo are as complete as before.
  TEST_CASE("an evaluation import is one log entry, and undo removes every row it wrote") {
    Hub hub;
    seed(hub);
    REQUIRE(import_redcap(hub).code == 0);
    // One entry, with the rows of the four tables filed under it.
    CHECK(hub.rows("SELECT DISTINCT c.tbl FROM change_row c JOIN audit_log a ON a.id = c.audit_id WHERE a.action = "
                   "'evaluation.import' ORDER BY c.tbl") ==
          std::vector<std::string>{"evaluation_answer", "evaluation_import", "evaluation_item", "evaluation_response"});
    const auto undo = hub.run({"undo"});
    REQUIRE_MESSAGE(undo.code == 0, undo);
    for (const char* t : {"evaluation_import", "evaluation_item", "evaluation_response", "evaluation_answer"})
      CHECK(hub.scalar(std::string("SELECT count(*) FROM ") + t) == "0");
  }

  TEST_CASE("undo of an evaluation re-import puts the first import back, then undo removes it") {
    // The re-import deletes the first import's rows and writes new ones under the same ids
    // (SQLite gives the highest ids again); both must be filed under its entry, or its undo
    // finds the ids taken and refuses.
    Hub hub;
    seed(hub);
    REQUIRE(import_redcap(hub).code == 0);
    const auto all = [&hub] {
      std::vector<std::string> rows;
      for (const char* t : {"evaluation_import", "evaluation_item", "evaluation_response", "evaluation_answer"}) {
        std::string q = std::string("SELECT * FROM ") + t + " ORDER BY rowid";
        if (std::string(t) == "evaluation_import") q = "SELECT id, file, sha256, responses FROM evaluation_import";
        for (auto& r : hub.rows(q)) rows.push_back(t + (": " + r));
      }
      return rows;
    };
    const auto first = all();
    REQUIRE(first.size() > 4);
    const auto again = import_redcap(hub);
    REQUIRE_MESSAGE(again.code == 0, again);
    CHECK((again.out + again.err).find("replaced the earlier import") != std::string::npos);
    const auto undo = hub.run({"undo"});
    REQUIRE_MESSAGE(undo.code == 0, undo);
    CHECK(all() == first);
    const auto undo_first = hub.run({"undo"});
    REQUIRE_MESSAGE(undo_first.code == 0, undo_first);
    CHECK(all().empty());
  }

  TEST_CASE("export lists every answer with free text, in every format") {
    Hub hub;
    seed(hub);
    REQUIRE(import_redcap(hub).code == 0);
    const auto j = json::parse(hub.run({"evaluation", "export", "--session", "ltc-2026/1", "--json"}).out);
    // 6 responses x 6 items = 36 cells, less the blanks: Bob's and Zed's comments, Cy's confidence
    // now and the anonymous response's comment is there: 36 - 3 = 33.
    CHECK(j.size() == 33);
    bool comment = false;
    for (const auto& a : j)
      if (a["item"] == "comments" && a["answer"] == "Too basic for pharmacists") comment = a["score"].is_null();
    CHECK(comment);
    for (const std::string format : {"csv", "tsv", "markdown", "html", "jsonl", "table"}) {
      const auto r = hub.run({"evaluation", "export", "--session", "ltc-2026/1", "--format", format});
      CHECK_MESSAGE(r.code == 0, format);
      CHECK_MESSAGE(r.out.find("Too basic for pharmacists") != std::string::npos, format);
    }
    const auto x = hub.run({"evaluation", "export", "--session", "ltc-2026/1", "-o", "answers.xlsx"});
    CHECK(x.code == 0);
    CHECK((std::filesystem::status(hub.dir() / "answers.xlsx").permissions() & std::filesystem::perms::group_read) ==
          std::filesystem::perms::none);
  }

  TEST_CASE("report evaluation in every format, HTML with diverging bars") {
    Hub hub;
    seed(hub);
    REQUIRE(import_redcap(hub).code == 0);
    const auto html = hub.run({"report", "evaluation", "--session", "ltc-2026/1", "--format", "html"});
    REQUIRE_MESSAGE(html.code == 0, html);
    CHECK(html.out.find("<svg") != std::string::npos);
    CHECK(html.out.find("disagreement left, agreement right") != std::string::npos);
    // Satisfaction: Satisfied 2 + Very satisfied 2 of 6 agree = 67 %.
    CHECK(html.out.find(">67 % agree</text>") != std::string::npos);
    CHECK(html.out.find("Audio dropped") == std::string::npos);
    for (const std::string format : {"csv", "tsv", "markdown", "jsonl", "table"}) {
      const auto r = hub.run({"report", "evaluation", "--session", "ltc-2026/1", "--format", format});
      CHECK_MESSAGE(r.code == 0, format);
      CHECK_MESSAGE(r.out.find("confidence") != std::string::npos, format);
    }
    CHECK(hub.run({"report", "evaluation", "--session", "ltc-2026/1", "-o", "e.xlsx"}).code == 0);
  }

  TEST_CASE("an unknown column in the map is an error at the map's line, and nothing is written") {
    Hub hub;
    seed(hub);
    std::string map = echo::test::slurp(fixture("evaluations/redcap-post-session.toml"));
    map.replace(map.find("column = \"recommend\""), std::string("column = \"recommend\"").size(),
                "column = \"recomend\"");
    const auto path = hub.write("map.toml", map);
    const auto before = hub.dump();
    const auto r = hub.run(
        {"evaluation", "import", f("redcap-post-session.csv"), "--session", "ltc-2026/1", "--map", path.string()});
    CHECK(r.code == 65);
    // [[item]] recommend's column is on line 37 of the map, its value at column 10.
    CHECK(r.err.find(path.string() + ":37:10: no column \"recomend\" in ") != std::string::npos);
    CHECK(r.err.find("(did you mean \"recommend\"?)") != std::string::npos);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("an answer outside the labels is an error at the data file's line, and nothing is written") {
    Hub hub;
    seed(hub);
    std::string data = echo::test::slurp(fixture("evaluations/redcap-post-session.csv"));
    data.replace(data.find("Neutral"), 7, "Neither");
    const auto path = hub.write("export.csv", data);
    const auto before = hub.dump();
    const auto r = hub.run(
        {"evaluation", "import", path.string(), "--session", "ltc-2026/1", "--map", f("redcap-post-session.toml")});
    CHECK(r.code == 65);
    // Dee's response is on line 4.
    CHECK(r.err.find(path.string() + ":4: column \"sat_overall\": \"Neither\" is not an answer of item "
                                     "'satisfaction' (likert5): expected \"Very dissatisfied\", \"Dissatisfied\", "
                                     "\"Neutral\", \"Satisfied\", \"Very satisfied\"") != std::string::npos);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("an unknown key in the map is an error at its line, and nothing is written") {
    Hub hub;
    seed(hub);
    const auto path = hub.write("map.toml", "email = \"email\"\nemial_column = \"x\"\n\n[[item]]\ncolumn = "
                                            "\"sat_overall\"\nid = \"satisfaction\"\nlevel = \"satisfaction\"\nscael = "
                                            "\"likert5\"\n");
    const auto before = hub.dump();
    const auto r = hub.run(
        {"evaluation", "import", f("redcap-post-session.csv"), "--session", "ltc-2026/1", "--map", path.string()});
    CHECK(r.code == 65);
    CHECK(r.err.find(path.string() + ":2:1: unknown key 'emial_column'") != std::string::npos);
    CHECK(r.err.find(path.string() + ":8:1: [[item]] unknown key 'scael' (did you mean 'scale'?)") !=
          std::string::npos);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("without a map the import is refused with the file's columns, before any database is made") {
    Hub hub;
    const auto r = hub.run({"evaluation", "import", f("redcap-post-session.csv"), "--session", "ltc-2026/1"});
    CHECK(r.code == 2);
    CHECK(r.err.find("--map MAP.toml is needed") != std::string::npos);
    CHECK(r.err.find("\"sat_overall\", \"conf_pre\"") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(hub.database()));
    const auto both =
        hub.run({"evaluation", "import", f("redcap-post-session.csv"), "--map", f("redcap-post-session.toml")});
    CHECK(both.code == 2);
  }

  TEST_CASE("a Qualtrics export's question-text and ImportId rows are skipped, Google Forms is read as is") {
    Hub hub;
    seed(hub);
    const auto q =
        hub.write("qualtrics.csv",
                  "StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),Finished,RecordedDate,ResponseId,"
                  "RecipientEmail,Q1,Q2\r\n"
                  "Start Date,End Date,Response Type,IP Address,Progress,Duration (in seconds),Finished,Recorded Date,"
                  "Response ID,Recipient Email,How satisfied were you with this session?,Comments\r\n"
                  "\"{\"\"ImportId\"\":\"\"startDate\"\",\"\"timeZone\"\":\"\"America/"
                  "Denver\"\"}\",\"{\"\"ImportId\"\":\"\"endDate\"\"}\","
                  "\"{\"\"ImportId\"\":\"\"status\"\"}\",\"{\"\"ImportId\"\":\"\"ipAddress\"\"}\",\"{\"\"ImportId\"\":"
                  "\"\"progress\"\"}\","
                  "\"{\"\"ImportId\"\":\"\"duration\"\"}\",\"{\"\"ImportId\"\":\"\"finished\"\"}\",\"{\"\"ImportId\"\":"
                  "\"\"recordedDate\"\"}\","
                  "\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"recipientEmail\"\"}\",\"{"
                  "\"\"ImportId\"\":\"\"QID1\"\"}\","
                  "\"{\"\"ImportId\"\":\"\"QID2_TEXT\"\"}\"\r\n"
                  "2026-04-14 13:01:02,2026-04-14 13:03:10,IP Address,,100,128,True,2026-04-14 13:03:11,R_1abcDEF,"
                  "ann@example.org,Extremely satisfied,Good\r\n"
                  "2026-04-14 13:05:00,2026-04-14 13:06:40,IP Address,,100,100,True,2026-04-14 13:06:41,R_2ghiJKL,"
                  "bob@example.org,Somewhat satisfied,\r\n");
    const auto qmap = hub.write("q.toml", "email = \"RecipientEmail\"\n[[item]]\ncolumn = \"Q1\"\nid = "
                                          "\"satisfaction\"\nlevel = \"satisfaction\"\nscale = \"likert5\"\nlabels = "
                                          "[\"Extremely dissatisfied\", \"Somewhat dissatisfied\", \"Neither satisfied "
                                          "nor dissatisfied\", \"Somewhat satisfied\", \"Extremely satisfied\"]\n");
    const auto r = hub.run({"evaluation", "import", q.string(), "--session", "ltc-2026/1", "--map", qmap.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out.find("ltc-2026/1: 2 responses (2 linked), 1 item from") == 0);
    CHECK(r.out.find("(qualtrics)") != std::string::npos);
    const auto g = hub.write("google.csv", "Timestamp,Email Address,Rate this session (1 = poor; 5 = excellent)\n"
                                           "2026/04/28 12:58:01 PM PDT,cy@example.org,4\n"
                                           "2026/04/28 1:02:44 PM PDT,emile.dube@example.org,5\n");
    const auto gmap = hub.write("g.toml", "email = \"Email Address\"\n[[item]]\ncolumn = \"Rate this session (1 = "
                                          "poor; 5 = excellent)\"\nid = \"rating\"\nlevel = \"satisfaction\"\nscale = "
                                          "\"likert5\"\n");
    const auto gr = hub.run({"evaluation", "import", g.string(), "--session", "ltc-2026/2", "--map", gmap.string()});
    REQUIRE_MESSAGE(gr.code == 0, gr);
    CHECK(gr.out.find("ltc-2026/2: 2 responses (2 linked), 1 item from") == 0);
    CHECK(gr.out.find("(googleforms)") != std::string::npos);
    // ltc-2026/2 had 4 participants, 2 answered: 0.5; ratings 4 and 5: mean 4.5.
    const auto j = json::parse(hub.run({"report", "evaluation", "--session", "ltc-2026/2", "--json"}).out);
    CHECK(j["response_rate"].get<double>() == doctest::Approx(0.5));
    CHECK(j["items"][0]["mean"].get<double>() == doctest::Approx(4.5));
  }
}

} // namespace test_evaluation
