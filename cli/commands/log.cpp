#include "commands/commands.hpp"
#include "context.hpp"
#include "output.hpp"

#include "echo/history/queries.hpp"
#include "echo/util/time.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace echo::cli {

// Named, not anonymous: echo_cli is a unity build.
namespace log_cmd {

struct LogOptions {
  std::string entity;
  std::string since;
  OutputOptions out;
};

struct UndoOptions {
  std::optional<std::int64_t> id;
  std::string actor, reason;
};

// --since: a date (midnight in the hub's zone) or an instant YYYY-MM-DDTHH:MM:SSZ.
std::string since_utc(Context& ctx, const std::string& text) {
  if (text.empty()) return {};
  if (util::parse_utc(text)) return text;
  const auto day = util::date_option(text, "--since");
  const auto* zone = util::find_zone(ctx.config().hub_timezone);
  if (zone == nullptr) throw Error(Exit::config, fmt::format("unknown hub.timezone '{}'", ctx.config().hub_timezone));
  return util::format_utc(util::local_to_utc(*zone, util::make_local(day, std::chrono::seconds(0))).utc);
}

void run_log(Context& ctx, const LogOptions& o) {
  history::LogRequest req;
  req.entity = o.entity;
  req.since_utc = since_utc(ctx, o.since);
  const auto entries = history::log(ctx.db(db::Access::read), req);
  Table t;
  t.columns = {"id", "at", "actor", "action", "entity", "entity_id", "reason", "changes", "undone_by"};
  for (const auto& e : entries)
    t.add({e.id, e.at, e.actor, e.action, e.entity, e.entity_id ? Cell(*e.entity_id) : Cell(std::monostate{}),
           e.reason ? Cell(*e.reason) : Cell(std::monostate{}), e.changes,
           e.undone_by ? Cell(*e.undone_by) : Cell(std::monostate{})});
  emit(ctx, o.out, t, "Log");
}

void run_undo(Context& ctx, const UndoOptions& o) {
  const auto r = history::undo(ctx.db(db::Access::write), {o.id, Context::actor(o.actor), o.reason});
  ctx.out(fmt::format("undid entry {} ({}): {} row{} restored; logged as entry {}\n", r.undone, r.action, r.rows,
                      r.rows == 1 ? "" : "s", r.entry));
}

} // namespace log_cmd

void register_log(CLI::App& app, Context& ctx) {
  using namespace log_cmd;
  auto log_opts = std::make_shared<LogOptions>();
  auto* log = app.add_subcommand("log", "The audit trail: who changed what, when and why (JSON: id, at, actor, action, "
                                        "entity, entity_id, reason, changes, undone_by)");
  log->add_option("--entity", log_opts->entity, "Only entries about this kind (participant) or row (participant:3)")
      ->option_text("KIND[:ID]");
  log->add_option("--since", log_opts->since,
                  "Only entries at or after this date (hub's zone) or instant (YYYY-MM-DDTHH:MM:SSZ)")
      ->option_text("DATE");
  add_output_options(*log, log_opts->out);
  log->callback([&ctx, log_opts] { run_log(ctx, *log_opts); });

  auto undo_opts = std::make_shared<UndoOptions>();
  auto* undo = app.add_subcommand(
      "undo", "Reverse the last change (or entry ID of the log); refused while later changes depend on it");
  undo->add_option("ID", undo_opts->id, "Log entry to undo (default: the latest not undone)");
  undo->add_option("--reason", undo_opts->reason, "Why, for the audit log");
  undo->add_option("--actor", undo_opts->actor, "Who made the change (default: $USER)");
  undo->callback([&ctx, undo_opts] { run_undo(ctx, *undo_opts); });
}

} // namespace echo::cli
