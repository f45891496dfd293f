#include "context.hpp"

#include "echo/util/validate.hpp"

#include <fmt/format.h>

#include <filesystem>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <pwd.h>
#include <unistd.h>

namespace echo::cli {

config::LoadOptions Context::load_options() const {
  config::LoadOptions options;
  options.config_flag = global.config;
  options.no_config = global.no_config;
  options.database_flag = global.database;
  return options;
}

const config::Config& Context::config() {
  if (!m_config) m_config = config::load(load_options());
  return *m_config;
}

db::Database& Context::db(db::Access access) {
  const auto rank = [](db::Access a) { return a == db::Access::write ? 2 : a == db::Access::admin ? 1 : 0; };
  if (m_db && rank(access) <= rank(m_access)) return *m_db;
  m_db.reset();
  const auto& cfg = config();
  db::OpenOptions options;
  options.path = cfg.database_path;
  options.access = access;
  options.busy_timeout_ms = cfg.busy_timeout_ms;
  m_db = db::Database::open(options);
  m_db->set_command(command_name ? command_name() : "write", actor(""));
  m_access = access;
  return *m_db;
}

void Context::close_db() { m_db.reset(); }

void Context::report_created_database() {
  if (m_db && m_db->created()) note(fmt::format("created database {}", m_db->path().string()));
}

void Context::discard_created_database() noexcept {
  if (!m_db || !m_db->created()) return;
  const auto path = m_db->path();
  m_db.reset();
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix, ec);
}

void Context::out(std::string_view text) {
  if (text.empty()) return;
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    if (errno == EPIPE) throw BrokenPipe{};
    throw Error(Exit::io, fmt::format("cannot write to standard output: {}", std::strerror(errno)));
  }
}

std::string Context::named(std::string_view text) const {
  // Messages quote values (a name, a file's line): no control character reaches the terminal.
  std::string out = util::escape_controls(text, true);
  if (program == "echo") return out;
  const std::string from = "`echo ";
  const std::string to = "`" + program + " ";
  for (auto at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size()))
    out.replace(at, from.size(), to);
  return out;
}

void Context::note(std::string_view text) {
  if (global.quiet) return;
  const auto line = named(text);
  std::fprintf(stderr, "%s\n", line.c_str());
}

void Context::debug(std::string_view text) {
  if (global.verbose <= 0 || global.quiet) return;
  std::fprintf(stderr, "%s: %.*s\n", program.c_str(), static_cast<int>(text.size()), text.data());
}

void Context::warn(std::string_view text) {
  const bool color = color_stderr();
  const auto line = named(text);
  std::fprintf(stderr, "%s: %swarning:%s %s\n", program.c_str(), color ? "\x1b[1;33m" : "", color ? "\x1b[0m" : "",
               line.c_str());
}

std::string Context::actor(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  if (const char* user = std::getenv("USER"); user && *user) return user;
  if (const char* user = std::getenv("LOGNAME"); user && *user) return user;
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
  return "unknown";
}

bool Context::stdout_is_terminal() const { return ::isatty(STDOUT_FILENO) == 1; }

bool Context::color_for(int fd) const {
  if (global.color == "always") return true;
  if (global.color == "never") return false;
  if (const char* no = std::getenv("NO_COLOR"); no && *no) return false;
  // CLICOLOR_FORCE (bixense.com/clicolors): colour even when not on a terminal, e.g. through
  // `less -R`; CLICOLOR=0 turns it off.
  if (const char* force = std::getenv("CLICOLOR_FORCE"); force && *force && std::string_view(force) != "0") return true;
  if (const char* cli = std::getenv("CLICOLOR"); cli && std::string_view(cli) == "0") return false;
  if (const char* term = std::getenv("TERM"); term && std::string_view(term) == "dumb") return false;
  return ::isatty(fd) == 1;
}

bool Context::color_stdout() const { return color_for(STDOUT_FILENO); }
bool Context::color_stderr() const { return color_for(STDERR_FILENO); }

} // namespace echo::cli
