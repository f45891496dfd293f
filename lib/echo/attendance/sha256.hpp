#pragma once
// Incremental SHA-256 (FIPS 180-4) for content hashes of imported files.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace echo::attendance {

class Sha256 {
public:
  Sha256();
  void update(std::string_view bytes);
  // The hex digest; the object must not be updated afterwards.
  std::string hex();

private:
  void block(const unsigned char* p);
  std::array<std::uint32_t, 8> m_h{};
  std::array<unsigned char, 64> m_buf{};
  std::size_t m_buf_len = 0;
  std::uint64_t m_total = 0;
};

} // namespace echo::attendance
