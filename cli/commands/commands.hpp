#pragma once
// One subcommand group per file; each adds its CLI11 subcommands to the root app.

namespace CLI {
class App;
}

namespace echo::cli {

class Context;

void register_init(CLI::App& app, Context& ctx);
void register_config(CLI::App& app, Context& ctx);
void register_db(CLI::App& app, Context& ctx);
void register_series(CLI::App& app, Context& ctx);
void register_session(CLI::App& app, Context& ctx);
void register_participant(CLI::App& app, Context& ctx);
void register_attendance(CLI::App& app, Context& ctx);
void register_proposal(CLI::App& app, Context& ctx);
void register_report(CLI::App& app, Context& ctx);
void register_shell(CLI::App& app, Context& ctx);
void register_log(CLI::App& app, Context& ctx);
void register_certificate(CLI::App& app, Context& ctx);
void register_registration(CLI::App& app, Context& ctx);
void register_evaluation(CLI::App& app, Context& ctx);

} // namespace echo::cli
