#include "echo/util/module.hpp"

#include <dlfcn.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <map>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace echo::util {

namespace {

// The directory of the running program (/proc/self/exe), "" when unknown.
std::filesystem::path program_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

std::vector<std::filesystem::path> candidates(const std::string& file) {
  std::vector<std::filesystem::path> out;
  if (const auto dir = program_dir(); !dir.empty()) out.push_back(dir / ECHO_MODULE_RELATIVE_DIR / file);
  out.push_back(std::filesystem::path(ECHO_MODULE_BUILD_DIR) / file);
  return out;
}

const void* open_module(const std::string& name) {
  const std::string file = "echo-" + name + ".so";
  std::string errors;
  for (const auto& path : candidates(file)) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      errors += fmt::format("\n  {}: not found", path.string());
      continue;
    }
    // RTLD_LOCAL: the module's libraries serve it alone; it is never unloaded.
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = ::dlerror();
      errors += fmt::format("\n  {}: {}", path.string(), why ? why : "cannot load");
      continue;
    }
    using Entry = const void* (*)();
    auto entry = reinterpret_cast<Entry>(::dlsym(handle, "echo_module_entry"));
    if (entry == nullptr) {
      errors += fmt::format("\n  {}: no echo_module_entry", path.string());
      ::dlclose(handle);
      continue;
    }
    return entry();
  }
  throw std::runtime_error(fmt::format("cannot load the module {} (a broken installation?):{}", file, errors));
}

} // namespace

const void* load_module(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, const void*> loaded;
  const std::lock_guard lock(mutex);
  auto& table = loaded[name];
  if (table == nullptr) table = open_module(name);
  return table;
}

} // namespace echo::util
