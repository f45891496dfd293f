#include "echo/util/files.hpp"

#include "echo/error.hpp"

#include <fmt/format.h>

#include <cerrno>
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

void write_file_atomic(const fs::path& path, std::string_view content, unsigned mode) {
  const auto temp = sibling_temp_path(path.empty() ? fs::path("out") : path);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) throw Error(Exit::cant_create, fmt::format("cannot create {}: {}", path.string(), std::strerror(errno)));
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const auto n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      throw Error(Exit::cant_create, fmt::format("cannot write {}: {}", path.string(), std::strerror(err)));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw Error(Exit::cant_create, fmt::format("cannot write {}: {}", path.string(), std::strerror(err)));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw Error(Exit::cant_create, fmt::format("cannot create {}: {}", path.string(), std::strerror(err)));
  }
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
