#pragma once
// Help, version and shell completion: what app.cpp and the `help`, `version` and `completion`
// commands share.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace echo::cli {

class Context;

// The candidates for the last word of `words` (the words after the program name, the last one
// being the word under the cursor, possibly empty): subcommands, options, an option's fixed
// choices, or live values (series codes, session references, emails). A lone "__files__" asks
// the shell to complete file names.
std::vector<std::string> complete_words(CLI::App& root, Context& ctx, const std::vector<std::string>& words);

// The completion script of a shell (bash, zsh or fish) for the program `name`.
std::string completion_script(const std::string& shell, const std::string& name);

// "echo 1.2.0 (commit ..., SQLite ..., schema ...)" without the program name.
std::string version_text();

// "echo session export": the program and the command's path.
std::string path_of(const CLI::App* at, const std::string& program);
// The help of a command with its full path in the usage line.
std::string help_for(const CLI::App* at, const std::string& program,
                     CLI::AppFormatMode mode = CLI::AppFormatMode::Normal);
// `help WORD...`: the help of the command those words name; Error(usage) with a did-you-mean
// for a word that names none.
std::string help_of_words(CLI::App& app, const std::string& program, const std::vector<std::string>& words);
// Every command's help, one after the other (--help-all).
std::string all_help_text(const CLI::App& root, const std::string& program);

// Ends each command's --help with its examples and the global options that apply to it. Called
// before a help is shown; once per run (ctx.help_footers).
void add_help_footers(CLI::App& root, Context& ctx);
// Two or three example command lines for a command path ("session export"), written with
// `program`; empty when the table has none.
std::vector<std::string> help_examples(const std::string& path, const std::string& program);

} // namespace echo::cli
