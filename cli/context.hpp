#pragma once
// What every command needs: global options, the effective config and the database, opened
// lazily so that a command pays only for what it uses, and the program's streams.

#include "echo/config/config.hpp"
#include "echo/db/database.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace echo::cli {

struct GlobalOptions {
  std::optional<std::string> config;
  bool no_config = false;
  std::optional<std::string> database;
  bool quiet = false;
  int verbose = 0;
  std::string color = "auto";
};

// Thrown when stdout is a closed pipe: the program ends quietly.
struct BrokenPipe {};

class Context {
public:
  GlobalOptions global;
  std::string program = "echo"; // the name echo was invoked with
  // "attendance.import": the command being run, for the log entry of a write that names none.
  std::function<std::string()> command_name;
  // Whether each command's help footer (examples, global options) is built: only when a help is
  // shown (add_help_footers), not on every run.
  bool help_footers = false;

  // The effective configuration (loaded once). Error(config) on a bad file.
  const config::Config& config();
  config::LoadOptions load_options() const;
  // The database, opened once with the strongest access asked for so far. Writers create a
  // missing database (reported when the command succeeds, removed when it fails).
  db::Database& db(db::Access access);
  // Closes the database (e.g. before replacing the file).
  void close_db();
  // After a successful command: says on stderr that this run created the database.
  void report_created_database();
  // After a failed command: removes the database if this run created it, so that a failed
  // write leaves no empty database behind for a later report to read as real.
  void discard_created_database() noexcept;

  // Writes to stdout; BrokenPipe when the reader went away.
  void out(std::string_view text);
  // A message on stderr unless --quiet.
  void note(std::string_view text);
  // A message on stderr with -v.
  void debug(std::string_view text);
  // A warning on stderr (even with --quiet): "NAME: warning: ...".
  void warn(std::string_view text);
  // The text with each "`echo " (a command the library's messages suggest) written with the
  // name the program was invoked with, e.g. "`echoctl init`". note, warn and errors use it.
  [[nodiscard]] std::string named(std::string_view text) const;

  // The actor recorded for manual changes: the flag's value, else $USER (or $LOGNAME, or the
  // login name of the user id), else "unknown".
  static std::string actor(const std::string& flag_value);

  bool stdout_is_terminal() const;
  bool color_stdout() const;
  bool color_stderr() const;

private:
  bool color_for(int fd) const;

  std::optional<config::Config> m_config;
  std::unique_ptr<db::Database> m_db;
  db::Access m_access = db::Access::read;
};

} // namespace echo::cli
