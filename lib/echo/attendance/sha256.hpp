#pragma once
// Incremental SHA-256 for content hashes of imported files: a thin wrapper over GNU Nettle's,
// which uses the CPU's SHA instructions where there are any.

#include <memory>
#include <string>
#include <string_view>

namespace echo::attendance {

class Sha256 {
public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  // The hex digest; the object must not be updated afterwards.
  std::string hex();

private:
  struct State;
  std::unique_ptr<State> m_state;
};

} // namespace echo::attendance
