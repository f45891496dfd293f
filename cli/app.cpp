#include "app.hpp"

#include "commands/commands.hpp"
#include "commands/shell.hpp"
#include "context.hpp"

#include "echo/db/database.hpp"
#include "echo/error.hpp"
#include "echo/util/period.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"
#include "echo/util/validate.hpp"
#include "echo/version.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string_view>

namespace echo::cli {

namespace {

void print_error(const Context& ctx, const std::string& message) {
  const bool color = ctx.color_stderr();
  std::fprintf(stderr, "%s: %serror:%s %s\n", ctx.program.c_str(), color ? "\x1b[1;31m" : "", color ? "\x1b[0m" : "",
               ctx.named(message).c_str());
}

// The deepest subcommand the user reached.
CLI::App* deepest(CLI::App* app) {
  for (auto* sub : app->get_subcommands())
    if (sub->parsed()) return deepest(sub);
  return app;
}

// "echo session export": the program and the subcommands the user reached.
std::string command_path(CLI::App& root, const std::string& program) {
  std::string path = program;
  for (CLI::App* at = &root;;) {
    CLI::App* next = nullptr;
    for (auto* sub : at->get_subcommands())
      if (sub->parsed()) next = sub;
    if (next == nullptr) return path;
    path += " " + next->get_name();
    at = next;
  }
}

// "unknown command 'sereis' (did you mean 'series'?)" for a word where a subcommand belongs.
std::optional<std::string> unknown_command_message(CLI::App& root, const std::string& program) {
  CLI::App* at = deepest(&root);
  auto subs = at->get_subcommands([](CLI::App*) { return true; });
  if (subs.empty()) return std::nullopt;
  auto extras = at->remaining();
  if (extras.empty()) extras = root.remaining(); // fallthrough hands unknown words to the parent
  if (extras.empty() || extras.front().starts_with("-")) return std::nullopt;
  std::vector<std::string> names;
  for (auto* s : subs) names.push_back(s->get_name());
  const std::string path = at == &root ? program : program + " " + at->get_name();
  std::string message = fmt::format("unknown command '{}' for '{}'", extras.front(), path);
  if (auto m = util::closest_match(extras.front(), names))
    message += fmt::format(" (did you mean '{}'?)", *m);
  else
    message += fmt::format("; commands: {}", util::join(names, ", "));
  return message;
}

// "unknown option '--formt' for 'echo report summary' (did you mean '--format'?)" and the
// command's usage line, for a word that looks like an option where none is known.
std::optional<std::string> unknown_option_message(CLI::App& root, const std::string& program) {
  CLI::App* at = deepest(&root);
  auto extras = at->remaining();
  if (extras.empty()) extras = root.remaining();
  if (extras.empty() || !extras.front().starts_with("-")) return std::nullopt;
  const auto word = extras.front().substr(0, extras.front().find('='));
  std::vector<std::string> names;
  for (const CLI::App* a = at; a; a = a->get_parent())
    for (const auto* opt : a->get_options()) {
      if (opt->get_group().empty()) continue;
      for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
      for (const auto& n : opt->get_snames()) names.push_back("-" + n);
    }
  std::string message = fmt::format("unknown option '{}' for '{}'", word, path_of(at, program));
  if (auto m = util::closest_match(word, names)) message += fmt::format(" (did you mean '{}'?)", *m);
  const auto usage = CLI::Formatter().make_usage(at, path_of(at, program));
  return message + "\n" + util::trim(usage);
}

} // namespace

std::string version_text() {
  return fmt::format("{} (commit {}, SQLite {}, schema {})", echo::version(), echo::build_commit(),
                     sqlite3_libversion(), db::latest_schema_version());
}

namespace {

// The top-level commands, in the order --help lists them, with the function that adds each
// group (its subcommands and options). Building every command's options costs more than
// running most commands (~4.7M instructions), so only the invoked group is built; the others
// are added as their name and one-line description alone, which is all that --help, did-you-mean
// and errors at the top level show of them (tests/unit/test_cli_app.cpp checks that the
// descriptions here are those of the groups).
struct CommandGroup {
  void (*add)(CLI::App& app, Context& ctx);
  std::vector<std::pair<const char*, const char*>> commands; // name, description
};

const std::vector<CommandGroup>& command_groups() {
  static const std::vector<CommandGroup> groups{
      {register_init, {{"init", "Write DIR/echo.toml (a commented template) and create its database"}}},
      {register_config, {{"config", "Show and check the effective configuration"}}},
      {register_db, {{"db", "Inspect, check, back up and migrate the database"}}},
      {register_series, {{"series", "Create, list, schedule and archive series of teleECHO sessions"}}},
      {register_session, {{"session", "Add, list, change, import and export the sessions of series"}}},
      {register_participant, {{"participant", "Add, list, update, merge and import participants"}}},
      {register_attendance, {{"attendance", "Record, import, list and resolve attendance"}}},
      {register_registration, {{"registration", "Import, list and remove registrations for sessions and series"}}},
      {register_proposal, {{"proposal", "Submit, review, approve and convert proposals for new series"}}},
      {register_report,
       {{"report", "Reports for funders and accreditors: attendance, participants, credits, series, summary, reach, "
                   "competency, network, retention, registrations, evaluation"}}},
      {register_certificate,
       {{"certificate", "Certificates: issue PDFs to eligible participants, the register, verify and revoke"}}},
      {register_evaluation, {{"evaluation", "Import, list and export survey evaluations of sessions and series"}}},
      {register_shell,
       {{"help", "Show the help of a command: help [COMMAND...]"},
        {"version", "Show the version, the commit it was built from, SQLite and the schema"},
        {"completion", "Print the shell completion script for bash, zsh or fish"}}},
      {register_log,
       {{"log", "The audit trail: who changed what, when and why (JSON: id, at, actor, action, entity, entity_id, "
                "reason, changes, undone_by)"},
        {"undo", "Reverse the last change (or entry ID of the log); refused while later changes depend on it"}}},
  };
  return groups;
}

} // namespace

std::optional<std::string> invoked_command(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.starts_with("--")) {
      const auto name = arg.substr(0, arg.find('='));
      const bool has_value = name.size() < arg.size();
      if (name == "--config" || name == "--database" || name == "--db" || name == "--color") {
        if (!has_value) ++i;
      } else if (name != "--no-config" && name != "--quiet" && name != "--verbose" && name != "--help" &&
                 name != "--version") {
        return std::nullopt; // --help-all, "--", or an option the root does not have
      }
    } else if (arg.starts_with("-") && arg.size() > 1) {
      if (arg.find_first_not_of("qvh", 1) != std::string::npos) return std::nullopt;
    } else {
      // `help WORD...` and `completion` walk the whole tree.
      if (arg == "help" || arg == "completion") return std::nullopt;
      for (const auto& group : command_groups())
        for (const auto& [command, description] : group.commands)
          if (arg == command) return arg;
      return std::nullopt; // not a command: the errors and their did-you-mean see the whole tree
    }
  }
  return std::string(); // no command: --help, --version
}

std::unique_ptr<CLI::App> make_app(Context& ctx, const std::optional<std::string>& invoked) {
  auto owner = std::make_unique<CLI::App>(
      "echo: run Project ECHO telementoring programs from the terminal: series, sessions, attendance, "
      "certificates, proposals and reports on one SQLite database.",
      ctx.program);
  CLI::App& app = *owner;
  app.fallthrough();
  app.require_subcommand(0, 1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  app.footer(fmt::format("Run '{} COMMAND --help' for a command's options. Manual: man {}.", ctx.program,
                         ctx.program == "echo" ? "echo" : ctx.program));
  app.set_version_flag("--version", fmt::format("{} {}", ctx.program, version_text()));

  ctx.command_name = [&app] {
    std::string name;
    for (CLI::App* at = &app;;) {
      CLI::App* next = nullptr;
      for (auto* sub : at->get_subcommands())
        if (sub->parsed()) next = sub;
      if (next == nullptr) return name.empty() ? std::string("write") : name;
      name += (name.empty() ? "" : ".") + next->get_name();
      at = next;
    }
  };

  auto& g = ctx.global;
  app.add_option("--config", g.config, "Config file (default: discovered; see echoctl.toml(5))")->option_text("FILE");
  app.add_flag("--no-config", g.no_config, "Read no config file; built-in defaults, environment and flags only");
  app.add_option("--database,--db", g.database, "Database file (overrides database.path and $ECHO_DATABASE)")
      ->option_text("FILE");
  app.add_flag("-q,--quiet", g.quiet, "Print only results and errors");
  app.add_flag("-v,--verbose", g.verbose, "Print more about what is done");
  app.add_option("--color", g.color, "Colour: auto (on a terminal, unless NO_COLOR is set), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->option_text("WHEN");
  if (auto* c = app.get_option_no_throw("--config")) c->excludes(app.get_option("--no-config"));

  for (const auto& group : command_groups()) {
    bool whole = !invoked.has_value();
    for (const auto& command : group.commands) whole = whole || *invoked == command.first;
    if (whole)
      group.add(app, ctx);
    else
      for (const auto& [command, description] : group.commands) app.add_subcommand(command, description);
  }
  return owner;
}

int run(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  Context ctx;
  if (argc > 0 && argv[0] && *argv[0]) ctx.program = std::filesystem::path(argv[0]).filename().string();

  // Dates in words ("today", "last month") are days in the hub's zone; the config is read only
  // when a command takes such a date.
  util::set_today_provider([&ctx] {
    const auto* zone = util::find_zone(ctx.config().hub_timezone);
    const auto now = util::now_utc();
    return zone ? util::local_date(util::utc_to_local(*zone, now)) : date::year_month_day{date::floor<date::days>(now)};
  });

  const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  const auto owner = make_app(ctx, invoked_command(args));
  CLI::App& app = *owner;

  // The completion scripts call `PROGRAM __complete WORD...`: answered before parsing, so that
  // half-typed command lines are never parse errors, and nothing else of the program runs.
  // `help WORD...` is answered before parsing too: CLI11 would read the words as commands.
  if (argc > 2 && std::string_view(argv[1]) == "help") {
    try {
      add_help_footers(app, ctx);
      ctx.out(help_of_words(app, ctx.program, std::vector<std::string>(argv + 2, argv + argc)));
      return 0;
    } catch (const BrokenPipe&) {
      return 0;
    } catch (const Error& e) {
      print_error(ctx, e.what());
      return e.exit_code();
    }
  }
  if (argc > 1 && std::string_view(argv[1]) == "__complete") {
    try {
      std::vector<std::string> words(argv + 2, argv + argc);
      if (words.empty()) words.emplace_back();
      for (const auto& c : complete_words(app, ctx, words)) std::printf("%s\n", c.c_str());
    } catch (...) {
    }
    return 0;
  }

  try {
    // Every value from the command line is text: valid UTF-8 without control characters (tab
    // and line breaks allowed), so that no name or topic stores a terminal escape.
    for (int i = 1; i < argc; ++i)
      if (auto problem = util::text_problem(argv[i], util::TextRule::multiline)) {
        const bool value_of_option = i > 1 && argv[i - 1][0] == '-' && argv[i - 1][1] != '\0';
        throw Error(Exit::data, value_of_option ? fmt::format("the value of {} {}", argv[i - 1], *problem)
                                                : fmt::format("argument {} {}", i, *problem));
      }
    try {
      app.parse(argc, argv);
      CLI::App* at = deepest(&app);
      if (!at->get_subcommands([](CLI::App*) { return true; }).empty()) {
        // A group without its subcommand ("echo db"): show what it has.
        add_help_footers(app, ctx);
        std::fputs(help_for(at, ctx.program).c_str(), stderr);
        return static_cast<int>(Exit::usage);
      }
      ctx.report_created_database();
      return 0;
    } catch (const CLI::CallForHelp&) {
      add_help_footers(app, ctx);
      std::fputs(help_for(deepest(&app), ctx.program).c_str(), stdout);
      return 0;
    } catch (const CLI::CallForAllHelp&) {
      add_help_footers(app, ctx);
      std::fputs(all_help_text(app, ctx.program).c_str(), stdout);
      return 0;
    } catch (const CLI::CallForVersion& e) {
      std::fputs((std::string(e.what()) + "\n").c_str(), stdout);
      return 0;
    } catch (const CLI::ExtrasError& e) {
      if (auto message = unknown_command_message(app, ctx.program))
        print_error(ctx, *message);
      else if (auto option = unknown_option_message(app, ctx.program))
        print_error(ctx, *option);
      else
        print_error(ctx, e.what());
      std::fprintf(stderr, "Run '%s --help' for usage.\n", command_path(app, ctx.program).c_str());
      return static_cast<int>(Exit::usage);
    } catch (const CLI::ParseError& e) {
      print_error(ctx, e.what());
      std::fprintf(stderr, "Run '%s --help' for usage.\n", command_path(app, ctx.program).c_str());
      return static_cast<int>(Exit::usage);
    }
  } catch (const BrokenPipe&) {
    return 0;
  } catch (const Error& e) {
    ctx.discard_created_database();
    print_error(ctx, e.what());
    return e.exit_code();
  } catch (const SQLite::Exception& e) {
    ctx.discard_created_database();
    const auto error = db::translate(e.getErrorCode(), e.what(), "");
    print_error(ctx, error.what());
    return error.exit_code();
  } catch (const std::exception& e) {
    ctx.discard_created_database();
    print_error(ctx, fmt::format("internal error: {}", e.what()));
    return 70;
  }
}

} // namespace echo::cli
