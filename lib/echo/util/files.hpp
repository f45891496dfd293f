#pragma once
// File helpers: whole-file reads with clear errors, atomic writes, private (0600) files.

#include "echo/error.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace echo::util {

// The whole file; Error(no_input) naming the path when missing or unreadable.
std::string read_file(const std::filesystem::path& path);
// Writes `content` to a temp file in the same directory, then renames it over `path`, so a
// reader never sees half a file. `mode` is a new file's permission bits (under the umask); a
// replaced file keeps its own. A symlink's target is replaced, not the link; a pipe or device
// (/dev/stdout, a FIFO) is written in place. Error(cant_create).
void write_file_atomic(const std::filesystem::path& path, std::string_view content, unsigned mode = 0644);

// write_file_atomic in pieces, for output written as it is produced (a report streaming its
// rows): the same temp file, permissions and links; commit() renames it over the path. A file
// not committed (an error, an exception) is removed, and the path is left as it was.
class AtomicFile {
public:
  explicit AtomicFile(const std::filesystem::path& path, unsigned mode = 0644);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  void write(std::string_view content);
  void commit();

private:
  enum class Kind { descriptor, device, temp };
  Error fail(int err, const char* what);
  std::filesystem::path m_path;
  std::filesystem::path m_target;
  std::filesystem::path m_temp;
  int m_fd = -1;
  Kind m_kind = Kind::temp;
  bool m_chmod = false;
  unsigned m_mode = 0644;
};
// Writes many files into one existing directory, each atomically (temp file, then rename), with
// one filesystem sync for all of them instead of one per file (a thousand certificates). A
// file that exists is replaced. On an error every temp file is removed; files renamed before
// it stay. Error(cant_create).
void write_files_atomic(const std::filesystem::path& dir,
                        const std::vector<std::pair<std::string, std::string>>& name_content, unsigned mode = 0600);
// Creates an empty file with mode 0600 if it does not exist (parents too). Error(cant_create).
void create_private_file(const std::filesystem::path& path);
// A unique temp path next to `path` (same directory, so rename is atomic).
std::filesystem::path sibling_temp_path(const std::filesystem::path& path);
// Removes the temporary siblings of `path` (sibling_temp_path names) left by a process that no
// longer runs (killed during a backup or an atomic write). Errors are ignored.
void remove_stale_temps(const std::filesystem::path& path) noexcept;
// Expands a leading "~/" with $HOME.
std::filesystem::path expand_home(const std::string& path);

} // namespace echo::util
