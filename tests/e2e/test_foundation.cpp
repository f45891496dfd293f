// End-to-end tests of the foundation: global options, init, config, db, output and exit codes.
#include "echo/db/database.hpp"
#include "harness.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_foundation {

using namespace echo::test;
namespace fs = std::filesystem;

namespace {

// What a shell command prints on stdout (run it with 2>&1 for both streams).
std::string shell_output(const std::string& cmd) {
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[4096];
  while (auto n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  return out;
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

void make_v1_database(const fs::path& path) {
  SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  raw.exec(slurp(fixture("db/schema-v1.sql")));
}

} // namespace

TEST_SUITE("e2e: program") {
  TEST_CASE("--version names the program and exits 0") {
    TempDir dir;
    const auto r = run_echo({"--version"}, dir.path());
    CHECK(r.code == 0);
    CHECK(r.out.starts_with("echo "));
  }

  TEST_CASE("--help lists the command groups") {
    TempDir dir;
    const auto r = run_echo({"--help"}, dir.path());
    CHECK(r.code == 0);
    for (const char* group : {"init", "config", "db"}) CHECK(r.out.find(group) != std::string::npos);
  }

  TEST_CASE("no command prints usage and exits 2") {
    TempDir dir;
    const auto r = run_echo({}, dir.path());
    CHECK(r.code == 2);
    CHECK(r.err.find("Usage") != std::string::npos);
  }

  TEST_CASE("an unknown command suggests the nearest one and exits 2") {
    TempDir dir;
    auto r = run_echo({"confgi", "show"}, dir.path());
    CHECK(r.code == 2);
    CHECK(r.err.find("echo: error: unknown command 'confgi' for 'echo' (did you mean 'config'?)") != std::string::npos);
    r = run_echo({"db", "inof"}, dir.path());
    CHECK(r.code == 2);
    CHECK(r.err.find("(did you mean 'info'?)") != std::string::npos);
  }

  TEST_CASE("an unknown option or a bad option value exits 2") {
    TempDir dir;
    CHECK(run_echo({"--frobnicate", "config", "show"}, dir.path()).code == 2);
    CHECK(run_echo({"--no-config", "config", "show", "--format", "xml"}, dir.path()).code == 2);
    CHECK(run_echo({"--color", "sometimes", "config", "show"}, dir.path()).code == 2);
  }

  TEST_CASE("messages use the name the program was invoked with") {
    TempDir dir;
    fs::create_symlink(ECHO_BINARY, dir / "echoctl");
    // Run through the symlink by giving its path as the program.
    const auto run = [&](const std::string& args) {
      return shell_output("cd '" + dir.path().string() + "' && NO_COLOR=1 ./echoctl " + args + " 2>&1; echo \"rc=$?\"");
    };
    auto out = run("confgi");
    CHECK(out.find("echoctl: error: unknown command 'confgi' for 'echoctl'") != std::string::npos);
    CHECK(out.find("rc=2") != std::string::npos);
    // Commands the messages suggest carry the name too.
    out = run("--no-config --database none.db series list");
    CHECK(out.find("echoctl: error: database none.db does not exist; create it with `echoctl init`") !=
          std::string::npos);
    CHECK(out.find("rc=66") != std::string::npos);
    out = run("report --help");
    CHECK(out.find("man echoctl-report") != std::string::npos);
  }

  TEST_CASE("a closed pipe ends quietly") {
    Hub hub;
    // Enough output to fill the pipe after `head` has gone.
    std::string many = "[proposals]\ncriteria = [";
    for (int i = 0; i < 5000; ++i) many += (i ? ", " : "") + std::string("\"c") + std::to_string(i) + "\"";
    hub.write("echo.toml", many + "]\n");
    const auto script = hub.write("pipe.sh", std::string("'") + ECHO_BINARY +
                                                 "' --config echo.toml config show --json | head -c 1 >/dev/null\n"
                                                 "echo \"rc=${PIPESTATUS[0]}\"\n");
    CHECK(shell_output("cd '" + hub.dir().path().string() + "' && bash pipe.sh 2>&1") == "rc=0\n");
  }

  TEST_CASE("colour only when asked for or on a terminal, never with NO_COLOR") {
    TempDir dir;
    auto r = run_echo({"confgi"}, dir.path());
    CHECK(r.err.find("\x1b[") == std::string::npos);
    r = run_echo({"--color", "always", "confgi"}, dir.path());
    CHECK(r.err.find("\x1b[1;31merror:") != std::string::npos);
  }
}

TEST_SUITE("e2e: init") {
  TEST_CASE("init writes the template config and a private database at the current schema") {
    TempDir dir;
    const auto r = run_echo({"init", "hub"}, dir.path());
    REQUIRE(r.code == 0);
    CHECK(fs::exists(dir / "hub/echo.toml"));
    CHECK(fs::exists(dir / "hub/echo.db"));
    CHECK(mode_of(dir / "hub/echo.db") == 0600);
    CHECK(slurp(dir / "hub/echo.toml").find("[attendance]") != std::string::npos);
    const auto info = run_echo({"--config", "hub/echo.toml", "db", "info", "--json"}, dir.path());
    REQUIRE(info.code == 0);
    const auto j = nlohmann::json::parse(info.out);
    CHECK(j["schema_version"] == j["latest_schema_version"]);
    CHECK(j["path"] == fs::absolute(dir / "hub/echo.db").lexically_normal().string());
  }

  TEST_CASE("init refuses to overwrite without --force, and --force keeps the old database aside") {
    TempDir dir;
    REQUIRE(run_echo({"init", "hub"}, dir.path()).code == 0);
    auto r = run_echo({"init", "hub"}, dir.path());
    CHECK(r.code == 1);
    CHECK(r.err.find("already exists (use --force") != std::string::npos);
    fs::remove(dir / "hub/echo.toml");
    r = run_echo({"init", "hub"}, dir.path());
    CHECK(r.code == 1);
    CHECK(r.err.find("database") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "hub/echo.toml"));
    r = run_echo({"init", "hub", "--force"}, dir.path());
    CHECK(r.code == 0);
    int backups = 0;
    for (const auto& e : fs::directory_iterator(dir / "hub"))
      if (e.path().filename().string().starts_with("echo.db.") && e.path().extension() == ".bak") ++backups;
    CHECK(backups == 1);
  }

  TEST_CASE("init --timezone writes the hub's zone, an unknown zone writes nothing") {
    TempDir dir;
    auto r = run_echo({"init", "hub", "--timezone", "America/Vancouver"}, dir.path());
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(slurp(dir / "hub/echo.toml").find("\ntimezone = \"America/Vancouver\"\n") != std::string::npos);
    const auto shown = run_echo({"--config", "hub/echo.toml", "config", "show", "--json"}, dir.path());
    REQUIRE_MESSAGE(shown.code == 0, shown);
    CHECK(shown.out.find("America/Vancouver") != std::string::npos);
    // Without --timezone: the system's zone, here $TZ.
    r = run_echo({"init", "other"}, dir.path(), {{"TZ", "Europe/London"}});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(slurp(dir / "other/echo.toml").find("\ntimezone = \"Europe/London\"\n") != std::string::npos);
    r = run_echo({"init", "bad", "--timezone", "America/Vancuver"}, dir.path());
    CHECK(r.code == 65);
    CHECK(r.err.find("America/Vancuver") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "bad/echo.toml"));
    CHECK_FALSE(fs::exists(dir / "bad/echo.db"));
  }

  TEST_CASE("init honours --database") {
    TempDir dir;
    REQUIRE(run_echo({"init", "hub", "--database", "elsewhere.db"}, dir.path()).code == 0);
    CHECK(fs::exists(dir / "elsewhere.db"));
    CHECK_FALSE(fs::exists(dir / "hub/echo.db"));
  }
}

TEST_SUITE("e2e: config") {
  TEST_CASE("config show gives every setting with its source") {
    Hub hub("[attendance]\nmin_minutes = 50\n");
    const auto r = hub.run({"config", "show", "--json"});
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    std::map<std::string, nlohmann::json> by_key;
    for (const auto& e : j) by_key[e["key"]] = e;
    CHECK(by_key["attendance.min_minutes"]["value"] == 50); // typed, not TOML text
    CHECK(by_key["attendance.min_minutes"]["source"] == hub.config().string() + ":5:15");
    CHECK(by_key["database.path"]["source"] == "flag --database");
    CHECK(by_key["certificates.min_percent"]["source"] == "default");
    CHECK(by_key["hub.timezone"]["value"] == "America/Vancouver");
    CHECK(by_key["proposals.criteria"]["value"] ==
          nlohmann::json::array({"need", "feasibility", "capacity", "evaluation"}));
    CHECK(by_key["certificates.min_percent"]["value"] == 75.0);
  }

  TEST_CASE("global options work after the subcommand") {
    Hub hub;
    const auto r = hub.raw({"config", "show", "--config", hub.config().string(), "--db", "x.db", "--format", "tsv"});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("database.path\tx.db\tflag --database") != std::string::npos);
  }

  TEST_CASE("environment variables sit between flags and the file") {
    Hub hub;
    auto r = hub.raw({"config", "show", "--format", "tsv"},
                     {{"ECHO_CONFIG", hub.config().string()}, {"ECHO_DATABASE", "/tmp/env.db"}});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("database.path\t/tmp/env.db\tenv ECHO_DATABASE") != std::string::npos);
    CHECK(r.out.find("hub.timezone\tAmerica/Vancouver\t" + hub.config().string()) != std::string::npos);
    r = hub.raw({"config", "show", "--format", "tsv", "--database", "/tmp/flag.db"},
                {{"ECHO_CONFIG", hub.config().string()}, {"ECHO_DATABASE", "/tmp/env.db"}});
    CHECK(r.out.find("database.path\t/tmp/flag.db\tflag --database") != std::string::npos);
  }

  TEST_CASE("./echo.toml is discovered and its relative database path is beside it") {
    Hub hub;
    hub.write("echo.toml", "[database]\npath = \"data/hub.db\"\n");
    const auto r = hub.raw({"config", "path"});
    CHECK(r.code == 0);
    CHECK(r.out == "echo.toml\n");
    const auto show = hub.raw({"config", "show", "--format", "tsv"});
    CHECK(show.out.find((hub.dir().path() / "data/hub.db").string()) != std::string::npos);
  }

  TEST_CASE("config path exits 1 when no config file exists") {
    TempDir dir;
    const auto r = run_echo({"config", "path"}, dir.path());
    CHECK(r.code == 1);
    CHECK(r.err.find("no config file found") != std::string::npos);
    std::ofstream(dir / "echo.toml") << "[hub]\nname = \"X\"\n";
    const auto none = run_echo({"--no-config", "config", "path"}, dir.path());
    CHECK(none.code == 1); // there is one, but --no-config reads none: say that, not "not found"
    CHECK(none.err.find("no config file: --no-config reads none") != std::string::npos);
  }

  TEST_CASE("a bad config file exits 78 naming file, line, column and key, for every command") {
    Hub hub;
    hub.write("echo.toml", "[hub]\ntimezone = \"Mars/Base\"\n[attendance]\nmin_minuts = 30\n");
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"config", "check"}, {"config", "show"}, {"db", "info"}}) {
      const auto r = hub.run(args);
      CHECK(r.code == 78);
      CHECK(r.err.find(hub.config().string() + ":2:12: 'hub.timezone' unknown time zone \"Mars/Base\"") !=
            std::string::npos);
      CHECK(r.err.find(":4:1: unknown key 'attendance.min_minuts' (did you mean 'attendance.min_minutes'?)") !=
            std::string::npos);
    }
  }

  TEST_CASE("a missing --config file exits 78") {
    TempDir dir;
    const auto r = run_echo({"--config", "nope.toml", "config", "show"}, dir.path());
    CHECK(r.code == 78);
    CHECK(r.err.find("nope.toml") != std::string::npos);
  }

  TEST_CASE("config check accepts a good file") {
    Hub hub;
    const auto r = hub.run({"config", "check"});
    CHECK(r.code == 0);
    CHECK(r.out == hub.config().string() + ": ok\n");
  }
}

TEST_SUITE("e2e: db") {
  TEST_CASE("readers fail with 66 on a missing database and create nothing") {
    Hub hub;
    const auto r = hub.run({"db", "info"});
    CHECK(r.code == 66);
    CHECK(r.err.find(hub.database().string()) != std::string::npos);
    CHECK(r.err.find("echo init") != std::string::npos);
    CHECK_FALSE(fs::exists(hub.database()));
  }

  TEST_CASE("db check passes a healthy database and fails a broken one") {
    Hub hub;
    REQUIRE(hub.run({"init", hub.dir().path().string(), "--force"}).code == 0);
    auto r = hub.run({"db", "check"});
    CHECK(r.code == 0);
    CHECK(r.out == hub.database().string() + ": ok\n");
    {
      SQLite::Database raw(hub.database().string(), SQLite::OPEN_READWRITE);
      raw.exec("PRAGMA foreign_keys = OFF");
      raw.exec("INSERT INTO attendance (session_id, participant_id, minutes, created_at, updated_at) "
               "VALUES (7, 7, 1, 'x', 'x')");
    }
    r = hub.run({"db", "check"});
    CHECK(r.code == 1);
    CHECK(r.err.find("foreign key: attendance") != std::string::npos);
  }

  TEST_CASE("a damaged database file exits 74") {
    Hub hub;
    hub.write("hub.db", std::string(8192, 'Z'));
    const auto r = hub.run({"db", "info"});
    CHECK(r.code == 74);
    CHECK(r.err.find("not an echo database") != std::string::npos);
  }

  TEST_CASE("db backup writes a private, complete copy and will not overwrite") {
    Hub hub;
    REQUIRE(hub.run({"init", hub.dir().path().string(), "--force"}).code == 0);
    auto r = hub.run({"db", "backup", "copy.db"});
    REQUIRE(r.code == 0);
    const auto copy = hub.dir() / "copy.db";
    CHECK(mode_of(copy) == 0600);
    CHECK(run_echo({"--database", copy.string(), "--no-config", "db", "check"}, hub.dir().path()).code == 0);
    CHECK(hub.run({"db", "backup", "copy.db"}).code == 1);
    CHECK(hub.run({"db", "backup", "copy.db", "--force"}).code == 0);
    CHECK(hub.run({"db", "backup", "no/such/dir/copy.db"}).code == 73);
    const auto self = hub.run({"db", "backup", hub.database().string(), "--force"});
    CHECK(self.code == 1);
    CHECK(self.err.find("is the database itself") != std::string::npos);
    CHECK(hub.run({"db", "check"}).code == 0);
  }

  TEST_CASE("an older database must be migrated and migrate backs it up first") {
    Hub hub;
    make_v1_database(hub.database());
    const auto before = hub.dump();
    auto r = hub.run({"config", "show"});
    CHECK(r.code == 0); // needs no database
    r = hub.run({"db", "check"});
    CHECK(r.code == 0);
    r = hub.run({"db", "migrate", "--dry-run"});
    CHECK(r.code == 0);
    const auto latest = std::to_string(echo::db::latest_schema_version());
    CHECK(r.out.find("from schema version 1 to " + latest) != std::string::npos);
    CHECK(r.out.find("2: proposals and audit log") != std::string::npos);
    CHECK(r.out.find("3: attendance without the by-participant index") != std::string::npos);
    CHECK(hub.dump() == before);
    r = hub.run({"db", "migrate"});
    REQUIRE(r.code == 0);
    CHECK(hub.scalar("PRAGMA user_version") == latest);
    CHECK(hub.scalar("SELECT name FROM participant") == "Émile Dubé");
    int backups = 0;
    for (const auto& e : fs::directory_iterator(hub.dir().path()))
      if (e.path().filename().string().starts_with("hub.db.v1.")) {
        ++backups;
        CHECK(mode_of(e.path()) == 0600);
      }
    CHECK(backups == 1);
    r = hub.run({"db", "migrate"});
    CHECK(r.code == 0);
    CHECK(r.out.find("nothing to do") != std::string::npos);
  }

  TEST_CASE("a database locked past the busy timeout exits 75 and is unchanged") {
    Hub hub("[database]\nbusy_timeout_ms = 100\n");
    make_v1_database(hub.database());
    SQLite::Database holder(hub.database().string(), SQLite::OPEN_READWRITE);
    holder.exec("PRAGMA journal_mode = WAL");
    holder.exec("BEGIN IMMEDIATE");
    const auto r = hub.run({"db", "migrate"});
    CHECK(r.code == 75);
    CHECK(r.err.find("locked") != std::string::npos);
    holder.exec("ROLLBACK");
    CHECK(hub.scalar("PRAGMA user_version") == "1");
  }

  TEST_CASE("-o writes atomically in the format its extension names") {
    Hub hub;
    REQUIRE(hub.run({"init", hub.dir().path().string(), "--force"}).code == 0);
    auto r = hub.run({"db", "info", "-o", "info.json"});
    REQUIRE(r.code == 0);
    CHECK(r.out.empty());
    CHECK(nlohmann::json::parse(slurp(hub.dir() / "info.json"))["tables"]["series"] == 0);
    r = hub.run({"config", "show", "-o", "cfg.csv"});
    CHECK(slurp(hub.dir() / "cfg.csv").starts_with("key,value,source\r\n"));
    r = hub.run({"config", "show", "-o", "missing-dir/cfg.csv"});
    CHECK(r.code == 73);
    // Every listing writes HTML too: one self-contained page, from the extension or --format.
    r = hub.run({"config", "show", "-o", "cfg.html"});
    REQUIRE(r.code == 0);
    const auto page = slurp(hub.dir() / "cfg.html");
    CHECK(page.starts_with("<!DOCTYPE html>"));
    CHECK(page.find("<th>key</th>") != std::string::npos);
    CHECK(hub.run({"config", "show", "--format", "html"}).out.starts_with("<!DOCTYPE html>"));
    // --json is --format json: both at once is a usage error, not a silent choice.
    r = hub.run({"config", "show", "--json", "--format", "csv"});
    CHECK(r.code == 2);
    CHECK(r.err.find("excludes") != std::string::npos);
    CHECK(r.err.find("Run 'echo config show --help' for usage.") != std::string::npos); // the command reached
  }

  TEST_CASE("-o through a symlink replaces its target and keeps the link") {
    Hub hub;
    hub.write("target.csv", "old\n");
    fs::create_symlink("target.csv", hub.dir() / "link.csv");
    REQUIRE(hub.run({"config", "show", "-o", "link.csv"}).code == 0);
    CHECK(fs::is_symlink(hub.dir() / "link.csv"));
    CHECK(slurp(hub.dir() / "target.csv").starts_with("key,value,source\r\n"));
  }

  TEST_CASE("-o to a FIFO writes into it instead of replacing it") {
    Hub hub;
    const auto fifo = hub.dir() / "out.fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const std::string cmd = "cat '" + fifo.string() + "' > '" + (hub.dir() / "read.txt").string() + "' &";
    REQUIRE(std::system(cmd.c_str()) == 0);
    const auto r = hub.run({"config", "show", "--format", "tsv", "-o", fifo.string()});
    CHECK(r.code == 0);
    CHECK(fs::is_fifo(fifo));
    std::string got;
    for (int i = 0; i < 100 && got.empty(); ++i) {
      ::usleep(20000);
      got = slurp(hub.dir() / "read.txt");
    }
    CHECK(got.starts_with("key\tvalue\tsource\n"));
  }

  TEST_CASE("-o over an existing file keeps its permissions") {
    Hub hub;
    hub.write("report.tsv", "old\n");
    fs::permissions(hub.dir() / "report.tsv", fs::perms(0644));
    REQUIRE(hub.run({"config", "show", "-o", "report.tsv"}).code == 0);
    CHECK(mode_of(hub.dir() / "report.tsv") == 0644);
    REQUIRE(hub.run({"config", "show", "-o", "new.tsv"}).code == 0);
    CHECK(mode_of(hub.dir() / "new.tsv") == 0600);
  }

  TEST_CASE("a write command that fails leaves no new database behind") {
    Hub hub;
    const auto r = hub.run({"attendance", "import", "missing.csv"});
    CHECK(r.code == 66);
    CHECK(r.err.find("created database") == std::string::npos);
    CHECK_FALSE(fs::exists(hub.database()));
    CHECK(hub.run({"report", "summary"}).code == 66);
  }
}

} // namespace test_foundation
