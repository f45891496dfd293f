#include "echo/attendance/sha256.hpp"

#include <nettle/sha2.h>

#include <array>

namespace echo::attendance {

struct Sha256::State {
  sha256_ctx ctx{};
};

Sha256::Sha256() : m_state(std::make_unique<State>()) { sha256_init(&m_state->ctx); }

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  sha256_update(&m_state->ctx, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
}

std::string Sha256::hex() {
  std::array<std::uint8_t, SHA256_DIGEST_SIZE> digest{};
  sha256_digest(&m_state->ctx, digest.size(), digest.data());
  static const char* const digits = "0123456789abcdef";
  std::string out;
  out.reserve(2 * digest.size());
  for (const auto byte : digest) {
    out += digits[byte >> 4];
    out += digits[byte & 0xf];
  }
  return out;
}

} // namespace echo::attendance
