#include "echo/util/files.hpp"

#include "echo/error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace echo::util {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw Error(Exit::no_input, fmt::format("{}: is a directory", path.string()));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Exit::no_input, fmt::format("cannot read {}: {}", path.string(), std::strerror(errno)));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error(Exit::no_input, fmt::format("cannot read {}: read error", path.string()));
  return buffer.str();
}

fs::path sibling_temp_path(const fs::path& path) {
  static std::mt19937_64 rng{std::random_device{}()};
  const auto name = fmt::format(".{}.tmp-{}-{:x}", path.filename().string(), ::getpid(), rng() & 0xffffffULL);
  return path.parent_path() / name;
}

void remove_stale_temps(const fs::path& path) noexcept {
  try {
    const auto prefix = "." + path.filename().string() + ".tmp-";
    const auto dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const auto name = entry.path().filename().string();
      if (!name.starts_with(prefix)) continue;
      // ".NAME.tmp-PID-HEX": the writer's process id, gone when kill(pid, 0) says ESRCH.
      const auto rest = name.substr(prefix.size());
      const auto dash = rest.find('-');
      if (dash == std::string::npos || dash == 0) continue;
      long pid = 0;
      for (char c : rest.substr(0, dash)) {
        if (c < '0' || c > '9' || pid > 100000000) {
          pid = 0;
          break;
        }
        pid = pid * 10 + (c - '0');
      }
      if (pid <= 0 || pid == ::getpid()) continue;
      if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove(entry.path(), ec);
    }
  } catch (...) {
    // Cleaning up is best effort.
  }
}

namespace {

void write_all(int fd, std::string_view content, const fs::path& path) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const auto n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(Exit::cant_create, fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

} // namespace

namespace {

// The descriptor a name such as /dev/stdout or /dev/fd/3 stands for, or -1. Those names are
// links to whatever the descriptor is open on, a log file included (`>> log` in a cron line):
// opened by name and replaced, the log would be lost; written through the descriptor, the
// shell's redirection (append included) holds.
int descriptor_named(const std::string& name) {
  if (name == "/dev/stdout") return 1;
  if (name == "/dev/stderr") return 2;
  for (const char* prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    const std::string_view p(prefix);
    if (name.size() > p.size() && name.compare(0, p.size(), p) == 0) {
      int fd = 0;
      for (char c : name.substr(p.size())) {
        if (c < '0' || c > '9' || fd > 100000) return -1;
        fd = fd * 10 + (c - '0');
      }
      return fd;
    }
  }
  return -1;
}

} // namespace

AtomicFile::AtomicFile(const fs::path& path, unsigned mode) : m_path(path.empty() ? fs::path("out") : path) {
  fs::path target = m_path;
  if (const int fd = descriptor_named(target.string()); fd >= 0) {
    if (::fcntl(fd, F_GETFD) < 0)
      throw Error(Exit::cant_create, fmt::format("cannot write {}: {}", target.string(), std::strerror(errno)));
    m_fd = fd;
    m_kind = Kind::descriptor;
    return;
  }
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) {
      // A pipe, terminal or device (/dev/stdout, a FIFO) is written in place: renaming a file
      // over it would replace the device node instead of writing to it.
      m_fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
      if (m_fd < 0)
        throw Error(Exit::cant_create, fmt::format("cannot write {}: {}", target.string(), std::strerror(errno)));
      m_kind = Kind::device;
      return;
    }
    // Replacing a file keeps its permissions; through a symlink, the file it points to is
    // replaced and the link stays.
    mode = st.st_mode & 07777;
    m_chmod = true;
    std::error_code ec;
    const auto resolved = fs::canonical(target, ec);
    if (!ec) target = resolved;
  } else {
    struct stat lst {};
    if (::lstat(target.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
      std::error_code ec;
      const auto resolved = fs::weakly_canonical(target, ec); // a dangling link: create its target
      if (!ec) target = resolved;
    }
  }
  remove_stale_temps(target);
  m_target = target;
  m_temp = sibling_temp_path(target);
  m_mode = mode;
  m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
  if (m_fd < 0)
    throw Error(Exit::cant_create, fmt::format("cannot create {}: {}", m_path.string(), std::strerror(errno)));
  m_kind = Kind::temp;
}

AtomicFile::~AtomicFile() {
  if (m_kind == Kind::temp && m_fd >= 0) {
    ::close(m_fd);
    ::unlink(m_temp.c_str());
  } else if (m_kind == Kind::device && m_fd >= 0) {
    ::close(m_fd);
  }
}

Error AtomicFile::fail(int err, const char* what) {
  if (m_kind == Kind::temp) {
    ::close(m_fd);
    ::unlink(m_temp.c_str());
    m_fd = -1;
  }
  return Error(Exit::cant_create, fmt::format("cannot {} {}: {}", what, m_path.string(), std::strerror(err)));
}

void AtomicFile::write(std::string_view content) {
  if (m_kind != Kind::temp) {
    write_all(m_fd, content, m_path);
    return;
  }
  try {
    write_all(m_fd, content, m_path);
  } catch (const Error&) {
    throw fail(errno, "write");
  }
}

void AtomicFile::commit() {
  if (m_kind == Kind::descriptor) {
    m_fd = -1;
    return;
  }
  if (m_kind == Kind::device) {
    ::close(m_fd);
    m_fd = -1;
    return;
  }
  if (m_chmod && ::fchmod(m_fd, static_cast<mode_t>(m_mode)) != 0) throw fail(errno, "set the mode of");
  if (::fsync(m_fd) != 0) throw fail(errno, "write");
  const int fd = m_fd;
  m_fd = -1;
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(m_temp.c_str());
    throw Error(Exit::cant_create, fmt::format("cannot write {}: {}", m_path.string(), std::strerror(err)));
  }
  if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
    const int err = errno;
    ::unlink(m_temp.c_str());
    throw Error(Exit::cant_create, fmt::format("cannot create {}: {}", m_path.string(), std::strerror(err)));
  }
}

void write_file_atomic(const fs::path& path, std::string_view content, unsigned mode) {
  AtomicFile file(path, mode);
  file.write(content);
  file.commit();
}

void write_files_atomic(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& name_content,
                        unsigned mode) {
  std::vector<fs::path> temps;
  auto cleanup = [&] {
    for (const auto& t : temps) ::unlink(t.c_str());
  };
  auto fail = [&](const fs::path& path, int err, const char* what) {
    cleanup();
    return Error(Exit::cant_create, fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(err)));
  };
  for (const auto& [name, content] : name_content) {
    const auto path = dir / name;
    const auto temp = sibling_temp_path(path);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd < 0) throw fail(path, errno, "create");
    temps.push_back(temp);
    try {
      write_all(fd, content, path);
    } catch (const Error&) {
      const int err = errno;
      ::close(fd);
      throw fail(path, err, "write");
    }
    if (::close(fd) != 0) throw fail(path, errno, "write");
  }
  // One sync of the filesystem holding them all, then the renames and the directory.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) throw fail(dir, errno, "open the directory");
  if (::syncfs(dfd) != 0) {
    const int err = errno;
    ::close(dfd);
    throw fail(dir, err, "write");
  }
  for (std::size_t i = 0; i < temps.size(); ++i) {
    const auto path = dir / name_content[i].first;
    if (::rename(temps[i].c_str(), path.c_str()) != 0) {
      const int err = errno;
      ::close(dfd);
      temps.erase(temps.begin(), temps.begin() + static_cast<std::ptrdiff_t>(i));
      throw fail(path, err, "create");
    }
  }
  ::fsync(dfd);
  ::close(dfd);
}

void create_private_file(const fs::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw Error(Exit::cant_create, fmt::format("cannot create {}: {}", path.string(), std::strerror(errno)));
  ::close(fd);
}

fs::path expand_home(const std::string& path) {
  if (path == "~" || path.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    if (home && *home) return fs::path(home) / path.substr(path.size() > 1 ? 2 : 1);
  }
  return fs::path(path);
}

} // namespace echo::util
