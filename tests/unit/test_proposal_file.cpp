#include "echo/error.hpp"
#include "echo/proposal/file.hpp"

#include <doctest/doctest.h>

#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_proposal_file {

namespace pr = echo::proposal;
using echo::Exit;

namespace {

const char* const k_good = R"toml(# Proposal for a new ECHO series
title = "Rural Dementia ECHO"
summary = "Case-based learning for rural long-term care teams."
audience = ["care aides", "nurses"]
objectives = ["Recognise delirium", "Plan for responsive behaviours"]
sessions = 8
cadence = "monthly"
start = 2026-03-05
credit_hours = 1.5

[lead]
name = "Dr. Émile Dubé"
email = " Emile.Dube@Example.ORG "
organization = "Interior Health"

[[team]]
name = "Ana Ruiz"
email = "ana.ruiz@example.org"
role = "geriatrician"

[[team]]
name = "Sam Lee"
)toml";

pr::SourceText src(std::string text, std::string name = "p.toml") { return {std::move(text), std::move(name)}; }

struct Failure {
  Exit code = Exit::ok;
  std::string message;
};

Failure failure(const std::optional<pr::SourceText>& file, const pr::SubmitFlags& flags = {}) {
  try {
    pr::read_submission(file, flags);
  } catch (const echo::Error& e) {
    return {e.code(), e.what()};
  }
  FAIL("no error");
  return {};
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE("echo::proposal::File") {
  TEST_CASE("a complete file gives every field, emails normalised") {
    const auto d = pr::read_submission(src(k_good), {});
    CHECK(d.title == "Rural Dementia ECHO");
    CHECK(d.summary == "Case-based learning for rural long-term care teams.");
    CHECK(d.audience == std::vector<std::string>{"care aides", "nurses"});
    CHECK(d.objectives.size() == 2);
    CHECK(d.sessions == 8);
    CHECK(d.cadence == "monthly");
    CHECK(d.start == "2026-03-05");
    CHECK(d.credit_hours == doctest::Approx(1.5));
    CHECK(d.lead_name == "Dr. Émile Dubé");
    CHECK(d.lead_email == "emile.dube@example.org");
    CHECK(d.lead_organization == "Interior Health");
    REQUIRE(d.team.size() == 2);
    CHECK(d.team[0].name == "Ana Ruiz");
    CHECK(d.team[0].email == "ana.ruiz@example.org");
    CHECK(d.team[0].role == "geriatrician");
    CHECK(d.team[1].name == "Sam Lee");
    CHECK(d.team[1].email.empty());
  }

  TEST_CASE("only title and the lead are required") {
    const auto d = pr::read_submission(src("title = \"T\"\n[lead]\nname = \"L\"\nemail = \"l@x.org\"\n"), {});
    CHECK(d.title == "T");
    CHECK_FALSE(d.sessions.has_value());
    CHECK_FALSE(d.cadence.has_value());
    CHECK(d.team.empty());
  }

  TEST_CASE("every problem is listed with line and column and the key") {
    const std::string text = "title = \"Dementia ECHO\"\n"      // 1
                             "sesions = 8\n"                    // 2: typo
                             "cadence = \"fortnightly\"\n"      // 3
                             "start = \"March 5\"\n"            // 4
                             "credit_hours = -1\n"              // 5
                             "audience = [\"nurses\", 3]\n"     // 6
                             "[lead]\n"                         // 7
                             "name = \"Lee\"\n"                 // 8
                             "emial = \"lee@example.org\"\n"    // 9: typo, so email is missing
                             "[[team]]\n"                       // 10
                             "name = \"Ana\"\n"                 // 11
                             "email = \"ana at example.org\"\n" // 12
                             "rol = \"nurse\"\n";               // 13
    const auto f = failure(src(text));
    CHECK(f.code == Exit::data);
    CHECK(has(f.message, "p.toml: 9 problems"));
    CHECK(has(f.message, "p.toml:2:11: unknown key 'sesions' (did you mean 'sessions'?)"));
    CHECK(has(f.message, "p.toml:3:11: 'cadence' must be one of weekly, biweekly, monthly, not \"fortnightly\""));
    CHECK(has(f.message, "p.toml:4:9: 'start' must be a date"));
    CHECK(has(f.message, "p.toml:5:16: 'credit_hours' must be between 0 and 100, not -1"));
    CHECK(has(f.message, "p.toml:6:23: 'audience' item 2 must be a string, not an integer"));
    CHECK(has(f.message, "p.toml:9:9: unknown key 'lead.emial' (did you mean 'email'?)"));
    CHECK(has(f.message, "p.toml:7:1: missing required key 'lead.email'"));
    CHECK(has(f.message, "p.toml:12:9: 'team.email' \"ana at example.org\" is not an email address"));
    CHECK(has(f.message, "p.toml:13:7: unknown key 'team.rol' (did you mean 'role'?)"));
  }

  TEST_CASE("a missing title and lead are named") {
    const auto f = failure(src("summary = \"no title\"\n"));
    CHECK(f.code == Exit::data);
    CHECK(has(f.message, "p.toml: missing required key 'title'"));
    CHECK(has(f.message, "p.toml: missing required key 'lead.name'"));
    CHECK(has(f.message, "p.toml: missing required key 'lead.email'"));
  }

  TEST_CASE("a lead key at the top level suggests [lead]") {
    const auto f = failure(src("title = \"T\"\nlead_email = \"a@b.org\"\n[lead]\nname = \"L\"\nemail = \"l@x.org\"\n"));
    CHECK(has(f.message, "p.toml:2:14: unknown key 'lead_email' (did you mean 'email' in [lead]?)"));
  }

  TEST_CASE("an unknown key far from any known one lists the known keys") {
    const auto f = failure(src("title = \"T\"\nbudget = 5\n[lead]\nname = \"L\"\nemail = \"l@x.org\"\n"));
    CHECK(has(f.message, "p.toml:2:10: unknown key 'budget' (known keys: title, summary,"));
  }

  TEST_CASE("wrong types name the expected type") {
    const std::string text = "title = 5\nsessions = 8.5\nlead = \"Lee\"\nteam = \"x\"\nobjectives = \"one\"\n";
    const auto f = failure(src(text));
    CHECK(has(f.message, "p.toml:1:9: 'title' must be a string, not an integer"));
    CHECK(has(f.message, "p.toml:2:12: 'sessions' must be an integer, not a number"));
    CHECK(has(f.message, "p.toml:3:8: 'lead' must be a table ([lead]), not a string"));
    CHECK(has(f.message, "p.toml:4:8: 'team' must be an array of tables ([[team]]), not a string"));
    CHECK(has(f.message, "p.toml:5:14: 'objectives' must be an array of strings, not a string"));
    CHECK_FALSE(has(f.message, "lead.name"));
  }

  TEST_CASE("out of range and empty values are refused") {
    const std::string text = "title = \"  \"\nsessions = 0\n[lead]\nname = \"L\"\nemail = \"@x\"\n";
    const auto f = failure(src(text));
    CHECK(has(f.message, "p.toml:1:9: 'title' must not be empty"));
    CHECK(has(f.message, "p.toml:2:12: 'sessions' must be between 1 and 1000, not 0"));
    CHECK(has(f.message, "p.toml:5:9: 'lead.email' \"@x\" is not an email address"));
  }

  TEST_CASE("a TOML syntax error names line and column") {
    const auto f = failure(src("title = \"T\"\nsessions = = 3\n"));
    CHECK(f.code == Exit::data);
    CHECK(has(f.message, "p.toml:2:"));
  }

  TEST_CASE("a quoted but valid start date is accepted and an impossible one is not") {
    auto d = pr::read_submission(
        src("title = \"T\"\nstart = \"2026-03-05\"\n[lead]\nname = \"L\"\nemail = \"l@x.org\"\n"), {});
    CHECK(d.start == "2026-03-05");
    const auto f = failure(src("title = \"T\"\nstart = \"2026-02-30\"\n[lead]\nname = \"L\"\nemail = \"l@x.org\"\n"));
    CHECK(has(f.message, "p.toml:2:9: 'start' must be a date"));
  }

  TEST_CASE("flags alone make a submission") {
    pr::SubmitFlags f;
    f.title = "Pain ECHO";
    f.lead_name = "Lee";
    f.lead_email = "LEE@example.org";
    f.sessions = 6;
    f.cadence = "weekly";
    f.start = "2026-04-07";
    f.audience = {"nurses", "physicians"};
    f.team = {"Ana Ruiz <ana@example.org> pharmacist", "Sam Lee"};
    const auto d = pr::read_submission(std::nullopt, f);
    CHECK(d.title == "Pain ECHO");
    CHECK(d.lead_email == "lee@example.org");
    CHECK(d.sessions == 6);
    CHECK(d.audience.size() == 2);
    REQUIRE(d.team.size() == 2);
    CHECK(d.team[0].role == "pharmacist");
    CHECK(d.team[1].name == "Sam Lee");
  }

  TEST_CASE("without a file the required flags are a usage error naming the missing ones") {
    pr::SubmitFlags f;
    f.title = "T";
    const auto e = failure(std::nullopt, f);
    CHECK(e.code == Exit::usage);
    CHECK(has(e.message, "missing --lead-name, --lead-email"));
  }

  TEST_CASE("bad flag values are data errors, all listed") {
    pr::SubmitFlags f;
    f.title = "T";
    f.lead_name = "L";
    f.lead_email = "not-an-email";
    f.sessions = 0;
    f.start = "2026-02-30";
    f.team = {"Ana <ana@example.org"};
    const auto e = failure(std::nullopt, f);
    CHECK(e.code == Exit::data);
    CHECK(has(e.message, "4 problems"));
    CHECK(has(e.message, "--lead-email \"not-an-email\" is not an email address"));
    CHECK(has(e.message, "--sessions must be between 1 and 1000, not 0"));
    CHECK(has(e.message, "--start 2026-02-30 is not a real day"));
    CHECK(has(e.message, "'<' without '>'"));
  }

  TEST_CASE("flags replace the file's values and supply its missing keys") {
    pr::SubmitFlags f;
    f.lead_email = "new@example.org";
    f.sessions = 10;
    f.team = {"Pat Kim <pat@example.org> nurse educator"};
    auto d = pr::read_submission(src(k_good), f);
    CHECK(d.lead_email == "new@example.org");
    CHECK(d.sessions == 10);
    REQUIRE(d.team.size() == 1);
    CHECK(d.team[0].role == "nurse educator");

    pr::SubmitFlags title_only;
    title_only.title = "From a flag";
    d = pr::read_submission(src("[lead]\nname = \"L\"\nemail = \"l@x.org\"\n"), title_only);
    CHECK(d.title == "From a flag");
  }

  TEST_CASE("team specs: name, name and email, name email and role") {
    auto m = pr::parse_team_spec("  Ana Ruiz  ");
    CHECK(m.name == "Ana Ruiz");
    CHECK(m.email.empty());
    m = pr::parse_team_spec("Ana Ruiz <Ana@Example.org>");
    CHECK(m.email == "ana@example.org");
    CHECK(m.role.empty());
    m = pr::parse_team_spec("Ana Ruiz <ana@example.org> clinical pharmacist");
    CHECK(m.role == "clinical pharmacist");
    CHECK_THROWS_AS(pr::parse_team_spec("<ana@example.org> nurse"), echo::Error);
    CHECK_THROWS_AS(pr::parse_team_spec("Ana <ana>"), echo::Error);
    CHECK_THROWS_AS(pr::parse_team_spec("Ana ana@example.org>"), echo::Error);
  }
}

} // namespace test_proposal_file
