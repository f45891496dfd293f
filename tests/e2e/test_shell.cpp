// echo in the shell: help and version commands, did-you-mean for options, examples in --help,
// dates in words with an injected "today", JSON field selection and order, -o - and
// /dev/stdout, private export files, colour forced, and the completion scripts loaded in bash.
#include "harness.hpp"

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_shell {

using namespace echo::test;
namespace fs = std::filesystem;

namespace {

// A hub with one weekly series of 4 sessions from 2026-01-13 and two participants.
void small_hub(const Hub& hub) {
  REQUIRE(hub.run({"series", "create", "pc-2026", "--title", "Palliative Care", "--start", "2026-01-13", "--time",
                   "12:00", "--repeat", "weekly", "--count", "4"})
              .code == 0);
  REQUIRE(hub.run({"series", "schedule", "pc-2026"}).code == 0);
  REQUIRE(hub.run({"participant", "add", "--email", "emile.dube@example.org", "--name", "Émile Dubé"}).code == 0);
  REQUIRE(hub.run({"participant", "add", "--email", "ana.lopez@example.org", "--name", "Ana López"}).code == 0);
}

// Runs a shell command line in dir with bash; returns what it printed on stdout.
std::string bash(const fs::path& dir, const std::string& script) {
  const auto file = dir / "script.sh";
  std::ofstream(file) << script;
  const auto out = dir / "script.out";
  const std::string command =
      "cd '" + dir.string() + "' && bash --norc --noprofile '" + file.string() + "' > '" + out.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  CHECK(status == 0);
  return slurp(out);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    if (nl > at) out.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

std::vector<std::string> with(const Hub& hub, std::vector<std::string> args) {
  args.insert(args.begin(), {"--config", hub.config().string(), "--db", hub.database().string()});
  return args;
}

} // namespace

TEST_SUITE("shell") {
  TEST_CASE("help COMMAND is the command's --help, an unknown one gets a did-you-mean and exit 2") {
    Hub hub;
    auto top = hub.raw({"help"});
    CHECK(top.code == 0);
    CHECK(top.out.find("series") != std::string::npos);
    CHECK(top.out.find("completion") != std::string::npos);
    auto help = hub.raw({"help", "session", "import"});
    auto flag = hub.raw({"session", "import", "--help"});
    CHECK(help.code == 0);
    CHECK(help.out == flag.out);
    CHECK(help.out.find("Usage: echo session import") != std::string::npos);
    auto bad = hub.raw({"help", "sesion"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("unknown command 'sesion'") != std::string::npos);
    CHECK(bad.err.find("did you mean 'session'?") != std::string::npos);
  }

  TEST_CASE("version is a command and names the commit") {
    Hub hub;
    auto v = hub.raw({"version"});
    CHECK(v.code == 0);
    CHECK(v.out.starts_with("echo "));
    CHECK(v.out.find("(commit ") != std::string::npos);
    CHECK(v.out == hub.raw({"--version"}).out);
  }

  TEST_CASE("an unknown option gets a did-you-mean and the command's usage line") {
    Hub hub;
    auto r = hub.run({"report", "summary", "--formt", "json"});
    CHECK(r.code == 2);
    CHECK(r.err.find("unknown option '--formt' for 'echo report summary' (did you mean '--format'?)") !=
          std::string::npos);
    CHECK(r.err.find("Usage: echo report summary [OPTIONS]") != std::string::npos);
  }

  TEST_CASE("each command's --help ends with examples and the global options, --help-all holds leaf options") {
    Hub hub;
    for (const auto& path : std::vector<std::vector<std::string>>{
             {"session", "import"}, {"report", "summary"}, {"attendance", "import"}, {"series", "create"}}) {
      auto args = path;
      args.push_back("--help");
      auto r = hub.raw(args);
      CHECK(r.code == 0);
      CHECK_MESSAGE(r.out.find("Examples:\n  echo " + path[0] + " " + path[1]) != std::string::npos, path[1]);
      CHECK(r.out.find("Global options (before or after the command): --config FILE") != std::string::npos);
    }
    auto all = hub.raw({"--help-all"});
    CHECK(all.code == 0);
    CHECK(all.out.find("Usage: echo proposal review") != std::string::npos);
    CHECK(all.out.find("--score") != std::string::npos);
    CHECK(all.out.find("Usage: echo session case add") != std::string::npos);
  }

  TEST_CASE("dates in words resolve against today (ECHO_TODAY injects it)") {
    Hub hub;
    small_hub(hub);
    const std::map<std::string, std::string> env{{"ECHO_TODAY", "2026-03-15"}};
    auto r = hub.raw(with(hub, {"report", "summary", "-p", "last month", "--json"}), env);
    REQUIRE(r.code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["from"] == "2026-02-01");
    CHECK(j["to"] == "2026-02-28");
    r = hub.raw(with(hub, {"report", "summary", "--from", "2026Q1", "--to", "yesterday", "--json"}), env);
    REQUIRE(r.code == 0);
    j = nlohmann::json::parse(r.out);
    CHECK(j["from"] == "2026-01-01");
    CHECK(j["to"] == "2026-03-14");
    // The sessions of January: 13, 20, 27 (Tuesdays); "2026-01" names the month.
    r = hub.raw(with(hub, {"session", "list", "--from", "2026-01", "--to", "2026-01", "--json"}), env);
    REQUIRE(r.code == 0);
    CHECK(nlohmann::json::parse(r.out).size() == 3);
    r = hub.raw(with(hub, {"report", "summary", "-p", "fortnight"}), env);
    CHECK(r.code == 2);
    CHECK(r.err.find("--period \"fortnight\" is not a date") != std::string::npos);
    CHECK(r.err.find("this/last/next week") != std::string::npos);
    r = hub.raw(with(hub, {"report", "summary", "-p", "last week", "--from", "2026-01-01"}), env);
    CHECK(r.code == 2);
  }

  TEST_CASE("--json FIELD,FIELD selects fields in that order, an unknown field lists the fields") {
    Hub hub;
    small_hub(hub);
    auto r = hub.run({"series", "list", "--json", "title,code"});
    REQUIRE(r.code == 0);
    auto j = nlohmann::ordered_json::parse(r.out);
    REQUIRE(j.size() == 1);
    std::vector<std::string> keys;
    for (const auto& item : j[0].items()) keys.push_back(item.key());
    CHECK(keys == std::vector<std::string>{"title", "code"});
    r = hub.run({"series", "show", "pc-2026", "--json", "code"});
    REQUIRE(r.code == 0);
    CHECK(nlohmann::json::parse(r.out) == nlohmann::json{{"code", "pc-2026"}});
    r = hub.run({"series", "list", "--json", "cod"});
    CHECK(r.code == 2);
    CHECK(r.err.find("--json: unknown field 'cod' (did you mean 'code'?); fields: code, title") != std::string::npos);
    r = hub.run({"participant", "list", "--format", "jsonl", "--json", "email"});
    CHECK(r.code == 2); // --json and --format exclude each other
  }

  TEST_CASE("JSON keys come in the documented order, not alphabetical") {
    Hub hub;
    small_hub(hub);
    auto r = hub.run({"series", "show", "pc-2026", "--json"});
    REQUIRE(r.code == 0);
    auto j = nlohmann::ordered_json::parse(r.out);
    CHECK(j.begin().key() == "code");
    r = hub.run({"report", "summary", "--json"});
    REQUIRE(r.code == 0);
    j = nlohmann::ordered_json::parse(r.out);
    std::vector<std::string> keys;
    for (const auto& item : j.items()) keys.push_back(item.key());
    REQUIRE(keys.size() > 3);
    CHECK(keys[0] == "from");
    CHECK(keys[1] == "to");
    CHECK(keys[2] == "as_of");
  }

  TEST_CASE("-o - is standard output, -o /dev/stdout appends to the shell's log, exports are 0600") {
    Hub hub;
    small_hub(hub);
    auto r = hub.run({"series", "list", "--format", "csv", "-o", "-"});
    REQUIRE(r.code == 0);
    CHECK(r.out.starts_with("code,"));
    CHECK(!fs::exists(hub.dir() / "-"));
    hub.write("cron.log", "earlier line\n");
    const auto out = bash(hub.dir().path(), std::string("'") + ECHO_BINARY + "' --config echo.toml --db hub.db " +
                                                "series list --format csv -o /dev/stdout >> cron.log\n"
                                                "cat cron.log\n");
    CHECK(out.starts_with("earlier line\ncode,"));
    r = hub.run({"session", "export", "--series", "pc-2026", "-o", (hub.dir() / "pc.ics").string()});
    REQUIRE(r.code == 0);
    struct stat st {};
    REQUIRE(::stat((hub.dir() / "pc.ics").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }

  TEST_CASE("CLICOLOR_FORCE colours a table even in a pipe, NO_COLOR wins") {
    Hub hub;
    small_hub(hub);
    auto r = hub.raw(with(hub, {"series", "list", "--format", "table"}), {{"NO_COLOR", ""}, {"CLICOLOR_FORCE", "1"}});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("\x1b[") != std::string::npos);
    r = hub.raw(with(hub, {"series", "list", "--format", "table"}), {{"CLICOLOR_FORCE", "1"}});
    CHECK(r.out.find("\x1b[") == std::string::npos);
  }

  TEST_CASE("__complete answers commands, options, fixed choices and live values") {
    Hub hub;
    small_hub(hub);
    auto complete = [&](std::vector<std::string> words) {
      words.insert(words.begin(), {"__complete", "--config", hub.config().string(), "--db", hub.database().string()});
      auto r = hub.raw(words);
      CHECK(r.code == 0);
      return lines(r.out);
    };
    CHECK(complete({"ser"}) == std::vector<std::string>{"series"});
    CHECK(complete({"session", "im"}) == std::vector<std::string>{"import"});
    CHECK(complete({"report", "summary", "--fo"}) == std::vector<std::string>{"--format"});
    CHECK(complete({"report", "summary", "--format", "j"}) == std::vector<std::string>{"json", "jsonl"});
    CHECK(complete({"series", "show", "p"}) == std::vector<std::string>{"pc-2026"});
    CHECK(complete({"session", "show", "pc"}) == std::vector<std::string>{"pc-2026/"});
    CHECK(complete({"session", "show", "pc-2026/"}) ==
          std::vector<std::string>{"pc-2026/1", "pc-2026/2", "pc-2026/3", "pc-2026/4"});
    CHECK(complete({"participant", "show", "e"}) == std::vector<std::string>{"emile.dube@example.org"});
    CHECK(complete({"attendance", "import", ""}) == std::vector<std::string>{"__files__"});
    CHECK(complete({"completion", ""}) == std::vector<std::string>{"bash", "fish", "zsh"});
  }

  TEST_CASE("the bash completion script, loaded in bash, completes a series code and a session reference") {
    Hub hub;
    small_hub(hub);
    const std::string bin = ECHO_BINARY;
    const std::string script = "source <('" + bin + "' completion bash --name '" + bin + "')\n" + "complete -p '" +
                               bin + "' >/dev/null || exit 3\n" + "words() {\n" + "  COMP_WORDS=('" + bin +
                               "' --config echo.toml --db hub.db \"$@\"); COMP_CWORD=$(( $# + 4 ))\n" + "  _" +
                               [&] {
                                 std::string id;
                                 for (char c : bin) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                                 return id;
                               }() +
                               "_complete\n" + "  printf '%s\\n' \"${COMPREPLY[@]}\"\n" + "}\n" +
                               "words series show pc\n" + "words session show pc-2026/\n" +
                               "words session update pc-2026/3 --\n";
    const auto out = lines(bash(hub.dir().path(), script));
    REQUIRE(out.size() > 6);
    CHECK(out[0] == "pc-2026");
    CHECK(out[1] == "pc-2026/1");
    CHECK(out[4] == "pc-2026/4");
    CHECK(std::find(out.begin(), out.end(), "--topic") != out.end());
  }

  TEST_CASE("zsh and fish scripts are generated for the name asked") {
    Hub hub;
    auto zsh = hub.raw({"completion", "zsh", "--name", "echoctl"});
    CHECK(zsh.code == 0);
    CHECK(zsh.out.starts_with("#compdef echoctl\n"));
    CHECK(zsh.out.find("compdef _echoctl echoctl") != std::string::npos);
    auto fish = hub.raw({"completion", "fish", "--name", "echoctl"});
    CHECK(fish.code == 0);
    CHECK(fish.out.find("complete -c echoctl -f -a '(__echoctl_complete)'") != std::string::npos);
    CHECK(hub.raw({"completion", "tcsh"}).code == 2);
  }
}

} // namespace test_shell
