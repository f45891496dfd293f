#pragma once
// Plug-in modules: the code that needs a heavy library (libical and ICU for ICS schedules,
// cairo, pango and librsvg for certificate PDFs, libxlsxwriter for .xlsx) is built as a shared
// module, echo-NAME.so, and loaded on first use, so that a command that needs none of them does
// not pay for loading them (and their dozens of dependencies) at every start-up.
//
// A module exports one C function, `echo_module_entry`, returning a pointer to its table of
// functions (a struct the module's header defines, e.g. schedule/ics_module.hpp). Modules are
// looked for next to the program as installed (ECHO_MODULE_RELATIVE_DIR from the program's
// directory: ../lib/echoctl), then in the build tree that built it.

#include <string>

namespace echo::util {

// The table of module `name`, loaded once (thread-safe). Throws std::runtime_error (an
// internal error: the installation is broken) when the module cannot be found or loaded.
const void* load_module(const std::string& name);

template <class Table> const Table& module(const std::string& name) {
  return *static_cast<const Table*>(load_module(name));
}

} // namespace echo::util

// Defines the entry point of a module: ECHO_MODULE_ENTRY(table) where `table` is a static object.
#define ECHO_MODULE_ENTRY(table)                                                                                       \
  extern "C" __attribute__((visibility("default"))) const void* echo_module_entry() { return &(table); }
