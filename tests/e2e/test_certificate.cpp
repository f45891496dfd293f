// `echo certificate ...` end to end: PDFs opened back with poppler (pdfinfo, pdftotext), the
// register (stable re-issue, append-only, list JSON), verify/revoke, and refusals that change
// nothing. The scenario is tests/fixtures/report/scenario.sql plus the learners below.

#include "harness.hpp"
#include "report_seed.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <regex>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_certificate {

using echo::test::Hub;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string k_renee = "Renée Müller-Ölçek";
const std::string k_eleni = "Ελένη Παπαδοπούλου";

// As of 2026-03-01 (scenario.sql): wound-2026 held /1 (2026-02-03) and /2 (2026-02-17);
// pc-2026 held /1 (01-13), /3 (02-10), /4 (02-24) (/2 cancelled, /5 future).
// Renée: 60 min at all five held sessions: wound 2 of 2 = 100 % -> 2 x 1.0 = 2 h; pc 3 of 3 ->
//   3 x 1.5 = 4.5 h, 2026-01-13 to 2026-02-24.
// Eleni: wound /1 and /2 at 45 min (exactly the threshold): 2 of 2 -> 2 h.
// Eve (scenario): wound /1 70, /2 45 -> 2 of 2 -> 2 h. Everyone else in wound has 1 of 2 = 50 %.
// Names sort "=eve evans" < "renee ..." < Greek, so the first issue numbers them 1, 2, 3.
const std::string k_learners = R"sql(
INSERT INTO participant (id, name, name_key, email, rural, created_at, updated_at) VALUES
  (7, 'Renée Müller-Ölçek', 'renee muller-olcek', 'renee@example.org', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
  (8, 'Ελένη Παπαδοπούλου', 'ελενη παπαδοπουλου', 'eleni@example.gr', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
INSERT INTO attendance (session_id, participant_id, role, minutes, source, created_at, updated_at) VALUES
  (11, 7, 'participant', 60, 'zoom', '2026-01-14T00:00:00Z', '2026-01-14T00:00:00Z'),
  (13, 7, 'participant', 60, 'zoom', '2026-02-11T00:00:00Z', '2026-02-11T00:00:00Z'),
  (14, 7, 'participant', 60, 'zoom', '2026-02-25T00:00:00Z', '2026-02-25T00:00:00Z'),
  (21, 7, 'participant', 60, 'zoom', '2026-02-04T00:00:00Z', '2026-02-04T00:00:00Z'),
  (22, 7, 'participant', 60, 'zoom', '2026-02-18T00:00:00Z', '2026-02-18T00:00:00Z'),
  (21, 8, 'participant', 45, 'zoom', '2026-02-04T00:00:00Z', '2026-02-04T00:00:00Z'),
  (22, 8, 'participant', 45, 'zoom', '2026-02-18T00:00:00Z', '2026-02-18T00:00:00Z');
)sql";

const std::string k_config = R"(
[certificates]
logo = "logo.svg"
statement = "This activity is approved for credit by the College of Family Physicians (ref. pc-2026/1)."
signatory = "Dr. Ada Lovelace, Medical Director"
signature = "signature.png"
)";

// A 1x1 PNG (one dark red pixel), written by Python's zlib and struct.
const unsigned char k_png_bytes[] = {137, 80, 78, 71, 13, 10,  26,  10, 0,  0,  0,  13,  73,  72, 68,  82, 0,   0,
                                     0,   1,  0,  0,  0,  1,   8,   2,  0,  0,  0,  144, 119, 83, 222, 0,  0,   0,
                                     12,  73, 68, 65, 84, 120, 156, 99, 56, 32, 32, 0,   0,   2,  116, 0,  225, 12,
                                     249, 46, 12, 0,  0,  0,   0,   73, 69, 78, 68, 174, 66,  96, 130};
const std::string k_png(reinterpret_cast<const char*>(k_png_bytes), sizeof k_png_bytes);
const std::string k_svg = R"(<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">
<rect x="0" y="0" width="200" height="60" fill="#0d4d5c"/><circle cx="30" cy="30" r="20" fill="#fff"/></svg>
)";

// Output of a command (stdout), with its exit code.
std::pair<int, std::string> shell(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf{};
  while (auto n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WEXITSTATUS(status), out};
}

bool have_poppler() { return shell("command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null").first == 0; }

int pages(const fs::path& pdf) {
  const auto [code, out] = shell("pdfinfo '" + pdf.string() + "'");
  REQUIRE(code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex("Pages:\\s+(\\d+)")));
  return std::stoi(m[1]);
}

std::string page_text(const fs::path& pdf, int page) {
  const auto [code, out] = shell(fmt::format("pdftotext -f {} -l {} -layout '{}' -", page, page, pdf.string()));
  REQUIRE(code == 0);
  return out;
}

struct Seeded {
  Hub hub{k_config};
  Seeded() {
    echo::test::seed_report_scenario(hub);
    echo::test::exec_sql(hub, k_learners);
    hub.write("logo.svg", k_svg);
    hub.write("signature.png", k_png);
  }
  [[nodiscard]] echo::test::Result issue(std::vector<std::string> extra) const {
    std::vector<std::string> args{"certificate", "issue", "--as-of", "2026-03-01", "--actor", "registrar"};
    args.insert(args.end(), extra.begin(), extra.end());
    return hub.run(args);
  }
  [[nodiscard]] json list() const {
    const auto r = hub.run({"certificate", "list", "--json"});
    INFO(r);
    REQUIRE(r.code == 0);
    return json::parse(r.out);
  }
};

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777U;
}

} // namespace

TEST_SUITE("e2e certificate") {
  TEST_CASE("issue writes one page per certificate with name, title, hours, number and code") {
    if (!have_poppler()) {
      MESSAGE("poppler-utils (pdftotext, pdfinfo) not installed: skipped");
      return;
    }
    Seeded s;
    const auto pdf = s.hub.dir() / "wound.pdf";
    const auto r = s.issue({"--series", "wound-2026", "-o", pdf.string()});
    INFO(r);
    REQUIRE(r.code == 0);
    CHECK(mode_of(pdf) == 0600U);
    const auto list = s.list();
    REQUIRE(list.size() == 3);
    CHECK(pages(pdf) == 3);
    const auto [code, info] = shell("pdfinfo '" + pdf.string() + "'");
    CHECK(info.find("841.89 x 595.28 pts (A4)") != std::string::npos);
    const std::array<std::string, 3> names{"=Eve Evans", k_renee, k_eleni};
    for (int i = 0; i < 3; ++i) {
      const auto& c = list[static_cast<std::size_t>(i)];
      CHECK(c["number"] == i + 1);
      CHECK(c["name"] == names[static_cast<std::size_t>(i)]);
      const auto text = page_text(pdf, i + 1);
      INFO(text);
      CHECK(text.find(names[static_cast<std::size_t>(i)]) != std::string::npos);
      CHECK(text.find("Wound Care ECHO") != std::string::npos);
      CHECK(text.find("Credit hours: 2") != std::string::npos);
      CHECK(text.find(fmt::format("Certificate number: {}", i + 1)) != std::string::npos);
      CHECK(text.find("Verification code: " + c["code"].get<std::string>()) != std::string::npos);
      CHECK(text.find("Test Hub") != std::string::npos);
      CHECK(text.find("Dr. Ada Lovelace, Medical Director") != std::string::npos);
      CHECK(text.find("College of Family Physicians") != std::string::npos);
      CHECK(text.find("from 3 February 2026 to 17 February 2026") != std::string::npos);
    }
    CHECK(s.hub.rows("SELECT issued_by FROM certificate GROUP BY issued_by") == std::vector<std::string>{"registrar"});
  }

  TEST_CASE("issue to a directory writes one single-page PDF per certificate") {
    if (!have_poppler()) return;
    Seeded s;
    const auto dir = s.hub.dir() / "out" / "pc";
    const auto r = s.issue({"--series", "pc-2026", "-o", dir.string()});
    INFO(r);
    REQUIRE(r.code == 0);
    // pc-2026 as of 2026-03-01: 3 sessions held; only Renée attended 3 of 3 (Ann 2 of 3 = 67 %).
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
    REQUIRE(files.size() == 1);
    CHECK(files[0].filename() == "000001-pc-2026-renee-example-org.pdf");
    CHECK(pages(files[0]) == 1);
    CHECK(mode_of(files[0]) == 0600U);
    const auto text = page_text(files[0], 1);
    INFO(text);
    CHECK(text.find(k_renee) != std::string::npos);
    CHECK(text.find("Palliative Care ECHO 2026") != std::string::npos);
    CHECK(text.find("Credit hours: 4.5") != std::string::npos); // 3 x 1.5
    CHECK(text.find("from 13 January 2026 to 24 February 2026") != std::string::npos);
    const auto list = s.list();
    REQUIRE(list.size() == 1);
    CHECK(list[0]["hours"] == 4.5);
    CHECK(list[0]["first_date"] == "2026-01-13");
    CHECK(list[0]["last_date"] == "2026-02-24");
  }

  TEST_CASE("re-issue gives the same numbers and codes and the register only grows") {
    Seeded s;
    REQUIRE(
        s.issue({"--series", "wound-2026", "--participant", "eleni@example.gr", "-o", (s.hub.dir() / "e.pdf").string()})
            .code == 0);
    const auto first = s.list();
    REQUIRE(first.size() == 1);
    CHECK(first[0]["name"] == k_eleni);
    CHECK(first[0]["number"] == 1);
    // Everyone now: Eleni keeps number 1 and her code; Eve and Renée get 2 and 3.
    const auto r = s.issue({"--series", "wound-2026", "-o", (s.hub.dir() / "all").string()});
    INFO(r);
    REQUIRE(r.code == 0);
    CHECK(r.out.find("re-issued") != std::string::npos);
    auto second = s.list();
    REQUIRE(second.size() == 3);
    CHECK(second[0] == first[0]);
    CHECK(second[1]["name"] == "=Eve Evans");
    CHECK(second[2]["name"] == k_renee);
    // Again, later and with more attendance recorded: nothing changes.
    REQUIRE(s.issue({"--series", "wound-2026", "-o", (s.hub.dir() / "again").string()}).code == 0);
    CHECK(s.list() == second);
    // The JSON fields of `certificate list`, exactly.
    std::vector<std::string> keys;
    for (const auto& [k, v] : second[0].items()) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    CHECK(keys == std::vector<std::string>{"code", "email", "first_date", "hours", "issued_at", "last_date", "name",
                                           "number", "revoked", "series", "title"});
    CHECK(second[0]["series"] == "wound-2026");
    CHECK(second[0]["title"] == "Wound Care ECHO");
    CHECK(second[0]["hours"] == 2.0);
    CHECK(second[0]["revoked"] == false);
    CHECK(second[0]["email"] == "eleni@example.gr");
    // The register keeps its rows: a delete is refused by the database itself.
    CHECK_THROWS(echo::test::exec_sql(s.hub, "DELETE FROM certificate WHERE number = 1"));
    CHECK(s.hub.scalar("SELECT count(*) FROM certificate") == "3");
    // list filters
    const auto r2 = s.hub.run({"certificate", "list", "--participant", "renee@example.org", "--json"});
    REQUIRE(r2.code == 0);
    CHECK(json::parse(r2.out).size() == 1);
    const auto r3 = s.hub.run({"certificate", "list", "--from", "2000-01-01", "--to", "2000-12-31", "--json"});
    REQUIRE(r3.code == 0);
    CHECK(json::parse(r3.out).empty());
  }

  TEST_CASE("verify and revoke round trip") {
    Seeded s;
    REQUIRE(s.issue({"--series", "wound-2026", "-o", (s.hub.dir() / "w.pdf").string()}).code == 0);
    const auto list = s.list();
    const auto code = list[1]["code"].get<std::string>();
    auto v = s.hub.run({"certificate", "verify", code});
    INFO(v);
    CHECK(v.code == 0);
    CHECK(v.out.find("VALID") != std::string::npos);
    CHECK(v.out.find(k_renee) != std::string::npos);
    // Lower case and without dashes is the same code (read over the phone).
    std::string spoken;
    for (char c : code)
      if (c != '-') spoken += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(s.hub.run({"certificate", "verify", spoken}).code == 0);

    auto rv = s.hub.run({"certificate", "revoke", "2", "--reason", "attendance recorded twice", "--actor", "auditor"});
    INFO(rv);
    REQUIRE(rv.code == 0);
    // (Every write also has its entry in the log of changes; the revocation's is this one.)
    CHECK(s.hub.rows("SELECT actor, action, entity, entity_id, reason FROM audit_log WHERE action = "
                     "'certificate.revoke'") ==
          std::vector<std::string>{"auditor|certificate.revoke|certificate|2|attendance recorded twice"});
    v = s.hub.run({"certificate", "verify", code});
    CHECK(v.code == 1);
    CHECK(v.err.find("REVOKED") != std::string::npos);
    CHECK(v.out.find(k_renee) != std::string::npos);
    // Twice is refused and not audited again.
    CHECK(s.hub.run({"certificate", "revoke", "2", "--reason", "again"}).code == 1);
    CHECK(s.hub.scalar("SELECT count(*) FROM audit_log WHERE action = 'certificate.revoke'") == "1");
    // Revoked certificates stay listed, marked.
    const auto after = s.list();
    CHECK(after.size() == 3);
    CHECK(after[1]["revoked"] == true);
    const auto shown = s.hub.run({"certificate", "show", "2", "--json"});
    REQUIRE(shown.code == 0);
    CHECK(json::parse(shown.out)["revoke_reason"] == "attendance recorded twice");
    // A re-issue does not print a revoked certificate again, and says so.
    const auto again = s.issue({"--series", "wound-2026", "-o", (s.hub.dir() / "w2.pdf").string()});
    CHECK(again.code == 0);
    CHECK(again.err.find("revoked") != std::string::npos);
    CHECK(s.hub.scalar("SELECT count(*) FROM certificate") == "3");

    const auto unknown = s.hub.run({"certificate", "verify", "2345-6789-ABCD"});
    CHECK(unknown.code == 1);
    CHECK(unknown.err.find("UNKNOWN") != std::string::npos);
    const auto garbage = s.hub.run({"certificate", "verify", "not-a-code"});
    CHECK(garbage.code == 1);
    CHECK(garbage.err.find("UNKNOWN") != std::string::npos);
    CHECK(s.hub.run({"certificate", "show", "99"}).code == 1);
    CHECK(s.hub.run({"certificate", "revoke", "2"}).code == 2); // --reason is required
  }

  TEST_CASE("refusals write nothing") {
    Seeded s;
    const auto before = s.hub.dump();
    // Ann attended 2 of 3 pc-2026 sessions: 67 % < 75 %.
    auto r =
        s.issue({"--series", "pc-2026", "--participant", "ann@example.org", "-o", (s.hub.dir() / "a.pdf").string()});
    CHECK(r.code == 1);
    CHECK(r.err.find("has not earned") != std::string::npos);
    CHECK(s.issue({"--series", "nope", "-o", (s.hub.dir() / "n.pdf").string()}).code == 1);
    CHECK(s.hub.run({"certificate", "issue", "--series", "wound-2026"}).code == 2); // -o is required
    // A logo that is not an image: a config error before anything is registered.
    s.hub.write("logo.svg", "this is not svg");
    r = s.issue({"--series", "wound-2026", "-o", (s.hub.dir() / "w.pdf").string()});
    CHECK(r.code == 78);
    CHECK(r.err.find("certificates.logo") != std::string::npos);
    CHECK(s.hub.dump() == before);
    CHECK_FALSE(fs::exists(s.hub.dir() / "w.pdf"));
    // A logo that is neither PNG nor SVG is refused when the config is read.
    Hub bad("[certificates]\nlogo = \"logo.gif\"\n");
    const auto c = bad.run({"config", "show"});
    CHECK(c.code == 78);
    CHECK(c.err.find("PNG or SVG") != std::string::npos);
  }
}

TEST_SUITE("e2e report credits by series") {
  TEST_CASE("report credits --by-series: one mail-merge row per participant and series") {
    Seeded s;
    REQUIRE(s.issue({"--series", "wound-2026", "-o", (s.hub.dir() / "w.pdf").string()}).code == 0);
    REQUIRE(s.hub.run({"certificate", "revoke", "2", "--reason", "test"}).code == 0);
    const auto r = s.hub.run({"report", "credits", "--by-series", "--as-of", "2026-03-01", "--json"});
    INFO(r);
    REQUIRE(r.code == 0);
    const auto rows = json::parse(r.out);
    // As of 2026-03-01, rows with an eligible (>= 45 min) participation at a held session, by name
    // key ('<' < '=' < letters < Greek), then series code:
    //  Tom      wound: /1 46 min -> 1 of 2 held, 1 x 1.0 h, 50 % < 75 %   (pc: 30 min, no row)
    //  Eve      wound: /1 70, /2 45 -> 2 of 2, 2.0 h, earned, certificate 1
    //  Ann      pc: /1 60, /3 45 -> 2 of 3 held (67 %), 2 x 1.5 = 3.0 h; wound: /1 50 -> 1.0 h
    //  Bob      pc: /1 50, /3 44 (not eligible) -> 2 sessions, 1 eligible, 1.5 h; wound /2 60 -> 1.0 h
    //  Dee      pc: /3 60 (her presenter record at /1 is not a participation) -> 1.5 h
    //  Renée    pc: 3 of 3, 4.5 h, earned, no certificate issued; wound: 2 of 2, 2.0 h, certificate 2
    //           revoked -> null
    //  Eleni    wound: 2 of 2 at 45 min, 2.0 h, earned, certificate 3
    struct Want {
      const char* email;
      const char* series;
      const char* first;
      const char* last;
      int sessions, eligible;
      double hours;
      bool earned;
      int certificate; // 0: null
    };
    const std::vector<Want> want{
        {"tom@example.org", "wound-2026", "2026-02-03", "2026-02-03", 1, 1, 1.0, false, 0},
        {"eve@example.org", "wound-2026", "2026-02-03", "2026-02-17", 2, 2, 2.0, true, 1},
        {"ann@example.org", "pc-2026", "2026-01-13", "2026-02-10", 2, 2, 3.0, false, 0},
        {"ann@example.org", "wound-2026", "2026-02-03", "2026-02-03", 1, 1, 1.0, false, 0},
        {"bob@example.org", "pc-2026", "2026-01-13", "2026-02-10", 2, 1, 1.5, false, 0},
        {"bob@example.org", "wound-2026", "2026-02-17", "2026-02-17", 1, 1, 1.0, false, 0},
        {"dee@example.org", "pc-2026", "2026-02-10", "2026-02-10", 1, 1, 1.5, false, 0},
        {"renee@example.org", "pc-2026", "2026-01-13", "2026-02-24", 3, 3, 4.5, true, 0},
        {"renee@example.org", "wound-2026", "2026-02-03", "2026-02-17", 2, 2, 2.0, true, 0},
        {"eleni@example.gr", "wound-2026", "2026-02-03", "2026-02-17", 2, 2, 2.0, true, 3},
    };
    REQUIRE(rows.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      INFO(i << ": " << rows[i].dump());
      const auto& w = want[i];
      CHECK(rows[i]["email"] == w.email);
      CHECK(rows[i]["series"] == w.series);
      CHECK(rows[i]["title"] == (std::string(w.series) == "pc-2026" ? "Palliative Care ECHO 2026" : "Wound Care ECHO"));
      CHECK(rows[i]["first_date"] == w.first);
      CHECK(rows[i]["last_date"] == w.last);
      CHECK(rows[i]["sessions"] == w.sessions);
      CHECK(rows[i]["eligible_sessions"] == w.eligible);
      CHECK(rows[i]["credit_hours"] == w.hours);
      CHECK(rows[i]["earned"] == w.earned);
      if (w.certificate == 0)
        CHECK(rows[i]["certificate"].is_null());
      else
        CHECK(rows[i]["certificate"] == w.certificate);
    }
    CHECK(rows[9]["name"] == k_eleni);
    // The mail-merge CSV: header row and the names as recorded.
    const auto csv = s.hub.run({"report", "credits", "--by-series", "--as-of", "2026-03-01", "--format", "csv"});
    REQUIRE(csv.code == 0);
    CHECK(csv.out.starts_with("name,email,series,title,first_date,last_date,sessions,eligible_sessions,credit_hours,"
                              "earned,certificate\r\n"));
    CHECK(
        csv.out.find(k_renee + ",renee@example.org,pc-2026,Palliative Care ECHO 2026,2026-01-13,2026-02-24,3,3,4.5,") !=
        std::string::npos);
    // --by-series and --totals are two different tables.
    CHECK(s.hub.run({"report", "credits", "--by-series", "--totals"}).code == 2);
    // The HTML page is the table's own page.
    const auto html = s.hub.run({"report", "credits", "--by-series", "--as-of", "2026-03-01", "--format", "html"});
    REQUIRE(html.code == 0);
    CHECK(html.out.find("Credits by participant and series") != std::string::npos);
  }
}

} // namespace test_certificate
