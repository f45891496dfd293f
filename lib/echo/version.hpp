#pragma once
// The program's version and the commit it was built from, generated into one translation unit so
// that a version bump or a new commit recompiles one file, not the whole tree.

namespace echo {

// The release version, e.g. "0.1.0".
const char* version() noexcept;
// The abbreviated commit the build tree was configured from, or "unknown" outside a git checkout.
const char* build_commit() noexcept;

} // namespace echo
