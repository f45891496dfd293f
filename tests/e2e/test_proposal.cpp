#include "harness.hpp"

#include <nlohmann/json.hpp>

#include <doctest/doctest.h>

#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_proposal {

using echo::test::example;
using echo::test::fixture;
using echo::test::Hub;
using echo::test::Result;
using nlohmann::json;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Submits a file and returns the id it printed.
std::string submit(const Hub& hub, const std::string& file) {
  const auto r = hub.run({"proposal", "submit", file});
  REQUIRE_MESSAGE(r.code == 0, r);
  return r.out.substr(0, r.out.size() - 1);
}

json show(const Hub& hub, const std::string& id) {
  const auto r = hub.run({"proposal", "show", id, "--format", "json"});
  REQUIRE_MESSAGE(r.code == 0, r);
  return json::parse(r.out);
}

// A proposal moved to approved by reviewers with --actor.
std::string approved(const Hub& hub) {
  const auto id = submit(hub, fixture("proposal/pain-echo.toml").string());
  REQUIRE(hub.run({"proposal", "review", id, "--actor", "rev"}).code == 0);
  REQUIRE(hub.run({"proposal", "approve", id, "--actor", "chair"}).code == 0);
  return id;
}

} // namespace

TEST_SUITE("e2e: proposal") {
  TEST_CASE("submit from a file prints only the id and stores every field") {
    Hub hub;
    const auto r = hub.run({"proposal", "submit", fixture("proposal/pain-echo.toml").string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "1\n");
    const auto p = show(hub, "1");
    CHECK(p["id"] == 1);
    CHECK(p["title"] == "Chronic Pain ECHO for Northern Primary Care");
    CHECK(p["status"] == "submitted");
    CHECK(p["lead_name"] == "Dr. Émile Dubé");
    CHECK(p["lead_email"] == "emile.dube@northernhealth.example.ca");
    CHECK(p["lead_organization"] == "Northern Health");
    CHECK(p["series"].is_null());
    CHECK(p["summary"] == "Biweekly sessions for primary care teams in the north on chronic non-cancer pain, opioid "
                          "tapering and non-drug therapies.");
    CHECK(p["audience"] == json({"family physicians", "nurse practitioners", "pharmacists"}));
    CHECK(p["objectives"].size() == 2);
    CHECK(p["sessions"] == 10);
    CHECK(p["cadence"] == "biweekly");
    CHECK(p["start"] == "2026-10-06");
    CHECK(p["credit_hours"] == 1.5);
    REQUIRE(p["team"].size() == 2);
    CHECK(p["team"][0] == json({{"name", "Ana Ruiz"}, {"email", "ana.ruiz@example.org"}, {"role", "pharmacist"}}));
    CHECK(p["team"][1] == json({{"name", "Sam Lee"}, {"email", nullptr}, {"role", "patient partner"}}));
    CHECK(p["scores"] == json::array());
    CHECK(p["score_means"] == json::object());
    REQUIRE(p["history"].size() == 1);
    CHECK(p["history"][0]["from"].is_null());
    CHECK(p["history"][0]["to"] == "submitted");
    CHECK(p["history"][0]["actor"] == "tester");
    CHECK(hub.scalar("SELECT count(*) FROM proposal_team") == "2");
    // A second submission gets the next id.
    CHECK(hub.run({"proposal", "submit", fixture("proposal/pain-echo.toml").string()}).out == "2\n");
  }

  TEST_CASE("the example proposal file is valid") {
    Hub hub;
    const auto id = submit(hub, example("proposals/rural-ltc-dementia.toml").string());
    const auto p = show(hub, id);
    CHECK(p["title"] == "Rural Long-Term Care Dementia ECHO");
    CHECK(p["team"].size() == 3);
    CHECK(p["sessions"] == 8);
    CHECK(p["cadence"] == "monthly");
  }

  TEST_CASE("submit from flags, with repeatable audience, objectives and team") {
    Hub hub;
    const auto r = hub.run({"proposal",
                            "submit",
                            "--title",
                            "Perinatal Mental Health ECHO",
                            "--lead-name",
                            "Kiran Bains",
                            "--lead-email",
                            "Kiran.Bains@Fraser.example.ca",
                            "--summary",
                            "Screening and care pathways.",
                            "--audience",
                            "midwives",
                            "--audience",
                            "public health nurses",
                            "--objective",
                            "Screen with the EPDS",
                            "--sessions",
                            "6",
                            "--cadence",
                            "weekly",
                            "--start",
                            "2026-11-04",
                            "--credit-hours",
                            "1",
                            "--lead-organization",
                            "Fraser Health",
                            "--team",
                            "Dr. Lee Chen <lee.chen@example.org> psychiatrist",
                            "--team",
                            "Mo Ahmed",
                            "--actor",
                            "intake",
                            "--note",
                            "from the web form"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "1\n");
    const auto p = show(hub, "1");
    CHECK(p["lead_email"] == "kiran.bains@fraser.example.ca");
    CHECK(p["audience"] == json({"midwives", "public health nurses"}));
    CHECK(p["objectives"] == json({"Screen with the EPDS"}));
    CHECK(p["sessions"] == 6);
    CHECK(p["cadence"] == "weekly");
    CHECK(p["start"] == "2026-11-04");
    CHECK(p["credit_hours"] == 1.0);
    CHECK(p["team"][0]["role"] == "psychiatrist");
    CHECK(p["team"][1]["email"].is_null());
    CHECK(p["history"][0]["actor"] == "intake");
    CHECK(p["history"][0]["note"] == "from the web form");
  }

  TEST_CASE("flags given with a file replace its values") {
    Hub hub;
    const auto r =
        hub.run({"proposal", "submit", fixture("proposal/pain-echo.toml").string(), "--sessions", "12", "--lead-email",
                 "pain.lead@northernhealth.example.ca", "--team", "Dr. Lee Chen <lee.chen@example.org> psychiatrist"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto p = show(hub, "1");
    CHECK(p["title"] == "Chronic Pain ECHO for Northern Primary Care");
    CHECK(p["sessions"] == 12);
    CHECK(p["lead_name"] == "Dr. Émile Dubé");
    CHECK(p["lead_email"] == "pain.lead@northernhealth.example.ca");
    REQUIRE(p["team"].size() == 1);
    CHECK(p["team"][0]["name"] == "Dr. Lee Chen");
  }

  TEST_CASE("a malformed --team or an impossible --start exits 65 and stores nothing") {
    Hub hub;
    submit(hub, fixture("proposal/pain-echo.toml").string());
    const auto before = hub.dump();
    auto r = hub.run({"proposal", "submit", "--title", "T", "--lead-name", "L", "--lead-email", "l@x.org", "--team",
                      "Ana Ruiz <ana@example.org", "--start", "2026-02-29"});
    CHECK(r.code == 65);
    CHECK(has(r.err, "--team \"Ana Ruiz <ana@example.org\": '<' without '>'"));
    CHECK(has(r.err, "--start 2026-02-29 is not a real day"));
    r = hub.run(
        {"proposal", "submit", "--title", "T", "--lead-name", "L", "--lead-email", "l@x.org", "--start", "March 1"});
    CHECK(r.code == 2);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("submit without a file or the required flags is a usage error") {
    Hub hub;
    auto r = hub.run({"proposal", "submit", "--title", "T"});
    CHECK(r.code == 2);
    CHECK(has(r.err, "missing --lead-name, --lead-email"));
    r = hub.run(
        {"proposal", "submit", "--title", "T", "--lead-name", "L", "--lead-email", "l@x.org", "--cadence", "yearly"});
    CHECK(r.code == 2);
    r = hub.run({"proposal", "submit", "--title", "T", "--lead-name", "L", "--lead-email", "not-an-email"});
    CHECK(r.code == 65);
    CHECK(has(r.err, "--lead-email \"not-an-email\" is not an email address"));
    CHECK(hub.dump() == "<no database>");
  }

  TEST_CASE("a bad file exits 65, names every problem with line:column, and stores nothing") {
    Hub hub;
    submit(hub, fixture("proposal/pain-echo.toml").string());
    const auto before = hub.dump();
    const auto file = fixture("proposal/bad-keys.toml").string();
    const auto r = hub.run({"proposal", "submit", file});
    CHECK(r.code == 65);
    CHECK(r.out.empty());
    CHECK(has(r.err, file + ": 7 problems"));
    CHECK(has(r.err, file + ":2:10: unknown key 'sumary' (did you mean 'summary'?)"));
    CHECK(has(r.err, file + ":3:12: 'sessions' must be an integer, not a string"));
    CHECK(has(r.err, file + ":4:11: 'cadence' must be one of weekly, biweekly, monthly, not \"quarterly\""));
    CHECK(has(r.err, file + ":5:16: 'credit_hours' must be a number, not a string"));
    CHECK(has(r.err, file + ":9:9: unknown key 'lead.emial' (did you mean 'email'?)"));
    CHECK(has(r.err, file + ":7:1: missing required key 'lead.email'"));
    CHECK(has(r.err, file + ":13:9: 'team.email' \"jo(at)example.org\" is not an email address"));
    CHECK(hub.dump() == before);
  }

  TEST_CASE("a syntax error exits 65 with its position and a missing file exits 66") {
    Hub hub;
    hub.write("broken.toml", "title = \"T\"\n[lead\nname = \"L\"\n");
    auto r = hub.run({"proposal", "submit", (hub.dir().path() / "broken.toml").string()});
    CHECK(r.code == 65);
    CHECK(has(r.err, "broken.toml:2:"));
    r = hub.run({"proposal", "submit", "no-such-proposal.toml"});
    CHECK(r.code == 66);
    CHECK(has(r.err, "no-such-proposal.toml"));
    CHECK(hub.dump() == "<no database>");
  }

  TEST_CASE("the full path to convert is recorded with time, actor and note") {
    Hub hub("[defaults]\nsession_minutes = 90\n");
    const auto id = submit(hub, fixture("proposal/pain-echo.toml").string());
    REQUIRE(id == "1");
    auto r = hub.run({"proposal", "review", id, "--actor", "dr.review", "--note", "looks promising"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out.empty());
    r = hub.run({"proposal", "approve", id, "--actor", "committee", "--note", "approved at the May meeting"});
    REQUIRE_MESSAGE(r.code == 0, r);
    r = hub.run({"proposal", "convert", id, "--code", "pain-north-2026", "--time", "12:00"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pain-north-2026\n");

    const auto p = show(hub, id);
    CHECK(p["status"] == "converted");
    CHECK(p["series"] == "pain-north-2026");
    const auto& h = p["history"];
    REQUIRE(h.size() == 4);
    const json expected = json::array({
        json::array({nullptr, "submitted", "tester", nullptr}),
        json::array({"submitted", "in_review", "dr.review", "looks promising"}),
        json::array({"in_review", "approved", "committee", "approved at the May meeting"}),
        json::array({"approved", "converted", "tester", "created series pain-north-2026"}),
    });
    for (std::size_t i = 0; i < h.size(); ++i) {
      CAPTURE(i);
      CHECK(json::array({h[i]["from"], h[i]["to"], h[i]["actor"], h[i]["note"]}) == expected[i]);
      CHECK(h[i]["at"].get<std::string>().size() == 20);
      CHECK(h[i]["at"].get<std::string>().back() == 'Z');
    }

    // The series row, from the proposal and the config, linked both ways.
    CHECK(hub.scalar("SELECT title || '|' || timezone || '|' || credit_hours || '|' || start_date || '|' || "
                     "start_time || '|' || duration || '|' || repeat || '|' || weekday || '|' || count "
                     "FROM series WHERE code = 'pain-north-2026'") ==
          "Chronic Pain ECHO for Northern Primary Care|America/Vancouver|1.5|2026-10-06|12:00|90|biweekly|2|10");
    CHECK(hub.scalar("SELECT description FROM series") ==
          "Biweekly sessions for primary care teams in the north on chronic non-cancer pain, opioid tapering and "
          "non-drug therapies.");
    CHECK(hub.scalar("SELECT proposal_id FROM series WHERE code = 'pain-north-2026'") == id);
    CHECK(hub.scalar("SELECT s.code FROM proposal p JOIN series s ON s.id = p.series_id WHERE p.id = 1") ==
          "pain-north-2026");
    CHECK(hub.scalar("SELECT count(*) FROM session") == "0");
    // Lead and team members with an email became participants, with their names.
    CHECK(hub.rows("SELECT email, name FROM participant ORDER BY email") ==
          std::vector<std::string>{"ana.ruiz@example.org|Ana Ruiz",
                                   "emile.dube@northernhealth.example.ca|Dr. Émile Dubé"});

    r = hub.run({"proposal", "list", "--format", "json"});
    REQUIRE(r.code == 0);
    const auto list = json::parse(r.out);
    REQUIRE(list.size() == 1);
    CHECK(list[0] == json({{"id", 1},
                           {"title", "Chronic Pain ECHO for Northern Primary Care"},
                           {"status", "converted"},
                           {"lead_name", "Dr. Émile Dubé"},
                           {"lead_email", "emile.dube@northernhealth.example.ca"},
                           {"series", "pain-north-2026"}}));
  }

  TEST_CASE("convert: --start overrides the proposal's start and credit hours fall back to the config") {
    Hub hub("[defaults]\ncredit_hours = 0.75\n");
    const auto r0 = hub.run({"proposal", "submit", "--title", "Hep C ECHO", "--lead-name", "Lee", "--lead-email",
                             "lee@example.org", "--cadence", "monthly", "--sessions", "4", "--start", "2026-01-01"});
    REQUIRE_MESSAGE(r0.code == 0, r0);
    REQUIRE(hub.run({"proposal", "review", "1"}).code == 0);
    REQUIRE(hub.run({"proposal", "approve", "1"}).code == 0);
    const auto r = hub.run({"proposal", "convert", "1", "--code", "hepc", "--start", "2026-02-24", "--note", "go"});
    REQUIRE_MESSAGE(r.code == 0, r);
    // 2026-02-24 is the fourth Tuesday of February.
    CHECK(hub.scalar("SELECT start_date || '|' || weekday || '|' || week_of_month || '|' || credit_hours || '|' || "
                     "count || '|' || coalesce(start_time, 'none') FROM series") == "2026-02-24|2|4|0.75|4|none");
    CHECK(show(hub, "1")["history"][3]["note"] == "go");
  }

  TEST_CASE("convert refuses a bad code (65) and a code in use (1) and stores nothing") {
    Hub hub;
    const auto first = approved(hub);
    REQUIRE(hub.run({"proposal", "convert", first, "--code", "pain-2026"}).code == 0);
    const auto second = approved(hub);
    const auto before = hub.dump();
    auto r = hub.run({"proposal", "convert", second, "--code", "Pain 2026"});
    CHECK(r.code == 65);
    CHECK(has(r.err, "series code 'Pain 2026' is not valid"));
    r = hub.run({"proposal", "convert", second, "--code", "-pain"});
    CHECK(r.code == 65);
    r = hub.run({"proposal", "convert", second, "--code", "pain-2026"});
    CHECK(r.code == 1);
    CHECK(has(r.err, "a series with code 'pain-2026' already exists"));
    r = hub.run({"proposal", "convert", second, "--code", "pain-2027", "--start", "2026-02-30"});
    CHECK(r.code == 65);
    r = hub.run({"proposal", "convert", second, "--code", "pain-2027", "--start", "soon"});
    CHECK(r.code == 2);
    r = hub.run({"proposal", "convert", second});
    CHECK(r.code == 2);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("refused transitions exit 1, name the allowed ones and change nothing") {
    Hub hub;
    const auto id = submit(hub, fixture("proposal/pain-echo.toml").string());
    auto before = hub.dump();
    auto r = hub.run({"proposal", "approve", id});
    CHECK(r.code == 1);
    CHECK(has(r.err, "proposal 1 is submitted: cannot approve it; allowed from submitted: review, withdraw"));
    r = hub.run({"proposal", "convert", id, "--code", "x"});
    CHECK(r.code == 1);
    CHECK(has(r.err, "cannot convert it; allowed from submitted: review, withdraw"));
    r = hub.run({"proposal", "decline", id, "--note", "no"});
    CHECK(r.code == 1);
    CHECK(hub.dump() == before);

    REQUIRE(hub.run({"proposal", "review", id}).code == 0);
    REQUIRE(hub.run({"proposal", "approve", id}).code == 0);
    before = hub.dump();
    r = hub.run({"proposal", "review", id});
    CHECK(r.code == 1);
    CHECK(has(r.err, "proposal 1 is approved: cannot review it; allowed from approved: convert"));
    r = hub.run({"proposal", "withdraw", id});
    CHECK(r.code == 1);
    CHECK(has(r.err, "allowed from approved: convert"));
    CHECK(hub.dump() == before);

    const auto other = submit(hub, fixture("proposal/pain-echo.toml").string());
    REQUIRE(hub.run({"proposal", "withdraw", other, "--note", "lead moved"}).code == 0);
    r = hub.run({"proposal", "review", other});
    CHECK(r.code == 1);
    CHECK(has(r.err, "proposal 2 is withdrawn: cannot review it; withdrawn is final"));
  }

  TEST_CASE("decline needs --note and unknown and malformed ids") {
    Hub hub;
    const auto id = submit(hub, fixture("proposal/pain-echo.toml").string());
    REQUIRE(hub.run({"proposal", "review", id}).code == 0);
    auto r = hub.run({"proposal", "decline", id});
    CHECK(r.code == 2);
    CHECK(has(r.err, "--note"));
    r = hub.run({"proposal", "decline", id, "--note", "outside the hub's mandate", "--actor", "board"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto h = show(hub, id)["history"];
    CHECK(h.back()["from"] == "in_review");
    CHECK(h.back()["to"] == "declined");
    CHECK(h.back()["actor"] == "board");
    CHECK(h.back()["note"] == "outside the hub's mandate");

    CHECK(hub.run({"proposal", "show", "99"}).code == 1);
    CHECK(has(hub.run({"proposal", "approve", "99"}).err, "no proposal 99"));
    CHECK(hub.run({"proposal", "show", "abc"}).code == 2);
    CHECK(hub.run({"proposal", "review", "-1"}).code == 2);
  }

  TEST_CASE("reviews carry scores and show gives each reviewer's scores and the means") {
    Hub hub;
    const auto id = submit(hub, fixture("proposal/pain-echo.toml").string());
    auto r = hub.run({"proposal", "review", id, "--actor", "ana", "--score", "need=4", "--score", "feasibility=3",
                      "--score", "capacity=2"});
    REQUIRE_MESSAGE(r.code == 0, r);
    r = hub.run({"proposal", "review", id, "--actor", "bo", "--score", "need=5", "--score", "feasibility=2", "--note",
                 "strong need"});
    REQUIRE_MESSAGE(r.code == 0, r);
    // ana revises one score: no status change, recorded as in_review -> in_review.
    r = hub.run({"proposal", "review", id, "--actor", "ana", "--score", "capacity=4"});
    REQUIRE_MESSAGE(r.code == 0, r);

    const auto p = show(hub, id);
    CHECK(p["status"] == "in_review");
    REQUIRE(p["scores"].size() == 2);
    CHECK(p["scores"][0]["reviewer"] == "ana");
    CHECK(p["scores"][0]["scores"] == json({{"need", 4}, {"feasibility", 3}, {"capacity", 4}}));
    CHECK(p["scores"][1]["reviewer"] == "bo");
    CHECK(p["scores"][1]["scores"] == json({{"need", 5}, {"feasibility", 2}}));
    CHECK(p["score_means"] == json({{"need", 4.5}, {"feasibility", 2.5}, {"capacity", 4.0}}));
    REQUIRE(p["history"].size() == 4);
    CHECK(p["history"][2]["from"] == "in_review");
    CHECK(p["history"][2]["to"] == "in_review");
    CHECK(p["history"][2]["note"] == "strong need");
    CHECK(hub.scalar("SELECT count(*) FROM proposal_score") == "5");

    const auto before = hub.dump();
    r = hub.run({"proposal", "review", id, "--score", "feasability=3"});
    CHECK(r.code == 65);
    CHECK(has(r.err, "did you mean 'feasibility'?"));
    r = hub.run({"proposal", "review", id, "--score", "need=6"});
    CHECK(r.code == 65);
    CHECK(has(r.err, "a score is 1 to 5, not 6"));
    r = hub.run({"proposal", "review", id, "--score", "need=high"});
    CHECK(r.code == 2);
    CHECK(hub.dump() == before);

    // Table output has a section per part.
    r = hub.run({"proposal", "show", id, "--format", "table"});
    REQUIRE(r.code == 0);
    for (const char* section : {"Proposal 1", "Team", "Scores", "Score means", "History"}) CHECK(has(r.out, section));
  }

  TEST_CASE("the config names the criteria") {
    Hub hub("[proposals]\ncriteria = [\"equity\", \"reach\"]\n");
    const auto id = submit(hub, fixture("proposal/pain-echo.toml").string());
    auto r = hub.run({"proposal", "review", id, "--score", "need=3"});
    CHECK(r.code == 65);
    CHECK(has(r.err, "criteria: equity, reach"));
    r = hub.run({"proposal", "review", id, "--score", "equity=5", "--score", "reach=1"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(show(hub, id)["score_means"] == json({{"equity", 5.0}, {"reach", 1.0}}));
  }

  TEST_CASE("list filters by status and an unknown status is a usage error") {
    Hub hub;
    submit(hub, fixture("proposal/pain-echo.toml").string());
    const auto second = submit(hub, fixture("proposal/pain-echo.toml").string());
    REQUIRE(hub.run({"proposal", "review", second}).code == 0);
    auto r = hub.run({"proposal", "list", "--status", "in_review", "--json"});
    REQUIRE(r.code == 0);
    const auto list = json::parse(r.out);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["id"] == 2);
    CHECK(list[0]["series"].is_null());
    r = hub.run({"proposal", "list"});
    CHECK(r.out.starts_with("id\ttitle\tstatus\tlead_name\tlead_email\tseries\n"));
    CHECK(hub.run({"proposal", "list", "--status", "pending"}).code == 2);
  }

  TEST_CASE("readers fail on a missing database") {
    Hub hub;
    CHECK(hub.run({"proposal", "list"}).code == 66);
    CHECK(hub.run({"proposal", "show", "1"}).code == 66);
  }
}

} // namespace test_proposal
