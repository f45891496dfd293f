#include "harness.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace echo::test {

std::ostream& operator<<(std::ostream& os, const Result& r) {
  return os << "exit " << r.code << "\n--- stdout\n" << r.out << "--- stderr\n" << r.err;
}

Result run_echo(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                const std::map<std::string, std::string>& env, const std::string& input) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    const auto eq = kv.find('=');
    if (eq == std::string::npos) continue;
    const auto key = kv.substr(0, eq);
    if (key.starts_with("ECHO_") || key.starts_with("XDG_") || key == "HOME" || key == "TZ") continue;
    vars[key] = kv.substr(eq + 1);
  }
  vars["HOME"] = cwd.string();
  vars["NO_COLOR"] = "1";
  vars["USER"] = "tester";
  for (const auto& [k, v] : env) {
    if (v.empty())
      vars.erase(k);
    else
      vars[k] = v;
  }
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : vars) env_strings.push_back(k + "=" + v);

  std::vector<std::string> argv_strings{ECHO_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());

  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe(in_pipe) || ::pipe(out_pipe) || ::pipe(err_pipe)) throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) ::close(fd);
    if (::chdir(cwd.c_str()) != 0) ::_exit(127);
    std::vector<char*> argv;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  // Feed stdin (small inputs only) then close it, and drain both outputs without deadlock.
  if (!input.empty()) {
    const char* p = input.data();
    std::size_t left = input.size();
    while (left > 0) {
      const auto n = ::write(in_pipe[1], p, left);
      if (n <= 0) break;
      p += n;
      left -= static_cast<std::size_t>(n);
    }
  }
  ::close(in_pipe[1]);
  Result r;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buffer[65536];
  while (open_fds > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const auto n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

Hub::Hub(const std::string& extra_toml, const std::string& zone) {
  m_dir.write("echo.toml", "[hub]\nname = \"Test Hub\"\ntimezone = \"" + zone + "\"\n" + extra_toml);
}

Result Hub::run(const std::vector<std::string>& args, const std::string& input) const {
  std::vector<std::string> full{"--config", config().string(), "--database", database().string()};
  full.insert(full.end(), args.begin(), args.end());
  return run_echo(full, m_dir.path(), {}, input);
}

Result Hub::raw(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) const {
  return run_echo(args, m_dir.path(), env);
}

std::string Hub::dump() const {
  if (!std::filesystem::exists(database())) return "<no database>";
  SQLite::Database db(database().string(), SQLite::OPEN_READONLY);
  std::ostringstream out;
  out << "user_version " << db.execAndGet("PRAGMA user_version").getInt() << "\n";
  std::vector<std::string> tables;
  SQLite::Statement q(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (q.executeStep()) tables.push_back(q.getColumn(0).getString());
  for (const auto& t : tables) {
    out << "== " << t << "\n";
    SQLite::Statement rows(db, "SELECT * FROM \"" + t + "\" ORDER BY 1");
    while (rows.executeStep()) {
      for (int c = 0; c < rows.getColumnCount(); ++c)
        out << (c ? "|" : "") << (rows.getColumn(c).isNull() ? "NULL" : rows.getColumn(c).getString());
      out << "\n";
    }
  }
  return out.str();
}

std::string Hub::scalar(const std::string& sql) const {
  SQLite::Database db(database().string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, sql);
  if (!q.executeStep()) return "";
  return q.getColumn(0).isNull() ? "NULL" : q.getColumn(0).getString();
}

std::vector<std::string> Hub::rows(const std::string& sql) const {
  SQLite::Database db(database().string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, sql);
  std::vector<std::string> out;
  while (q.executeStep()) {
    std::string line;
    for (int c = 0; c < q.getColumnCount(); ++c)
      line += (c ? "|" : "") + (q.getColumn(c).isNull() ? std::string("NULL") : q.getColumn(c).getString());
    out.push_back(line);
  }
  return out;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::filesystem::path fixture(const std::string& name) { return std::filesystem::path(ECHO_FIXTURES) / name; }
std::filesystem::path example(const std::string& name) { return std::filesystem::path(ECHO_EXAMPLES) / name; }

} // namespace echo::test
