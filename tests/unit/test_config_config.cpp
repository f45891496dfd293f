#include "echo/config/config.hpp"
#include "echo/error.hpp"

#include "../support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_config_config {

using echo::Error;
using echo::Exit;
using echo::config::LoadOptions;
using echo::test::TempDir;
namespace fs = std::filesystem;

namespace {

LoadOptions with_env(std::map<std::string, std::string> env) {
  LoadOptions o;
  o.getenv = [env](const char* name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  return o;
}

std::string error_of(const std::function<void()>& f, Exit expected) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.code() == expected);
    return e.what();
  }
  FAIL("no error thrown");
  return {};
}

} // namespace

TEST_SUITE("echo::config") {
  TEST_CASE("defaults apply when no config file exists") {
    TempDir home;
    auto o = with_env({{"HOME", home.path().string()}});
    o.no_config = true;
    const auto c = echo::config::load(o);
    CHECK(c.file.empty());
    CHECK(c.database_path == home.path() / ".local/share/echo/echo.db");
    CHECK(c.busy_timeout_ms == 5000);
    CHECK(c.attendance_min_minutes == 45);
    CHECK(c.certificate_min_percent == doctest::Approx(75.0));
    CHECK(c.entry("hub.timezone")->source == "default");
  }

  TEST_CASE("XDG_DATA_HOME sets the default database directory") {
    auto o = with_env({{"XDG_DATA_HOME", "/srv/data"}, {"HOME", "/home/x"}});
    o.no_config = true;
    CHECK(echo::config::load(o).database_path == fs::path("/srv/data/echo/echo.db"));
  }

  TEST_CASE("a relative database path is relative to the config file's directory") {
    TempDir dir;
    const auto file = dir.write("hub/echo.toml", "[database]\npath = \"data/hub.db\"\n");
    auto o = with_env({});
    o.config_flag = file.string();
    const auto c = echo::config::load(o);
    CHECK(c.database_path == fs::absolute(dir.path() / "hub/data/hub.db"));
    CHECK(c.entry("database.path")->source == file.string() + ":2:8");
  }

  TEST_CASE("precedence is flag over environment over file over default") {
    TempDir dir;
    const auto file =
        dir.write("echo.toml", "[database]\npath = \"/from/file.db\"\n[hub]\ntimezone = \"Europe/London\"\n");
    auto o = with_env({{"ECHO_DATABASE", "/from/env.db"}});
    o.config_flag = file.string();
    auto c = echo::config::load(o);
    CHECK(c.database_path == fs::path("/from/env.db"));
    CHECK(c.entry("database.path")->source == "env ECHO_DATABASE");
    CHECK(c.hub_timezone == "Europe/London");

    o.database_flag = "/from/flag.db";
    c = echo::config::load(o);
    CHECK(c.database_path == fs::path("/from/flag.db"));
    CHECK(c.entry("database.path")->source == "flag --database");

    auto file_only = with_env({});
    file_only.config_flag = file.string();
    CHECK(echo::config::load(file_only).database_path == fs::path("/from/file.db"));
  }

  TEST_CASE("discovery order: --config, ECHO_CONFIG, XDG config home") {
    TempDir dir;
    const auto a = dir.write("a.toml", "");
    const auto b = dir.write("b.toml", "");
    dir.write("xdg/echo/config.toml", "");
    auto o = with_env({{"ECHO_CONFIG", b.string()}, {"XDG_CONFIG_HOME", (dir.path() / "xdg").string()}});
    o.config_flag = a.string();
    CHECK(echo::config::discover(o)->path == a);
    o.config_flag.reset();
    CHECK(echo::config::discover(o)->path == b);
    auto xdg = with_env({{"XDG_CONFIG_HOME", (dir.path() / "xdg").string()}});
    const auto found = echo::config::discover(xdg);
    // ./echo.toml wins when the test runs in a directory that has one; otherwise XDG.
    if (!fs::exists("echo.toml")) CHECK(found->path == dir.path() / "xdg/echo/config.toml");
    auto none = with_env({});
    none.no_config = true;
    CHECK_FALSE(echo::config::discover(none).has_value());
  }

  TEST_CASE("a --config or ECHO_CONFIG that names a missing file is a config error") {
    auto o = with_env({});
    o.config_flag = "/nonexistent/echo.toml";
    CHECK(error_of([&] { echo::config::load(o); }, Exit::config).find("/nonexistent/echo.toml") != std::string::npos);
    auto e = with_env({{"ECHO_CONFIG", "/nonexistent/env.toml"}});
    CHECK(error_of([&] { echo::config::load(e); }, Exit::config).find("ECHO_CONFIG") != std::string::npos);
  }

  TEST_CASE("unknown keys name file, line, column (of the key) and a close key") {
    TempDir dir;
    const auto file = dir.write("echo.toml", "[hub]\nname = \"X\"\n  timezon = \"UTC\"\n");
    const auto msg = error_of([&] { echo::config::load_file(file); }, Exit::config);
    CHECK(msg == file.string() + ":3:3: unknown key 'hub.timezon' (did you mean 'hub.timezone'?)");
  }

  TEST_CASE("several problems are listed in file order") {
    TempDir dir;
    const auto file = dir.write("echo.toml", "[reports]\nformat = 1\n[hub]\nnmae = \"X\"\n[attendance]\n"
                                             "min_minutes = \"a\"\n[zz]\n");
    const auto msg = error_of([&] { echo::config::load_file(file); }, Exit::config);
    const auto at = [&](const std::string& where) { return msg.find(file.string() + where); };
    REQUIRE(at(":4:1:") != std::string::npos);
    REQUIRE(at(":6:15:") != std::string::npos);
    CHECK(at(":4:1:") < at(":6:15:"));
    CHECK(at(":6:15:") < at(":7:"));
  }

  TEST_CASE("unknown tables and misplaced keys get hints") {
    TempDir dir;
    const auto file = dir.write("echo.toml", "timezone = \"UTC\"\n[hubb]\nname = \"X\"\n");
    const auto msg = error_of([&] { echo::config::load_file(file); }, Exit::config);
    CHECK(msg.find("2 problems") != std::string::npos);
    CHECK(msg.find(":1:1: unknown key 'timezone' (did you mean 'hub.timezone'?)") != std::string::npos);
    CHECK(msg.find("unknown table [hubb] (did you mean [hub]?)") != std::string::npos);
  }

  TEST_CASE("wrong types and bad values are errors naming the key") {
    TempDir dir;
    const auto file = dir.write("echo.toml", "[attendance]\nmin_minutes = \"45\"\n[certificates]\nmin_percent = 140\n"
                                             "[database]\nbusy_timeout_ms = -1\n[defaults]\nsession_minutes = 0\n");
    const auto msg = error_of([&] { echo::config::load_file(file); }, Exit::config);
    CHECK(msg.find("4 problems") != std::string::npos);
    CHECK(msg.find(":2:15: 'attendance.min_minutes' must be an integer, not a string") != std::string::npos);
    CHECK(msg.find(":4:15: 'certificates.min_percent' must be between 0 and 100, not 140") != std::string::npos);
    CHECK(msg.find("'database.busy_timeout_ms' must be between") != std::string::npos);
    CHECK(msg.find("'defaults.session_minutes' must be between 1 and 1440 minutes, not 0") != std::string::npos);
  }

  TEST_CASE("an unknown time zone in a config file is a config error") {
    TempDir dir;
    const auto file = dir.write("echo.toml", "[hub]\ntimezone = \"America/Vancuover\"\n");
    const auto msg = error_of([&] { echo::config::load_file(file); }, Exit::config);
    CHECK(msg.find(":2:12: 'hub.timezone' unknown time zone \"America/Vancuover\"") != std::string::npos);
  }

  TEST_CASE("TOML syntax errors name line and column") {
    TempDir dir;
    const auto file = dir.write("echo.toml", "[hub]\nname = \"unterminated\n");
    const auto msg = error_of([&] { echo::config::load_file(file); }, Exit::config);
    CHECK(msg.starts_with(file.string() + ":2:"));
  }

  TEST_CASE("proposal criteria must be distinct simple names") {
    TempDir dir;
    const auto ok = dir.write("ok.toml", "[proposals]\ncriteria = [\"need\", \"reach\"]\n");
    CHECK(echo::config::load_file(ok).proposal_criteria == std::vector<std::string>{"need", "reach"});
    const auto dup = dir.write("dup.toml", "[proposals]\ncriteria = [\"need\", \"need\"]\n");
    CHECK(error_of([&] { echo::config::load_file(dup); }, Exit::config).find("listed twice") != std::string::npos);
  }

  TEST_CASE("the bundled template is valid and complete") {
    TempDir dir;
    const auto file = dir.write("echo.toml", echo::config::config_template());
    const auto c = echo::config::load_file(file);
    for (const auto& key : echo::config::known_keys()) {
      INFO(key);
      CHECK(c.entry(key)->source.starts_with(file.string()));
    }
  }

  TEST_CASE("regions, professions and competencies are read as reference data") {
    TempDir dir;
    const auto file = dir.write("echo.toml", R"(
[reach]
gap_threshold = 25.5

[[regions]]
name = "Northern Health"
aliases = ["North", "Nord"]
population = 300000
providers = 4200
rural = 0.6

[[regions]]
name = "Vancouver Coastal"
population = 1200000
rural = false

[professions]
"RN" = "Registered Nurse"
"Nurse" = "Registered Nurse"
"MD" = "Physician"

[[competencies]]
code = "PAIN"
title = "Pain and symptom management"
)");
    const auto c = echo::config::load_file(file);
    CHECK(c.reach_gap_threshold == 25.5);
    REQUIRE(c.regions.size() == 2);
    CHECK(c.regions[0].name == "Northern Health");
    CHECK(c.regions[0].aliases == std::vector<std::string>{"North", "Nord"});
    CHECK(c.regions[0].population == 300000);
    CHECK(c.regions[0].providers == 4200);
    CHECK(c.regions[0].rural == 0.6);
    CHECK_FALSE(c.regions[1].providers.has_value());
    CHECK(c.regions[1].rural == 0.0);
    REQUIRE(c.professions.size() == 3);
    CHECK(c.professions[2].alias == "MD");
    CHECK(c.professions[2].profession == "Physician");
    REQUIRE(c.competencies.size() == 1);
    CHECK(c.competencies[0].code == "PAIN");
    // `config show` lists them, typed, with the line that set them.
    REQUIRE(c.entry("regions") != nullptr);
    using List = std::vector<std::string>;
    CHECK(std::get<List>(c.entry("regions")->typed) == List{"Northern Health", "Vancouver Coastal"});
    CHECK(c.entry("regions")->source == file.string() + ":5:1");
    CHECK(std::get<List>(c.entry("professions")->typed).size() == 3);
    CHECK(std::get<List>(c.entry("competencies")->typed) == List{"PAIN: Pain and symptom management"});
  }

  TEST_CASE("bad reference data is refused at its line") {
    TempDir dir;
    struct Case {
      const char* text;
      const char* where;
      const char* says;
    };
    const Case cases[] = {
        {"[[regions]]\npopulation = 5\n", ":1:", "needs a name"},
        {"[[regions]]\nname = \"A\"\npopulation = -5\n", ":3:", "whole number above 0"},
        {"[[regions]]\nname = \"A\"\nrural = 1.5\n", ":3:", "share from 0 to 1"},
        {"[[regions]]\nname = \"A\"\npopulaton = 5\n", ":3:", "did you mean 'population'"},
        {"[[regions]]\nname = \"North\"\n[[regions]]\nname = \"B\"\naliases = [\"north\"]\n",
         ":5:", "names both region \"North\" and region \"B\""},
        {"[regions]\nname = \"A\"\n", ":1:", "array of tables"},
        {"[professions]\n\"RN\" = \"Registered Nurse\"\n\"R.N.\" = \"Nurse Practitioner\"\n", ":3:", "counts as both"},
        {"[professions]\n\"RN\" = 3\n", ":2:", "must be a string"},
        {"[[competencies]]\ncode = \"a b\"\ntitle = \"x\"\n", ":2:", "letters, digits"},
        {"[[competencies]]\ncode = \"PAIN\"\ntitle = \"x\"\n[[competencies]]\ncode = \"pain\"\ntitle = \"y\"\n",
         ":5:", "listed twice"},
        {"[[competencies]]\ncode = \"PAIN\"\n", ":1:", "needs a code and a title"},
        {"[[competencies]]\ncode = \"PAIN\"\ntitle = \"x\"\nlevel = 2\n", ":4:", "unknown key 'competencies.level'"},
        {"[reach]\ngap_threshold = -1\n", ":2:", "between 0 and 100000"},
        {"[region]\nname = \"A\"\n", ":1:", "did you mean [regions]"},
    };
    for (const auto& c : cases) {
      INFO(std::string(c.text));
      const auto file = dir.write("bad.toml", c.text);
      const auto msg = error_of([&] { echo::config::load_file(file); }, Exit::config);
      CHECK(msg.find(file.string() + c.where) != std::string::npos);
      INFO(msg);
      CHECK(msg.find(c.says) != std::string::npos);
    }
  }

  TEST_CASE("an import reads dates in the flag's order, else the config's, else decides from the file") {
    echo::config::Config c;
    CHECK(c.import_date_order("") == "");
    CHECK(c.import_date_order("dmy") == "dmy");
    c.attendance_date_order = "mdy";
    CHECK(c.import_date_order("") == "mdy");
    CHECK(c.import_date_order("dmy") == "dmy");
  }
}

} // namespace test_config_config
