#include "commands/commands.hpp"
#include "context.hpp"
#include "output.hpp"
#include "progress.hpp"

#include "echo/attendance/export_reader.hpp"
#include "echo/participant/import.hpp"
#include "echo/participant/queries.hpp"
#include "echo/participant/service.hpp"
#include "echo/util/text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace echo::cli {

// Named, not anonymous: echo_cli is a unity build, and every command file has its own
// ListOptions and run_list.
namespace participant_cmd {

struct AddOptions {
  std::string name, email, profession, organization, region, actor;
  bool rural = false;
};

struct ListOptions {
  std::string search;
  bool region_unknown = false;
  OutputOptions out;
};

struct ShowOptions {
  std::string who;
  OutputOptions out;
};

struct UpdateOptions {
  std::string who;
  std::optional<std::string> name, email, profession, organization, region;
  bool rural = false, no_rural = false;
  std::string actor;
};

struct MergeOptions {
  std::string from, into, actor, reason;
};

struct AliasOptions {
  std::string who, alias, actor;
};

struct ImportOptions {
  std::string file;
};

struct RemoveOptions {
  std::string who, reason, actor;
  bool anonymise = false;
};

Cell opt_cell(const std::optional<std::string>& v) {
  if (!v) return std::monostate{};
  return *v;
}

void run_add(Context& ctx, const AddOptions& o) {
  const participant::AddRequest req{o.name,   o.email, o.profession,           o.organization,
                                    o.region, o.rural, Context::actor(o.actor)};
  (void)participant::checked(req); // before the database is opened: a bad value creates nothing
  const auto p = participant::add(ctx.db(db::Access::write), req);
  ctx.out(fmt::format("added participant {}: {}{}\n", p.id, p.name, p.email ? " <" + *p.email + ">" : ""));
}

Table participant_table(const std::vector<domain::Participant>& people) {
  Table t;
  t.columns = {"id", "name", "email", "profession", "organization", "region", "rural"};
  for (const auto& p : people)
    t.add({p.id, p.name, opt_cell(p.email), opt_cell(p.profession), opt_cell(p.organization), opt_cell(p.region),
           p.rural});
  return t;
}

void run_list(Context& ctx, const ListOptions& o) {
  auto& database = ctx.db(db::Access::read);
  if (o.region_unknown && ctx.config().regions.empty())
    ctx.warn("no [[regions]] in the config: every region is taken as written, none is unknown");
  const auto rows = participant::list(database, {o.search, o.region_unknown, &ctx.config()});
  emit(ctx, o.out, participant_table(rows), "Participants");
}

void run_show(Context& ctx, const ShowOptions& o) {
  const auto profile = participant::show(ctx.db(db::Access::read), {o.who, ctx.config().attendance_min_minutes});
  const auto& p = profile.participant;
  const auto& aliases = profile.aliases;
  const auto& rows = profile.attendance;
  Document doc;
  auto opt_json = [](const std::optional<std::string>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
  };
  doc.json = {{"id", p.id},
              {"name", p.name},
              {"email", opt_json(p.email)},
              {"profession", opt_json(p.profession)},
              {"organization", opt_json(p.organization)},
              {"region", opt_json(p.region)},
              {"rural", p.rural},
              {"aliases", nlohmann::ordered_json::array()},
              {"attendance", nlohmann::ordered_json::array()}};
  Table alias_table;
  alias_table.columns = {"kind", "value"};
  for (const auto& a : aliases) {
    doc.json["aliases"].push_back({{"kind", a.kind}, {"value", a.value}});
    alias_table.add({a.kind, a.value});
  }
  Table attendance;
  attendance.columns = {"session", "minutes", "role", "eligible", "source"};
  for (const auto& r : rows) {
    doc.json["attendance"].push_back({{"session", r.session},
                                      {"minutes", r.minutes},
                                      {"role", std::string(domain::name(r.role))},
                                      {"eligible", r.eligible},
                                      {"source", std::string(domain::name(r.source))}});
    attendance.add(
        {r.session, r.minutes, std::string(domain::name(r.role)), r.eligible, std::string(domain::name(r.source))});
  }
  Table fields;
  fields.columns = {"field", "value"};
  const auto t = participant_table({p});
  for (std::size_t i = 0; i < t.columns.size(); ++i) fields.add({t.columns[i], t.rows[0][i]});
  doc.sections = {{"participant", fields}, {"aliases", alias_table}, {"attendance", attendance}};
  emit(ctx, o.out, doc, "Participant " + p.name);
}

void run_update(Context& ctx, const UpdateOptions& o) {
  participant::UpdateRequest req;
  req.who = o.who;
  req.name = o.name;
  req.email = o.email;
  req.profession = o.profession;
  req.organization = o.organization;
  req.region = o.region;
  if (o.rural) req.rural = true;
  if (o.no_rural) req.rural = false;
  req.actor = Context::actor(o.actor);
  participant::update(ctx.db(db::Access::write), req);
  ctx.note(fmt::format("updated participant {}", o.who));
}

void run_merge(Context& ctx, const MergeOptions& o) {
  const auto c = participant::merge(ctx.db(db::Access::write), {o.from, o.into, Context::actor(o.actor), o.reason});
  ctx.out(fmt::format("merged {} into {}: {} attendance moved, {} merged, {} session roles, {} cases\n", o.from, o.into,
                      c.attendance_moved, c.attendance_merged, c.roles_moved, c.cases_moved));
}

void run_alias(Context& ctx, const AliasOptions& o) {
  const participant::AliasRequest req{o.who, o.alias, Context::actor(o.actor), ctx.config().attendance_generic_names};
  (void)participant::checked(req);
  const auto r = participant::add_alias(ctx.db(db::Access::write), req);
  ctx.note(r.added ? fmt::format("added {} alias '{}' to {}", r.email ? "email" : "name", r.value, o.who)
                   : fmt::format("{} already has the {} '{}'", o.who, r.email ? "email" : "name", r.value));
}

void run_remove(Context& ctx, const RemoveOptions& o) {
  const auto r =
      participant::remove(ctx.db(db::Access::write), {o.who, o.anonymise, o.reason, Context::actor(o.actor)});
  if (r.anonymised)
    ctx.out(fmt::format("anonymised participant {}: {} attendance row{} kept without name, email, profession, "
                        "organization or aliases\n",
                        r.id, r.attendance_kept, r.attendance_kept == 1 ? "" : "s"));
  else
    ctx.out(fmt::format("removed participant {}\n", r.id));
}

void run_duplicates(Context& ctx, const OutputOptions& out) {
  Table t;
  t.columns = {"id", "name", "email", "other_id", "other_name", "other_email", "reason"};
  for (const auto& d : participant::duplicates(ctx.db(db::Access::read)))
    t.add({d.a.id, d.a.name, opt_cell(d.a.email), d.b.id, d.b.name, opt_cell(d.b.email), d.reason});
  emit(ctx, out, t, "Likely duplicate participants");
}

void run_import(Context& ctx, const ImportOptions& o) {
  auto& database = ctx.db(db::Access::write);
  TerminalProgress progress(ctx, fmt::format("importing {}", o.file));
  const auto r = participant::import_participants(database, o.file, progress.callback());
  ctx.out(fmt::format("{}: {} rows, {} added, {} updated, {} unchanged\n", o.file, r.rows, r.added, r.updated,
                      r.unchanged));
}

} // namespace participant_cmd

void register_participant(CLI::App& app, Context& ctx) {
  using namespace participant_cmd;
  auto* group = app.add_subcommand("participant", "Add, list, update, merge and import participants");

  auto add_opts = std::make_shared<AddOptions>();
  auto* add = group->add_subcommand("add", "Add a participant");
  add->add_option("--name", add_opts->name, "Full name")->required();
  add->add_option("--email", add_opts->email, "Email address (unique, case-insensitive)");
  add->add_option("--profession", add_opts->profession, "Profession, e.g. Nurse Practitioner");
  add->add_option("--organization", add_opts->organization, "Organization, e.g. Kootenay Lake Hospital");
  add->add_option("--region", add_opts->region, "Region or health authority, e.g. Interior Health");
  add->add_flag("--rural", add_opts->rural, "Works in a rural or remote community");
  add->add_option("--actor", add_opts->actor, "Who made the change (default: $USER)");
  add->callback([&ctx, add_opts] { run_add(ctx, *add_opts); });

  auto list_opts = std::make_shared<ListOptions>();
  auto* list = group->add_subcommand("list", "List participants (JSON: id, name, email, profession, organization, "
                                             "region, rural)");
  list->add_option("--search", list_opts->search,
                   "Only those whose name (accent- and case-insensitive), email or organization contains TEXT")
      ->option_text("TEXT");
  list->add_flag("--region-unknown", list_opts->region_unknown,
                 "Only those whose region (not blank) matches no [[regions]] name or alias of the config");
  add_output_options(*list, list_opts->out);
  list->callback([&ctx, list_opts] { run_list(ctx, *list_opts); });

  auto show_opts = std::make_shared<ShowOptions>();
  auto* show = group->add_subcommand("show", "Show a participant, their aliases and attendance");
  show->add_option("P", show_opts->who, "Participant: email (or alias) or id")->required();
  add_output_options(*show, show_opts->out);
  show->callback([&ctx, show_opts] { run_show(ctx, *show_opts); });

  auto update_opts = std::make_shared<UpdateOptions>();
  auto* update = group->add_subcommand("update", "Change a participant's fields (only those given)");
  update->add_option("P", update_opts->who, "Participant: email (or alias) or id")->required();
  update->add_option("--name", update_opts->name, "Full name");
  update->add_option("--email", update_opts->email, "Email address (empty to remove)");
  update->add_option("--profession", update_opts->profession, "Profession (empty to clear)");
  update->add_option("--organization", update_opts->organization, "Organization (empty to clear)");
  update->add_option("--region", update_opts->region, "Region or health authority (empty to clear)");
  auto* rural = update->add_flag("--rural", update_opts->rural, "Works in a rural or remote community");
  update->add_flag("--no-rural", update_opts->no_rural, "Does not work in a rural community")->excludes(rural);
  update->add_option("--actor", update_opts->actor, "Who made the change (default: $USER)");
  update->callback([&ctx, update_opts] { run_update(ctx, *update_opts); });

  auto merge_opts = std::make_shared<MergeOptions>();
  auto* merge = group->add_subcommand(
      "merge", "Merge FROM into INTO: attendance, session roles and cases move; FROM's email and name become "
               "aliases of INTO; FROM is deleted");
  merge->add_option("FROM", merge_opts->from, "Participant to merge away: email or id")->required();
  merge->add_option("INTO", merge_opts->into, "Participant to keep: email or id")->required();
  merge->add_option("--actor", merge_opts->actor, "Who made the change (default: $USER)");
  merge->add_option("--reason", merge_opts->reason, "Why, for the audit log");
  merge->callback([&ctx, merge_opts] { run_merge(ctx, *merge_opts); });

  auto* alias_group = group->add_subcommand("alias", "Other emails and names a participant appears under");
  auto alias_opts = std::make_shared<AliasOptions>();
  auto* alias_add = alias_group->add_subcommand("add", "Add an email alias (text with @) or a name alias");
  alias_add->add_option("P", alias_opts->who, "Participant: email or id")->required();
  alias_add->add_option("NAME_OR_EMAIL", alias_opts->alias, "Other email or name")->required();
  alias_add->add_option("--actor", alias_opts->actor, "Who made the change (default: $USER)");
  alias_add->callback([&ctx, alias_opts] { run_alias(ctx, *alias_opts); });

  auto remove_opts = std::make_shared<RemoveOptions>();
  auto* remove = group->add_subcommand(
      "remove", "Remove a participant (refused while they have attendance, session roles or cases, unless "
                "--anonymise); logged without the personal data");
  remove->add_option("P", remove_opts->who, "Participant: email (or alias) or id")->required();
  remove->add_flag("--anonymise", remove_opts->anonymise,
                   "Keep their attendance, roles and cases, anonymous: name, email, profession, organization and "
                   "aliases are removed; region and rural stay for the figures");
  remove->add_option("--reason", remove_opts->reason, "Why, for the audit log (e.g. a data-protection request)");
  remove->add_option("--actor", remove_opts->actor, "Who made the change (default: $USER)");
  remove->callback([&ctx, remove_opts] { run_remove(ctx, *remove_opts); });

  auto dup_out = std::make_shared<OutputOptions>();
  auto* dup = group->add_subcommand("duplicates", "Likely duplicate people, for merge (JSON: id, name, email, "
                                                  "other_id, other_name, other_email, reason)");
  add_output_options(*dup, *dup_out);
  dup->callback([&ctx, dup_out] { run_duplicates(ctx, *dup_out); });

  auto import_opts = std::make_shared<ImportOptions>();
  auto* imp = group->add_subcommand(
      "import", "Add or update participants from a CSV (header name,email,profession,organization,region,rural; "
                "upsert by email; all rows or none)");
  imp->add_option("FILE", import_opts->file, "CSV file")->required();
  imp->callback([&ctx, import_opts] { run_import(ctx, *import_opts); });
}

} // namespace echo::cli
